/// Byte-pair encoding of one piece at a time, as tiktoken does it, fast.
///
/// A BPE tokenizer is nothing but its *ranks*: a list of byte strings, the
/// tokens, numbered in the order training learned them. Ranks 0–255 are
/// the 256 single bytes (in GPT-4's cl100k_base, "!" is 0 and the byte 0 is
/// 188; in our own trained tokenizers, byte b is b); every later token was
/// made by merging two earlier ones. A token's rank is also its id.
///
/// `bytePairMerge(_:ranks:)` is the algorithm as the book lists it, on plain
/// arrays. This encoder makes exactly the same merges (the tests and the
/// notebook check it) with three changes that decide its speed:
///
/// - a piece that is a token is looked up once and done: most words are.
///   (Merging would end there too: every token of cl100k_base and of a
///   trained tokenizer is made by merges from its bytes; a test checks it.)
/// - ranks come from `Vocabulary`, which looks up bytes in place, and the
///   rank of each adjacent pair is cached and recomputed only next to a
///   merge, so a merge costs two lookups instead of a scan of lookups;
/// - pieces over 256 bytes keep their candidate merges in a heap, so that a
///   400 kB line of base64 (one piece: letters run on) takes n log n steps,
///   not the n² of scanning for the lowest rank before every merge.
public struct BytePairEncoder: Sendable {
    /// Each token's bytes and rank, for `bytePairMerge` and for tests.
    public let ranks: [[UInt8]: Int]
    let vocabulary: Vocabulary
    /// The rank of each single byte, for the start of every merge.
    let byteRanks: [UInt32]

    /// `ranks` maps each token's bytes to its rank. Every single byte must
    /// be a token, ranks must be distinct and non-negative, and no token may
    /// be empty; files are checked for this when loaded (`TiktokenFile`).
    public init(ranks: [[UInt8]: Int]) {
        self.ranks = ranks
        vocabulary = Vocabulary(ranks: ranks)
        byteRanks = (0...255).map { byte in
            guard let rank = ranks[[UInt8(byte)]] else {
                preconditionFailure("byte \(byte) has no rank")
            }
            return UInt32(rank)
        }
    }

    /// One more than the largest rank: the size of an embedding table that
    /// has a row for every token.
    public var vocabularySize: Int { vocabulary.size }

    /// The bytes of token `id`, or nil if no token has that id.
    public func bytes(of id: Int) -> ArraySlice<UInt8>? {
        guard id >= 0, id < vocabulary.size else { return nil }
        let bytes = vocabulary.bytes[vocabulary.offsets[id]..<vocabulary.offsets[id + 1]]
        return bytes.isEmpty ? nil : bytes
    }

    /// The token ids of one piece (one of `Pretokenizer`'s, or any bytes).
    public func encode(_ piece: ArraySlice<UInt8>) -> [Int] {
        var ids: [Int] = []
        piece.withUnsafeBufferPointer { append($0, to: &ids) }
        return ids
    }

    /// Appends the ids of `piece` to `ids`.
    func append(_ piece: UnsafeBufferPointer<UInt8>, to ids: inout [Int]) {
        guard let start = piece.baseAddress else { return }
        if let rank = vocabulary.rank(of: start, count: piece.count) {
            ids.append(Int(rank))
        } else if piece.count <= 256 {
            appendMerged(piece, to: &ids)
        } else {
            appendMergedWithHeap(piece, to: &ids)
        }
    }

    /// One piece's parts during merging: a part starts at byte `start` and
    /// is the token `id`; `pairRank` is the rank of the token that this part
    /// and the next would make together (`.max` if none).
    private struct Part {
        var start: Int
        var id: UInt32
        var pairRank: UInt32
    }

    /// `bytePairMerge` on a stack buffer of parts with cached pair ranks.
    func appendMerged(_ piece: UnsafeBufferPointer<UInt8>, to ids: inout [Int]) {
        withUnsafeTemporaryAllocation(of: Part.self, capacity: piece.count + 1) { parts in
            // The last part is a sentinel, so part i ends where i + 1 starts.
            var count = piece.count + 1
            for i in 0..<count {
                let id = i < piece.count ? byteRanks[Int(piece[i])] : 0
                parts[i] = Part(start: i, id: id, pairRank: .max)
            }
            /// The rank of the token that parts i and i + 1 make, or .max.
            func pairRank(_ i: Int) -> UInt32 {
                guard i + 2 < count else { return .max }
                let length = parts[i + 2].start - parts[i].start
                return vocabulary.rank(of: piece.baseAddress! + parts[i].start,
                                       count: length) ?? .max
            }
            for i in 0..<count - 2 { parts[i].pairRank = pairRank(i) }
            while true {
                var best = 0      // the lowest rank, the leftmost of equals
                for i in 1..<count - 1 where parts[i].pairRank < parts[best].pairRank {
                    best = i
                }
                guard parts[best].pairRank != .max else { break }
                parts[best].id = parts[best].pairRank
                for i in best + 1..<count - 1 { parts[i] = parts[i + 1] }
                count -= 1
                parts[best].pairRank = pairRank(best)
                if best > 0 { parts[best - 1].pairRank = pairRank(best - 1) }
            }
            for i in 0..<count - 1 { ids.append(Int(parts[i].id)) }
        }
    }

    /// The same merges in the same order for long pieces: the candidate
    /// merges wait in a heap ordered by (rank, start), so the next one is
    /// the lowest rank and, among equals, the leftmost, as the scan finds
    /// it. The parts are a linked list over their first bytes, so merging
    /// two is O(1). tiktoken does the same for long pieces.
    func appendMergedWithHeap(_ piece: UnsafeBufferPointer<UInt8>, to ids: inout [Int]) {
        let n = piece.count
        // Part `s` (named by its first byte) is the token `id[s]` and spans
        // bytes s..<end[s]; `before[s]` is the part before it (-1 for none).
        var end = Array(1...n)
        var before = Array(-1..<(n - 1))
        var id = piece.map { byteRanks[Int($0)] }
        // The rank of the token that part s and the next would make, .max if
        // none or if s is no longer a part. Every finite value is in `heap`.
        var pairRank = [UInt32](repeating: .max, count: n)
        var heap = Heap<UInt64>()   // rank << 32 | s: by rank, then by start

        func updatePair(_ s: Int) {
            let next = end[s]
            pairRank[s] = next < n
                ? vocabulary.rank(of: piece.baseAddress! + s, count: end[next] - s) ?? .max
                : .max
            if pairRank[s] != .max { heap.push(UInt64(pairRank[s]) << 32 | UInt64(s)) }
        }
        for s in 0..<n { updatePair(s) }

        while let merge = heap.pop() {
            let rank = UInt32(merge >> 32), s = Int(merge & 0xFFFF_FFFF)
            // An entry whose part has since merged or changed neighbour is stale.
            guard pairRank[s] == rank else { continue }
            let next = end[s]
            id[s] = rank
            end[s] = end[next]
            pairRank[next] = .max
            if end[s] < n { before[end[s]] = s }
            updatePair(s)
            if before[s] >= 0 { updatePair(before[s]) }
        }
        var s = 0
        while s < n {
            ids.append(Int(id[s]))
            s = end[s]
        }
    }
}

// listing: byte-pair-merge
/// tiktoken's byte-pair encoding of one piece, written plainly: start from
/// its single bytes and merge the adjacent pair whose joined bytes have the
/// lowest rank (the leftmost of equals) until no adjacent pair is a token.
/// Every byte has a rank, and so does every merged part.
public func bytePairMerge(_ piece: [UInt8], ranks: [[UInt8]: Int]) -> [Int] {
    var parts = piece.map { [$0] }
    while true {
        var best: (rank: Int, index: Int)?
        for i in parts.indices.dropLast() {
            if let rank = ranks[parts[i] + parts[i + 1]],
               rank < best?.rank ?? .max {
                best = (rank, i)
            }
        }
        guard let (_, i) = best else { break }
        let right = parts.remove(at: i + 1)
        parts[i] += right
    }
    return parts.map { ranks[$0]! }
}
// end listing
