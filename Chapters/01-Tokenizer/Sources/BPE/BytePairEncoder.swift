// TEMPORARY stand-in: replaced by the tiktoken branch at merge
//
// tiktoken's encode done the slow, obvious way: start from single bytes and
// keep merging the adjacent pair whose concatenation has the lowest rank.

public struct BytePairEncoder: Sendable {
    private let ranks: [[UInt8]: Int]
    private let tokens: [Int: [UInt8]]

    public init(ranks: [[UInt8]: Int]) {
        self.ranks = ranks
        var tokens: [Int: [UInt8]] = [:]
        for (bytes, rank) in ranks { tokens[rank] = bytes }
        self.tokens = tokens
    }

    public var vocabularySize: Int { ranks.count }

    public func encode(_ piece: UnsafeBufferPointer<UInt8>) -> [Int] {
        if let rank = ranks[Array(piece)] { return [rank] }
        var parts = piece.map { [$0] }
        while parts.count > 1 {
            var best: (rank: Int, at: Int)?
            for i in 0..<(parts.count - 1) {
                if let rank = ranks[parts[i] + parts[i + 1]], rank < (best?.rank ?? .max) {
                    best = (rank, i)
                }
            }
            guard let (_, i) = best else { break }
            parts[i] += parts[i + 1]
            parts.remove(at: i + 1)
        }
        return parts.map { ranks[$0]! }
    }

    public func encode(_ piece: ArraySlice<UInt8>) -> [Int] {
        Array(piece).withUnsafeBufferPointer { encode($0) }
    }

    public func decode(_ ids: [Int]) -> [UInt8] {
        ids.flatMap { tokens[$0]! }
    }
}
