/// One piece of text a quality rule removed.
public struct QualityRemoval: Sendable, Equatable {
    public var rule: QualityRule
    public var documentID: String
    /// The removed line or block; for a document, its first 200 characters.
    public var text: String
    public var bytes: Int
}

/// A document's measures and verdict, for the book's table.
public struct DocumentQuality: Sendable, Equatable {
    public var documentID: String
    public var bytesBefore: Int
    /// After line and block removals (0 if the document was dropped).
    public var bytesAfter: Int
    public var stats: RepetitionStats
    /// Document rules it failed; empty if kept.
    public var failed: [QualityRule]
}

/// What the quality filter removed, rule by rule, with real examples.
public struct QualityReport: Sendable, Equatable {
    public struct Tally: Sendable, Equatable {
        /// Lines, blocks or documents removed.
        public var units = 0
        public var bytes = 0
        /// Up to `QualityReport.maxExamples`, from different documents first.
        public var examples: [QualityRemoval] = []
    }

    public static let maxExamples = 4
    public var tallies: [QualityRule: Tally] = [:]
    public var documents: [DocumentQuality] = []
    public var bytesBefore = 0
    public var bytesAfter = 0

    public init() {}

    public var droppedDocuments: [DocumentQuality] {
        documents.filter { !$0.failed.isEmpty }
    }

    mutating func record(_ removal: QualityRemoval) {
        var tally = tallies[removal.rule, default: Tally()]
        tally.units += 1
        tally.bytes += removal.bytes
        let fromNewDocument = !tally.examples.contains { $0.documentID == removal.documentID }
        if tally.examples.count < Self.maxExamples && fromNewDocument {
            var example = removal
            example.text = String(example.text.prefix(200))
            tally.examples.append(example)
        }
        tallies[removal.rule] = tally
    }

    /// The largest value of a measure over the kept documents: how close
    /// real text came to each threshold.
    public func maximum(_ measure: (RepetitionStats) -> Double) -> (Double, String)? {
        documents.filter { $0.failed.isEmpty }
            .map { (measure($0.stats), $0.documentID) }
            .max { $0.0 < $1.0 }
    }
}
