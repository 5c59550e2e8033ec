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
public struct LSHIndex: Sendable {
    public let bands: Int
    public let rows: Int
    /// One table per band: the band's r values, hashed → documents.
    private var tables: [[UInt64: [Int]]]

    public init(bands: Int, rows: Int) {
        precondition(bands > 0 && rows > 0, "bands and rows must be positive")
        self.bands = bands
        self.rows = rows
        tables = Array(repeating: [:], count: bands)
    }

    /// The signature length this index expects: bands × rows.
    public var signatureLength: Int { bands * rows }

    /// (1/b)^(1/r): the similarity at which P(candidate) is about ½ (for the
    /// 40 × 3 index the book uses, 0.29).
    public var threshold: Double { pow(1 / Double(bands), 1 / Double(rows)) }

    /// The S-curve: the probability that two documents with Jaccard
    /// similarity `s` share at least one band.
    public func candidateProbability(jaccard s: Double) -> Double {
        1 - pow(1 - pow(s, Double(rows)), Double(bands))
    }

    // listing: lsh-bands
    /// Files document `id` under each of its b band keys.
    public mutating func insert(_ signature: [UInt64], id: Int) {
        precondition(signature.count == signatureLength,
                     "signature has \(signature.count) values, "
                     + "the index needs \(bands) bands × \(rows) rows")
        for band in 0..<bands {
            var key = Hash64.fnvOffset
            for row in band * rows..<(band + 1) * rows {
                key = Hash64.fnv1a(continuing: key, with: signature[row])
            }
            tables[band][key, default: []].append(id)
        }
    }

    /// Every pair (i < j) that shares at least one bucket, sorted, each once.
    public func candidatePairs() -> [(Int, Int)] {
        var pairs = Set<Pair>()
        for table in tables {
            for bucket in table.values where bucket.count > 1 {
                for x in 0..<bucket.count {
                    for y in x + 1..<bucket.count {
                        let (i, j) = (bucket[x], bucket[y])
                        pairs.insert(Pair(first: min(i, j), second: max(i, j)))
                    }
                }
            }
        }
        return pairs.sorted().map { ($0.first, $0.second) }
    }
    // end listing

    private struct Pair: Hashable, Comparable {
        var first: Int
        var second: Int
        static func < (x: Pair, y: Pair) -> Bool {
            (x.first, x.second) < (y.first, y.second)
        }
    }
}
