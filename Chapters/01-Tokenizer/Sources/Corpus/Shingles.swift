/// A document as a set of *shingles*: overlapping runs of n words, each
/// stored as a 64-bit hash. Two documents that share most of their shingles
/// share most of their text, in the same order; Jaccard similarity
/// |A ∩ B| / |A ∪ B| of the sets is the standard near-duplicate score.
///
/// The hashes are kept sorted and unique, so intersecting two sets is one
/// linear merge, and a set is just an array (8 bytes a shingle: about
/// 240 kB for a play's 30 000 shingles).
public struct Shingles: Sendable, Equatable {
    /// Sorted, distinct shingle hashes.
    public let hashes: [UInt64]

    public init(sortedUniqueHashes hashes: [UInt64]) { self.hashes = hashes }

    /// Builds the set from hashes in any order, with repeats.
    public init(hashes: [UInt64]) {
        var sorted = hashes
        sorted.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(sorted.count)
        for hash in sorted where unique.last != hash { unique.append(hash) }
        self.hashes = unique
    }

    public var count: Int { hashes.count }

    // listing: folded-shingles
    /// Spelling-folded word n-grams: the shingles that let the First Folio
    /// and a modern edition of a play match (see `SpellingFold`).
    ///
    /// Why n = 3 words: measured on this corpus (the book's table), modern
    /// and Folio editions share 46–77% of their folded 3-grams (62–77% when
    /// both are complete), unrelated plays at most 3%. With 2-grams,
    /// unrelated plays already share 11–13% (common phrases); with 4-grams
    /// each spelling difference left after folding spoils four shingles
    /// instead of three.
    public static func foldedWords(_ text: String, n: Int = 3) -> Shingles {
        var window = [UInt64](repeating: 0, count: n)   // last n word hashes
        var seen = 0
        var hashes: [UInt64] = []
        var skeleton: [UInt8] = []
        WordScanner.forEachWord(in: Array(text.utf8)) { word in
            skeleton.removeAll(keepingCapacity: true)
            for byte in word {
                SpellingFold.appendSkeleton(of: byte, to: &skeleton)
            }
            guard !skeleton.isEmpty else { return }     // "I", "a", "you"
            window[seen % n] = Hash64.fnv1a(skeleton)
            seen += 1
            guard seen >= n else { return }
            var hash = Hash64.fnvOffset                  // the n words in order
            for k in 0..<n {
                let word = window[(seen + k) % n]
                hash = Hash64.fnv1a(continuing: hash, with: word)
            }
            hashes.append(Hash64.mix(hash))
        }
        return Shingles(hashes: hashes)
    }
    // end listing

    /// Lowercased word n-grams (letters and digits; punctuation ignored): the
    /// usual shingles for comparing two renderings of one text, as the
    /// Britannica article's HTML and plain-text versions. n = 5 words is
    /// long enough that two unrelated English texts share almost none.
    public static func words(_ text: String, n: Int = 5) -> Shingles {
        var window = [UInt64](repeating: 0, count: n)
        var seen = 0
        var hashes: [UInt64] = []
        var lower: [UInt8] = []
        WordScanner.forEachWord(in: Array(text.utf8)) { word in
            lower.removeAll(keepingCapacity: true)
            for byte in word {
                let isUpper = byte >= 0x41 && byte <= 0x5a
                lower.append(isUpper ? byte | 0x20 : byte)
            }
            window[seen % n] = Hash64.fnv1a(lower)
            seen += 1
            guard seen >= n else { return }
            var hash = Hash64.fnvOffset
            for k in 0..<n { hash = Hash64.fnv1a(continuing: hash,
                                                  with: window[(seen + k) % n]) }
            hashes.append(Hash64.mix(hash))
        }
        return Shingles(hashes: hashes)
    }

    /// |A ∩ B|, by merging the two sorted arrays.
    public func intersectionCount(_ other: Shingles) -> Int {
        var i = 0, j = 0, common = 0
        let a = hashes, b = other.hashes
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                common += 1; i += 1; j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return common
    }

    /// Jaccard similarity |A ∩ B| / |A ∪ B| in [0, 1]; two empty sets are 0.
    public func jaccard(_ other: Shingles) -> Double {
        let common = intersectionCount(other)
        let union = count + other.count - common
        return union == 0 ? 0 : Double(common) / Double(union)
    }

    /// |A ∩ B| / |A|: how much of this document the other contains. An
    /// incomplete copy has a low Jaccard score but a high containment.
    public func containment(in other: Shingles) -> Double {
        count == 0 ? 0 : Double(intersectionCount(other)) / Double(count)
    }
}
