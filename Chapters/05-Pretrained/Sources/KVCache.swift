import Foundation

// listing: kv-cache
/// The keys and values of every token the model has read, per layer and
/// KV head, so that each new token attends to them without recomputing
/// them: generation then costs one token's work per step, not the whole
/// context's. Float32, [layers, kvHeads, capacity, headDim] each; memory
/// is reserved for `capacity` tokens, but pages are touched (and become
/// resident) only as tokens arrive.
public final class KVCache {
    public let layers: Int, kvHeads: Int, headDim: Int, capacity: Int
    /// The tokens whose keys and values the cache holds, in order.
    public private(set) var tokens: [Int32] = []
    /// How many positions are filled.
    public var count: Int { tokens.count }
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>

    public init(layers: Int, kvHeads: Int, headDim: Int, capacity: Int) {
        (self.layers, self.kvHeads, self.headDim) = (layers, kvHeads, headDim)
        self.capacity = capacity
        // Page-aligned, so that the pages touched are exactly the tokens'.
        func allocate() -> UnsafeMutablePointer<Float> {
            UnsafeMutableRawPointer.allocate(
                byteCount: max(layers * kvHeads * capacity * headDim, 1) * 4, alignment: 4096)
                .bindMemory(to: Float.self, capacity: layers * kvHeads * capacity * headDim)
        }
        (keys, values) = (allocate(), allocate())
    }

    deinit {
        UnsafeMutableRawPointer(keys).deallocate()
        UnsafeMutableRawPointer(values).deallocate()
    }

    /// Where position t of KV head h in layer l starts.
    @inline(__always)
    func offset(_ l: Int, _ h: Int, _ t: Int) -> Int {
        ((l * kvHeads + h) * capacity + t) * headDim
    }

    /// Bytes holding the `count` positions so far: chapter 2's formula,
    /// 2 · layers · kvHeads · headDim · 4 bytes per token.
    public var bytesUsed: Int { 2 * layers * kvHeads * headDim * 4 * count }

    /// Bytes of the cache's memory that are resident, as the kernel counts
    /// them (`mincore`): what the cache really costs so far.
    public var residentBytes: Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = layers * kvHeads * capacity * headDim * 4
        return [UnsafeRawPointer(keys), UnsafeRawPointer(values)].reduce(0) { total, start in
            let first = Int(bitPattern: start) / page * page
            let length = Int(bitPattern: start) + size - first
            var resident = [UInt8](repeating: 0, count: (length + page - 1) / page)
            guard mincore(UnsafeMutableRawPointer(bitPattern: first), length, &resident) == 0
            else { return total }
            return total + resident.filter { $0 & 1 == 1 }.count * page
        }
    }

    /// Records `new` tokens, whose keys and values were just written.
    func append(_ new: [Int32]) { tokens += new }

    /// Forgets everything: the next token is position 0 again.
    public func reset() { tokens = [] }

    /// Keeps the longest part of the cache that `ids` starts with and
    /// returns the rest of `ids`, what must still be run (at least its last
    /// token, whose logits the caller needs). A chat renders the whole
    /// conversation again every turn; only its new part costs anything, and
    /// a reply that re-encodes differently from how it was generated costs
    /// only from where they differ.
    public func reuse(for ids: [Int32]) -> [Int32] {
        var kept = zip(tokens, ids).prefix { $0 == $1 }.count
        kept = min(kept, ids.count - 1)
        tokens.removeLast(tokens.count - max(kept, 0))
        return Array(ids[max(kept, 0)...])
    }
}
// end listing
