/// What de-duplication found and decided, with the data for the book's
/// figures.
public struct DeduplicationResult: Sendable {
    /// One document per cluster, sorted by id.
    public var kept: [Document]
    public var dropped: [DroppedDocument]
    /// Every pair LSH proposed, verified; `isDuplicate` marks the accepted.
    public var candidates: [CandidatePair]
    /// The input documents' ids, in input order.
    public var documentIDs: [String]
    /// Their MinHash signatures, in the same order. Shape [documents][k].
    public var signatures: [[UInt64]]

    /// The MinHash estimate of the Jaccard similarity of every pair of
    /// input documents, as a symmetric matrix in the order of `order` (ids;
    /// the default is input order): the figure's heatmap. Shape [n][n].
    public func similarityMatrix(order: [String]? = nil) -> [[Double]] {
        let position = Dictionary(uniqueKeysWithValues: documentIDs.enumerated()
            .map { ($1, $0) })
        let rows = (order ?? documentIDs).compactMap { position[$0] }
        return rows.map { i in
            rows.map { j in
                i == j ? 1 : MinHash.estimatedJaccard(signatures[i], signatures[j])
            }
        }
    }

    /// The estimate for every unordered pair of documents (n(n−1)/2
    /// values): the histogram that shows the gap between unrelated texts
    /// and editions of one work.
    public func pairwiseEstimates() -> [Double] {
        var values: [Double] = []
        for i in signatures.indices {
            for j in signatures.indices where j > i {
                values.append(MinHash.estimatedJaccard(signatures[i], signatures[j]))
            }
        }
        return values
    }

    /// The accepted pairs, most similar first.
    public var duplicates: [CandidatePair] {
        candidates.filter(\.isDuplicate).sorted { $0.jaccard > $1.jaccard }
    }
}
