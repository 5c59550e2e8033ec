// listing: kv-cache-memory
/// The memory a KV cache needs: for every layer, a key and a value vector
/// per KV head per token. Grouped-query attention divides it by
/// heads / kvHeads; multi-query attention by heads.
public struct KVCacheMemory: Sendable {
    public let name: String
    public let layers: Int, heads: Int, kvHeads: Int, headDim: Int
    /// 2 for fp16/bf16 (how caches are kept), 4 for fp32.
    public let bytesPerValue: Int

    public init(_ name: String, layers: Int, heads: Int, kvHeads: Int,
                headDim: Int, bytesPerValue: Int = 2) {
        self.name = name
        (self.layers, self.heads, self.kvHeads) = (layers, heads, kvHeads)
        (self.headDim, self.bytesPerValue) = (headDim, bytesPerValue)
    }

    /// Keys and values of one token across all layers.
    public func bytesPerToken(kvHeads: Int? = nil) -> Int {
        2 * layers * (kvHeads ?? self.kvHeads) * headDim * bytesPerValue
    }
}
// end listing
