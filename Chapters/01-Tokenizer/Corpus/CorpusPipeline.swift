import Foundation

/// Every stage of building the corpus, kept for the book's tables and
/// figures.
public struct CorpusBuild: Sendable {
    /// The files as read.
    public var documents: [Document]
    public var cleaned: [Document]
    public var cleaning: CleaningReport
    /// After the quality rules.
    public var filtered: [Document]
    public var quality: QualityReport
    public var deduplication: DeduplicationResult
    public var split: CorpusSplit
}

/// The chapter's data pipeline: load → clean → filter → de-duplicate →
/// split. Writing the files is separate (`CorpusSplit.write(to:)`), so a
/// notebook can inspect every stage first.
public enum CorpusPipeline {
    // listing: pipeline
    public static func run(from root: URL) throws -> CorpusBuild {
        let documents = try ShakespeareCorpus.load(from: root)
        let (cleaned, cleaning) = CorpusCleaner.clean(documents)
        let (filtered, quality) = QualityFilter().apply(to: cleaned)
        let deduplication = Deduplicator().run(filtered)
        let split = CorpusSplit(works: deduplication.kept,
                                validationFraction: 0.1, seed: 1)
        return CorpusBuild(documents: documents, cleaned: cleaned,
                           cleaning: cleaning, filtered: filtered,
                           quality: quality, deduplication: deduplication,
                           split: split)
    }
    // end listing
}
