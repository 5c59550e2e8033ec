// listing: init
/// GPT-2's initialization (Radford et al., 2019), as nanoGPT does it, for
/// both the Llama decoder and GPT-2: every weight matrix normal with
/// standard deviation 0.02, norm gains 1, biases 0. At that scale the first
/// logits are small, every token is about equally likely, and the untrained
/// loss is close to ln(vocabSize).
public enum WeightInit {
    public static let std: Float = 0.02

    /// The two projections that write into the residual stream (attention's
    /// output, the FFN's down) start smaller: the stream is a sum of
    /// 2 · depth such writes, and scaling each by 1/√(2 · depth) keeps the
    /// sum's variance the same at any depth.
    public static func residualStd(depth: Int) -> Float {
        std / Float(2 * depth).squareRoot()
    }
}
// end listing
