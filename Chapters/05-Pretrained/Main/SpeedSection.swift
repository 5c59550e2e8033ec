import Book
import Foundation
import Model
import Notebook
import Pretrained

/// Prefill and decode speed, and the decode rate against the memory
/// bandwidth limit: each new token reads every weight once.
func speedSection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    let text = try String(contentsOf: URL(fileURLWithPath: "build/corpus/val.txt"),
                          encoding: .utf8)
    let ids = smol.tokenizer.encode(text)
    let (promptLength, decodeLength) = nb.isQuick ? (32, 8) : (128, 64)
    var rng = RandomGenerator(seed: 0)
    let result = try smol.engine.generate(
        prompt: Array(ids.prefix(promptLength)), maxTokens: decodeLength + 1,
        sampler: .greedy, rng: &rng,
        cache: smol.engine.makeCache(capacity: promptLength + decodeLength + 2), stopTokens: [])
    let bandwidth = measuredBandwidth(megabytes: nb.isQuick ? 64 : 512)
    let bytesPerToken = Double(smol.engine.weightBytesPerToken)
    let limit = bandwidth / bytesPerToken
    try nb.table("speed", headers: ["", "value"], rows: [
        ["prefill, \(promptLength) tokens", String(format: "%.0f tokens/s", result.prefillTokensPerSecond)],
        ["decode, \(result.tokens.count - 1) tokens", String(format: "%.1f tokens/s", result.decodeTokensPerSecond)],
        ["weight bytes read per decoded token", Int(bytesPerToken).formatted()],
        ["memory bandwidth, measured (\(threadCount) threads reading)",
         String(format: "%.1f GB/s", bandwidth / 1e9)],
        ["decode limit at that bandwidth", String(format: "%.0f tokens/s", limit)],
        ["decode as a fraction of the limit",
         String(format: "%.0f %%", 100 * result.decodeTokensPerSecond / limit)],
    ])

    let window = nb.isQuick ? 64 : 512
    let scored = try smol.engine.perplexity(of: Array(ids.prefix((nb.isQuick ? 2 : 16) * window)),
                                            context: window)
    try nb.table("perplexity", headers: ["text", "context", "windows", "scored tokens",
                                         "perplexity"], rows: [[
        "chapter 1's held-out Shakespeare (val.txt)", "\(window)", "\(scored.windows)",
        scored.scoredTokens.formatted(), String(format: "%.3f", scored.perplexity)]])
}
