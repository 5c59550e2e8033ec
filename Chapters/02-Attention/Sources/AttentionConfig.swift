import Book

// listing: attention-config
/// The shape of an attention layer. Checked when made, so that a model
/// that cannot work fails before it allocates anything.
public struct AttentionConfig: Sendable, Equatable {
    /// Model width: the size of each token's vector.
    public let width: Int
    /// Query heads, and key/value heads: equal for multi-head attention,
    /// 1 for multi-query, in between for grouped-query attention.
    public let heads: Int, kvHeads: Int
    /// The longest sequence the RoPE table covers.
    public let maxSequenceLength: Int
    /// RoPE's base (10,000 in Llama 2; 100,000 in SmolLM2).
    public let ropeBase: Double

    public var headDim: Int { width / heads }
    /// How many query heads share one key/value head.
    public var groups: Int { heads / kvHeads }

    public init(width: Int, heads: Int, kvHeads: Int, maxSequenceLength: Int,
                ropeBase: Double = 10_000) throws {
        guard width > 0, heads > 0, kvHeads > 0, maxSequenceLength > 0 else {
            throw InputError(
                "width \(width), heads \(heads), kvHeads \(kvHeads) and "
                + "maxSequenceLength \(maxSequenceLength) must be positive")
        }
        guard width % heads == 0 else {
            throw InputError("heads \(heads) do not divide width \(width)")
        }
        guard heads % kvHeads == 0 else {
            throw InputError(
                "kvHeads \(kvHeads) do not divide heads \(heads)")
        }
        guard (width / heads) % 2 == 0 else {
            throw InputError("RoPE needs an even head dimension, got "
                + "\(width / heads) (width \(width) / heads \(heads))")
        }
        (self.width, self.heads, self.kvHeads) = (width, heads, kvHeads)
        self.maxSequenceLength = maxSequenceLength
        self.ropeBase = ropeBase
    }
}
// end listing
