import Foundation

/// Locality-sensitive hashing over MinHash signatures: finds the pairs of
/// documents that are *likely* similar without comparing every pair.
///
/// A signature of b·r values is cut into b *bands* of r rows. Two documents
/// become a candidate pair if, in at least one band, all r of their values
/// agree; each band is one hash-table lookup. If the documents' Jaccard
/// similarity is s, one band agrees with probability sʳ, so
///
///     P(candidate) = 1 − (1 − sʳ)ᵇ,
///
/// an S-shaped curve that rises most steeply near the threshold
/// t ≈ (1/b)^(1/r). Pairs well above t are almost surely found, pairs well
/// below almost never; every candidate is then verified with the exact
/// Jaccard similarity, so LSH only has to avoid *missing* true pairs.
///
/// The formula holds for each pair, but pairs do not become candidates
/// independently: a bucket that k documents share makes k(k − 1)/2 pairs
/// at once, so false candidates come in clumps.
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    /// One table per band: a band's r values → the documents that have them.
    private var tables: [[[UInt64]: [Int]]]

    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0, "bands and rows must be positive")
        self.bands = bands
        self.rows = rows
        tables = Array(repeating: [:], count: bands)
    }

    /// The signature length this index expects: bands × rows.
    public var signatureLength: Int { bands * rows }

    /// (1/b)^(1/r): about where the S-curve crosses ½.
    public var threshold: Double { pow(1 / Double(bands), 1 / Double(rows)) }

    /// The S-curve: the probability that two documents with Jaccard
    /// similarity `s` share at least one band.
    public func candidateProbability(jaccard s: Double) -> Double {
        1 - pow(1 - pow(s, Double(rows)), Double(bands))
    }

    // listing: lsh-bands
    /// Files document `id` under each of its b bands.
    public mutating func insert(_ signature: [UInt64], id: Int) {
        precondition(signature.count == signatureLength,
                     "signature has \(signature.count) values, "
                     + "the index needs \(bands) bands × \(rows) rows")
        for band in 0..<bands {
            let values = Array(signature[band * rows..<(band + 1) * rows])
            tables[band][values, default: []].append(id)
        }
    }

    /// Every bucket that holds more than one document: its band and its
    /// documents, in order.
    public var sharedBuckets: [(band: Int, ids: [Int])] {
        tables.indices.flatMap { band in
            tables[band].values.filter { $0.count > 1 }.map { (band, $0.sorted()) }
        }.sorted { ($0.band, $0.ids[0]) < ($1.band, $1.ids[0]) }
    }

    /// Every pair (i < j) that shares at least one bucket, sorted, each once.
    public func candidatePairs() -> [(Int, Int)] {
        var pairs = Set<[Int]>()
        for (_, ids) in sharedBuckets {
            for x in ids.indices {
                for y in ids.indices where y > x { pairs.insert([ids[x], ids[y]]) }
            }
        }
        return pairs.sorted { $0.lexicographicallyPrecedes($1) }
            .map { ($0[0], $0[1]) }
    }
    // end listing
}
