/// Byte-pair encoding of one piece at a time, as tiktoken does it.
///
/// A BPE tokenizer is nothing but its *ranks*: a list of byte strings, the
/// tokens, numbered in the order training learned them. Ranks 0–255 are
/// the 256 single bytes (in GPT-4's cl100k_base, "!" is 0 and the byte 0 is
/// 188; in our own trained tokenizers, byte b is b); every later token was
/// made by merging two earlier ones. A token's rank is also its id.
///
/// To encode a piece, start from its bytes and keep merging the adjacent pair
/// whose concatenation is the token of lowest rank, i.e. the merge training
/// learned first, until no adjacent pair makes a token.
public struct BytePairEncoder: Sendable {
    let vocabulary: Vocabulary
    /// The rank of each single byte, for the start of every merge.
    let byteRanks: [UInt32]

    /// `ranks` maps each token's bytes to its rank. Every single byte must
    /// be a token, ranks must be distinct and non-negative, and no token may
    /// be empty; files are checked for this when loaded (`TiktokenFile`).
    public init(ranks: [[UInt8]: Int]) {
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

    /// The token ids of one piece (one of `Pretokenizer`'s, or any bytes).
    public func encode(_ piece: UnsafeBufferPointer<UInt8>) -> [Int] {
        var ids: [Int] = []
        append(piece, to: &ids)
        return ids
    }

    public func encode(_ piece: ArraySlice<UInt8>) -> [Int] {
        piece.withUnsafeBufferPointer { encode($0) }
    }

    /// Appends the ids of `piece` to `ids`: one id if the whole piece is a
    /// token, which is the common case for words, else the merges' result
    /// (through a heap for long pieces, where the simple scan is quadratic).
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

    // listing: byte-pair-merge
    /// Appends the ids of `piece` (at least 2 bytes) to `ids`: start from
    /// single bytes and merge the adjacent pair of lowest rank, the leftmost
    /// of equals, until no adjacent pair is a token.
    func appendMerged(_ piece: UnsafeBufferPointer<UInt8>,
                      to ids: inout [Int]) {
        withUnsafeTemporaryAllocation(of: Part.self,
                                      capacity: piece.count + 1) { parts in
            // The last part is a sentinel, so part i ends where i + 1 starts.
            var count = piece.count + 1
            for i in 0..<count {
                let id = i < piece.count ? byteRanks[Int(piece[i])] : 0
                parts[i] = Part(start: i, id: id, pairRank: .max)
            }
            /// The rank of the token that parts i and i + 1 make, or .max.
            func pairRank(_ i: Int) -> UInt32 {
                guard i + 2 < count else { return .max }
                let bytes = piece.baseAddress! + parts[i].start
                let length = parts[i + 2].start - parts[i].start
                return vocabulary.rank(of: bytes, count: length) ?? .max
            }
            for i in 0..<count - 2 { parts[i].pairRank = pairRank(i) }

            while true {
                // The pair of lowest rank, the leftmost if several tie.
                var best = 0
                for i in 1..<count - 1
                where parts[i].pairRank < parts[best].pairRank {
                    best = i
                }
                guard parts[best].pairRank != .max else { break }
                // Merge part best + 1 into part best; the merged token is
                // the pair's token, and its neighbours have new pairs.
                parts[best].id = parts[best].pairRank
                for i in best + 1..<count - 1 { parts[i] = parts[i + 1] }
                count -= 1
                parts[best].pairRank = pairRank(best)
                if best > 0 { parts[best - 1].pairRank = pairRank(best - 1) }
            }
            for i in 0..<count - 1 { ids.append(Int(parts[i].id)) }
        }
    }
    // end listing

    /// The bytes of token `id`, or nil if no token has that id.
    public func bytes(of id: Int) -> ArraySlice<UInt8>? {
        guard id >= 0, id < vocabulary.size else { return nil }
        let bytes = vocabulary.bytes[vocabulary.offsets[id]..<vocabulary.offsets[id + 1]]
        return bytes.isEmpty ? nil : bytes
    }

    /// The bytes that `ids` stand for. Every id must be a token's
    /// (`bytes(of:)` is not nil); the result need not be valid UTF-8, since a
    /// token can end in the middle of a character.
    public func decode(_ ids: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids {
            guard let token = self.bytes(of: id) else {
                preconditionFailure("\(id) is not a token id")
            }
            bytes += token
        }
        return bytes
    }
}
