extension BytePairEncoder {
    /// The same merges as `appendMerged`, in the same order, for long pieces.
    ///
    /// `appendMerged` scans every pair for the lowest rank before each
    /// merge: n merges of an n-byte piece cost n² steps, which is nothing for
    /// a word and a minute for a 400 kB line of DNA or base64 (a single
    /// piece, since letters run on). Here the candidate merges wait in a
    /// min-heap ordered by (rank, start), so the next merge is the lowest
    /// rank and, among equal ranks, the leftmost, exactly as the scan finds
    /// it, in log n steps. The parts are a linked list over their first
    /// bytes, so merging two is O(1). tiktoken does the same for long pieces.
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
        var heap = MinHeap()

        func updatePair(_ s: Int) {
            let next = end[s]
            pairRank[s] = next < n
                ? vocabulary.rank(of: piece.baseAddress! + s, count: end[next] - s) ?? .max
                : .max
            if pairRank[s] != .max { heap.insert(UInt64(pairRank[s]) << 32 | UInt64(s)) }
        }
        for s in 0..<n { updatePair(s) }

        while let merge = heap.popMin() {
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

/// A binary min-heap of 64-bit keys in an array: the smallest key at the
/// root, each node no larger than its two children.
private struct MinHeap {
    private var keys: [UInt64] = []

    mutating func insert(_ key: UInt64) {
        keys.append(key)
        var child = keys.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard keys[child] < keys[parent] else { break }
            keys.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> UInt64? {
        guard let last = keys.popLast() else { return nil }
        guard !keys.isEmpty else { return last }
        let min = keys[0]
        keys[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < keys.count, keys[left] < keys[smallest] { smallest = left }
            if right < keys.count, keys[right] < keys[smallest] { smallest = right }
            if smallest == parent { return min }
            keys.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
