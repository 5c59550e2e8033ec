/// Two adjacent tokens that a merge turns into one new token. Pairs compare
/// by `left`, then `right`: the order that breaks ties between equally
/// frequent pairs during training.
public struct TokenPair: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let left: Int
    public let right: Int

    public init(_ left: Int, _ right: Int) {
        self.left = left
        self.right = right
    }

    public static func < (a: TokenPair, b: TokenPair) -> Bool {
        (a.left, a.right) < (b.left, b.right)
    }

    public var description: String { "(\(left), \(right))" }
}

/// Replaces every occurrence of `pair` in `ids` by `id`, left to right, so
/// that in `a a a` the pair `(a, a)` becomes `X a`, never `a X`.
// listing: merge
public func merging(_ pair: TokenPair, into id: Int, in ids: [Int]) -> [Int] {
    var merged: [Int] = []
    merged.reserveCapacity(ids.count)
    var i = 0
    while i < ids.count {
        if i + 1 < ids.count, ids[i] == pair.left, ids[i + 1] == pair.right {
            merged.append(id)
            i += 2
        } else {
            merged.append(ids[i])
            i += 1
        }
    }
    return merged
}
// end listing

/// A tokenizer cannot be made as asked: a vocabulary too small for the bytes
/// and special tokens, or a malformed tokenizer file (which `init(contentsOf:)`
/// reports as a `FileError` naming the file and line).
public struct TokenizerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Byte-level BPE training, as GPT-2 introduced it and GPT-4 uses it: the text
/// is cut into pieces by the cl100k pattern (`Pretokenizer`), each piece
/// starts as its UTF-8 bytes (ids 0–255), and each step merges the most
/// frequent pair of adjacent tokens inside a piece into a new token, with
/// ids 256, 257, … in the order the merges are made. Merges never cross a
/// piece boundary, so no token spans a space and a word, or a word and a
/// punctuation mark. The special tokens get the ids after the last merge.
///
/// Ties between equally frequent pairs go to the smallest pair, comparing
/// the left ids and then the right ones (as Hugging Face's trainer does), so
/// training gives the same merges on every run and platform. minbpe instead
/// takes whichever tied pair Python's dict saw first.
///
/// `vocabularySize` counts every id: 256 bytes + merges + special tokens.
/// Training stops early if no piece has two tokens left to merge.
public enum BPETrainer {
    /// The GPT-4 pattern's pieces of `text` and how often each occurs.
    /// Special tokens in the text are cut out, so nothing merges across them.
    public static func pieceCounts(
        in text: String, specialTokens: [String] = []
    ) -> [[UInt8]: Int] {
        var counts: [[UInt8]: Int] = [:]
        for segment in ordinarySegments(of: text, specialTokens: specialTokens) {
            segment.withUnsafeBufferPointer { bytes in
                for range in Pretokenizer.split(bytes) {
                    counts[Array(bytes[range]), default: 0] += 1
                }
            }
        }
        return counts
    }

    /// The number of merges that give `vocabularySize` ids in all.
    static func mergeCount(vocabularySize: Int, specialTokens: [String]) throws -> Int {
        let least = 256 + specialTokens.count
        guard vocabularySize >= least else {
            throw TokenizerError("a vocabulary of \(vocabularySize) tokens cannot "
                + "hold the 256 bytes and \(specialTokens.count) special tokens")
        }
        return vocabularySize - least
    }

    /// Trains on `text` with incremental pair counts; see `train(pieceCounts:)`.
    public static func train(
        _ text: String, vocabularySize: Int,
        specialTokens: [String] = BPETokenizer.defaultSpecialTokens,
        progress: ((_ merges: Int, _ total: Int) -> Void)? = nil
    ) throws -> BPETokenizer {
        try train(pieceCounts: pieceCounts(in: text, specialTokens: specialTokens),
                  vocabularySize: vocabularySize, specialTokens: specialTokens,
                  progress: progress)
    }

    /// Trains on pieces and their counts, updating pair counts incrementally.
    ///
    /// Each distinct piece is a "word" kept once, with its count. The trainer
    /// keeps the count of every adjacent pair (weighted by word counts) and,
    /// for each pair, the words it was seen in. A merge of the best pair
    /// then touches only the words that contain it: their old pairs are
    /// subtracted and their new pairs added. The best pair comes from a max
    /// heap ordered by (count, then smallest pair) with lazy deletion: counts
    /// of existing pairs only ever go down (every pair a merge creates holds
    /// the new token), so an entry whose count is stale is pushed back with
    /// its current count, and the first entry whose count is current is the
    /// best pair.
    public static func train(
        pieceCounts: [[UInt8]: Int], vocabularySize: Int,
        specialTokens: [String] = BPETokenizer.defaultSpecialTokens,
        progress: ((_ merges: Int, _ total: Int) -> Void)? = nil
    ) throws -> BPETokenizer {
        let total = try mergeCount(vocabularySize: vocabularySize,
                                   specialTokens: specialTokens)
        // Sorted: the merges do not depend on the words' order, but this way
        // every run also does the same work in the same order.
        let pieces = pieceCounts.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var words = pieces.map { $0.key.map(Int.init) }
        let frequencies = pieces.map(\.value)
        // listing: train-pairs
        var pairCounts: [TokenPair: Int] = [:]
        var wordsWith: [TokenPair: [Int]] = [:]  // word indices, each once
        var created: [TokenPair] = []             // pairs first seen
        /// Adds `word`'s pairs, `sign` times its frequency, to the counts.
        /// Adding, it notes the word for pairs holding a token `>= newest`.
        func count(_ word: [Int], _ w: Int, _ sign: Int, newest: Int) {
            for pair in adjacentPairs(word) {
                pairCounts[pair, default: 0] += sign * frequencies[w]
                guard sign > 0, max(pair.left, pair.right) >= newest
                else { continue }
                if wordsWith[pair] == nil { created.append(pair) }
                if wordsWith[pair]?.last != w {
                    wordsWith[pair, default: []].append(w)
                }
            }
        }
        for (w, word) in words.enumerated() {  // at first, every pair is new
            count(word, w, +1, newest: 0)
        }
        // end listing
        // listing: train-merge
        var heap = PairHeap(created.map { (pairCounts[$0]!, $0) })
        var merges: [TokenPair] = []
        while merges.count < total, let top = heap.pop() {
            let current = pairCounts[top.pair] ?? 0
            guard current == top.count else {  // stale: counts only go down
                if current > 0 { heap.push(count: current, pair: top.pair) }
                continue
            }
            let id = 256 + merges.count
            merges.append(top.pair)
            created = []
            for w in wordsWith.removeValue(forKey: top.pair) ?? [] {
                let merged = merging(top.pair, into: id, in: words[w])
                guard merged.count < words[w].count else { continue }
                count(words[w], w, -1, newest: id)  // the word's old pairs
                count(merged, w, +1, newest: id)    // and its new ones
                words[w] = merged
            }
            pairCounts[top.pair] = nil
            for pair in created {  // every new pair holds the new token
                heap.push(count: pairCounts[pair]!, pair: pair)
            }
            progress?(merges.count, total)
        }
        // end listing
        return BPETokenizer(merges: merges, specialTokens: specialTokens)
    }

    /// The textbook trainer: recount every pair in the whole text before
    /// each merge. Correct and short, but each merge reads all the text: on
    /// megabytes, half a second per merge, most of an hour for a few
    /// thousand. Kept as the reference the incremental trainer is tested
    /// against.
    public static func trainNaive(
        _ text: String, vocabularySize: Int,
        specialTokens: [String] = BPETokenizer.defaultSpecialTokens
    ) throws -> BPETokenizer {
        let total = try mergeCount(vocabularySize: vocabularySize,
                                   specialTokens: specialTokens)
        var chunks: [[Int]] = []
        for segment in ordinarySegments(of: text, specialTokens: specialTokens) {
            segment.withUnsafeBufferPointer { bytes in
                for range in Pretokenizer.split(bytes) {
                    chunks.append(bytes[range].map(Int.init))
                }
            }
        }
        // listing: train-naive
        var merges: [TokenPair] = []
        while merges.count < total {
            var counts: [TokenPair: Int] = [:]
            for chunk in chunks {
                for pair in adjacentPairs(chunk) { counts[pair, default: 0] += 1 }
            }
            // The most frequent pair; among equals, the smallest.
            guard let best = counts.max(by: { a, b in
                a.value < b.value || (a.value == b.value && a.key > b.key)
            }) else { break }  // every chunk is a single token
            let id = 256 + merges.count
            merges.append(best.key)
            chunks = chunks.map { merging(best.key, into: id, in: $0) }
        }
        // end listing
        return BPETokenizer(merges: merges, specialTokens: specialTokens)
    }

    /// The pairs of neighbours in `ids`, overlapping: `a a a` has two `(a, a)`.
    static func adjacentPairs(_ ids: [Int]) -> [TokenPair] {
        guard ids.count > 1 else { return [] }
        return (1..<ids.count).map { TokenPair(ids[$0 - 1], ids[$0]) }
    }
}

/// The UTF-8 of `text` between occurrences of the special tokens.
func ordinarySegments(of text: String, specialTokens: [String]) -> [[UInt8]] {
    let bytes = Array(text.utf8)
    let specials = specialTokens.map { Array($0.utf8) }.filter { !$0.isEmpty }
    var segments: [[UInt8]] = []
    var start = 0
    var i = 0
    while i < bytes.count {
        if let special = specials.first(where: { bytes.hasPrefix($0, at: i) }) {
            segments.append(Array(bytes[start..<i]))
            i += special.count
            start = i
        } else {
            i += 1
        }
    }
    segments.append(Array(bytes[start...]))
    return segments.filter { !$0.isEmpty }
}

extension Array where Element == UInt8 {
    /// Whether `prefix` occurs in this array at index `i`.
    func hasPrefix(_ prefix: [UInt8], at i: Int) -> Bool {
        guard i + prefix.count <= count else { return false }
        for j in 0..<prefix.count where self[i + j] != prefix[j] { return false }
        return true
    }
}

/// A binary max heap of pair counts: the largest count on top, ties to the
/// smallest pair.
// listing: pair-heap
struct PairHeap {
    typealias Entry = (count: Int, pair: TokenPair)
    private var entries: [Entry] = []

    init(_ entries: [Entry]) {
        for entry in entries { push(count: entry.count, pair: entry.pair) }
    }

    /// Whether `a` belongs above `b`.
    private static func above(_ a: Entry, _ b: Entry) -> Bool {
        a.count > b.count || (a.count == b.count && a.pair < b.pair)
    }

    mutating func push(count: Int, pair: TokenPair) {
        entries.append((count, pair))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.above(entries[child], entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return top }
        entries[0] = last
        var parent = 0
        while true {
            var best = parent
            for child in [2 * parent + 1, 2 * parent + 2]
            where child < entries.count
                && Self.above(entries[child], entries[best]) {
                best = child
            }
            if best == parent { return top }
            entries.swapAt(parent, best)
            parent = best
        }
    }
}
// end listing
