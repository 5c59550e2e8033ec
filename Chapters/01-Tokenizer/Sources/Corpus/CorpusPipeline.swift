import Book
import Foundation

/// Every stage of building the corpus, kept for the book's tables and
/// figures.
public struct CorpusBuild: Sendable {
    /// The files as read, with work ids.
    public var corpus: ShakespeareCorpus
    public var cleaned: [Document]
    public var cleaning: CleaningReport
    /// After the quality rules.
    public var filtered: [Document]
    public var quality: QualityReport
    public var deduplication: DeduplicationResult
    public var split: CorpusSplit
    /// (stage, seconds), in order.
    public var timings: [(stage: String, seconds: Double)]

    /// Words per document as loaded: the length histogram (80 values).
    public var wordsPerDocument: [Double] {
        corpus.documents.map { Double($0.wordCount) }
    }

    /// Document ids grouped by work (editions of a play side by side),
    /// then by edition: the rows and columns of the similarity heatmap.
    public var similarityOrder: [String] {
        let edition: [Edition] = [.modern, .firstFolio, .reference]
        return filtered.sorted {
            ($0.workID, edition.firstIndex(of: $0.edition)!, $0.id)
                < ($1.workID, edition.firstIndex(of: $1.edition)!, $1.id)
        }.map(\.id)
    }

    /// Estimated Jaccard similarity of every pair of filtered documents, in
    /// `similarityOrder`. Shape [n][n].
    public var similarityMatrix: [[Double]] {
        deduplication.similarityMatrix(order: similarityOrder)
    }
}

/// The chapter's data pipeline: load → clean → filter → de-duplicate →
/// split. Writing the files is separate (`CorpusWriter`), so a notebook can
/// inspect every stage first.
public enum CorpusPipeline {
    // listing: pipeline
    public static func run(from root: URL, validationFraction: Double = 0.1,
                           seed: UInt64 = 1) throws -> CorpusBuild {
        var timings: [(stage: String, seconds: Double)] = []
        func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
            let clock = Stopwatch()
            defer { timings.append((stage, clock.seconds)) }
            return try body()
        }
        let corpus = try timed("load and pair editions") {
            try ShakespeareCorpus.load(from: root)
        }
        let (cleaned, cleaning) = timed("clean") {
            CorpusCleaner.clean(corpus.documents)
        }
        let (filtered, quality) = timed("quality filter") {
            QualityFilter().apply(to: cleaned)
        }
        let deduplication = timed("de-duplicate") {
            Deduplicator().run(filtered)
        }
        let split = timed("split") {
            CorpusSplit.byWork(deduplication.kept,
                               validationFraction: validationFraction,
                               seed: seed)
        }
        return CorpusBuild(corpus: corpus, cleaned: cleaned, cleaning: cleaning,
                           filtered: filtered, quality: quality,
                           deduplication: deduplication, split: split,
                           timings: timings)
    }
    // end listing
}
