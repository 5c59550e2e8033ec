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
/// that in `a a a` the pair `(a, a)` becomes `X a`, never `a X`. (Exercise
/// 1.2 asks for this function, so the book does not list it.)
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
        forEachPiece(of: text, specialTokens: specialTokens) { counts[Array($0), default: 0] += 1 }
        return counts
    }

    /// Calls `body` with the bytes of each piece of `text`, in order,
    /// skipping the special tokens.
    static func forEachPiece(of text: String, specialTokens: [String],
                             _ body: (UnsafeBufferPointer<UInt8>.SubSequence) -> Void) {
        let specials = Dictionary(specialTokens.map { ($0, 0) }) { a, _ in a }
        var text = text
        text.withUTF8 { bytes in
            for (run, _) in Encoding.split(bytes, at: specials) {
                let segment = UnsafeBufferPointer(rebasing: bytes[run])
                for piece in Pretokenizer.split(segment) { body(segment[piece]) }
            }
        }
    }

    /// The number of merges that give `vocabularySize` ids in all.
    static func mergeCount(vocabularySize: Int, specialTokens: [String]) throws -> Int {
        let least = 256 + specialTokens.count
        guard vocabularySize >= least else {
            throw TokenizerError.vocabularyTooSmall(requested: vocabularySize,
                                                    specialTokens: specialTokens.count)
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
        var heap = Heap(created.map { PairCount(count: pairCounts[$0]!, pair: $0) })
        var merges: [TokenPair] = []
        while merges.count < total, let top = heap.pop() {
            let current = pairCounts[top.pair] ?? 0
            guard current == top.count else {  // stale: counts only go down
                if current > 0 { heap.push(PairCount(count: current, pair: top.pair)) }
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
                heap.push(PairCount(count: pairCounts[pair]!, pair: pair))
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
        forEachPiece(of: text, specialTokens: specialTokens) { chunks.append($0.map(Int.init)) }
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

/// A pair and its count in the trainer's heap, which pops its smallest
/// entry: here the most frequent pair, and of equally frequent pairs the
/// smallest, so that ties break the same way on every run.
struct PairCount: Comparable {
    var count: Int
    var pair: TokenPair

    static func < (a: PairCount, b: PairCount) -> Bool {
        a.count > b.count || (a.count == b.count && a.pair < b.pair)
    }
}
