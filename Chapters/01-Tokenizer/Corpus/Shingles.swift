import Tokenizer

/// A document as a set of *shingles*: overlapping runs of n words, each
/// stored as a 64-bit hash. Two documents that share most of their shingles
/// share most of their text, in the same order; the Jaccard similarity
/// |A ∩ B| / |A ∪ B| of the sets is the standard near-duplicate score.
///
/// The hashes are kept sorted and unique, so intersecting two sets is one
/// linear merge, and a set is just an array (8 bytes a shingle: about
/// 240 kB for a play's 30 000 shingles).
public struct Shingles: Sendable, Equatable {
    /// Sorted, distinct shingle hashes.
    public let hashes: [UInt64]

    /// The set of `hashes`, given in any order, with repeats.
    public init(hashes: [UInt64]) {
        var unique: [UInt64] = []
        for hash in hashes.sorted() where unique.last != hash { unique.append(hash) }
        self.hashes = unique
    }

    public var count: Int { hashes.count }

    // listing: shingles
    /// The spelling-folded word n-grams of `text` (see `SpellingFold`): the
    /// n skeletons joined by spaces, hashed. Folding is what lets a First
    /// Folio text and a modern edition of a play share most of their
    /// shingles; n = 3 words keeps common phrases of two words from making
    /// unrelated plays look alike, while each spelling difference that
    /// folding leaves spoils only three shingles.
    public init(_ text: String, n: Int = 3) {
        var window: [[UInt8]] = []          // the last n words' skeletons
        var hashes: [UInt64] = []
        forEachWord(in: text) { word in
            var skeleton: [UInt8] = []
            for byte in word {
                SpellingFold.appendSkeleton(of: byte, to: &skeleton)
            }
            guard !skeleton.isEmpty else { return }      // "I", "a", "you"
            window.append(skeleton)
            if window.count > n { window.removeFirst() }
            guard window.count == n else { return }
            let shingle = window.joined(separator: [UInt8(ascii: " ")])
            hashes.append(Hash64.mix(Hash64.fnv1a(shingle)))
        }
        self.init(hashes: hashes)
    }
    // end listing

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
}

/// Calls `body` with each word of `text` as UTF-8 bytes, without making
/// strings: a word is a run of ASCII letters, digits and non-ASCII bytes
/// (letters such as æ, and also curly quotes, which therefore cling to
/// their word); apostrophes inside a word are skipped ("who's" is one word,
/// as "whose" would be); everything else separates words.
private func forEachWord(in text: String, _ body: ([UInt8]) -> Void) {
    var word: [UInt8] = []
    for byte in text.utf8 {
        let lower = byte | 0x20
        if (lower >= 0x61 && lower <= 0x7a) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80 {
            word.append(byte)
        } else if byte == UInt8(ascii: "'") && !word.isEmpty {
            continue
        } else if !word.isEmpty {
            body(word)
            word.removeAll(keepingCapacity: true)
        }
    }
    if !word.isEmpty { body(word) }
}
