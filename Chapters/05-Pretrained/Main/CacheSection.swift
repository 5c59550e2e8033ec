import Attention
import Book
import Foundation
import Model
import Notebook
import Pretrained

/// What the KV cache saves in time, and what it costs in memory.
func cacheSection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    let prompt = smol.tokenizer.encode("The three most important inventions in history are")
    let count = nb.isQuick ? 8 : 32
    var rng = RandomGenerator(seed: 0)
    // Chapter 3's generate: the whole context again for every token.
    let chapter3 = try LlamaModel(gguf: smol.file)
    let uncached = Stopwatch()
    let plain = try generate(chapter3, prompt: prompt, count: count, sampler: .greedy, rng: &rng)
    let uncachedSeconds = uncached.seconds
    let exact = try QuantizedLlama(gguf: smol.file, kernels: .reference)
    let cached = try exact.generate(prompt: prompt, maxTokens: count, sampler: .greedy,
                                    rng: &rng, cache: exact.makeCache(capacity: 256),
                                    stopTokens: [])
    guard Array(plain.dropFirst(prompt.count)) == cached.tokens else {
        throw InputError("the cached and uncached generations differ")
    }
    let cachedSeconds = cached.prefillSeconds + cached.decodeSeconds
    try nb.table("cache-speed", headers: ["generation of \(count) tokens, Float32", "seconds",
                                          "tokens per second"], rows: [
        ["chapter 3's `generate`: the whole context every step",
         String(format: "%.2f", uncachedSeconds),
         String(format: "%.1f", Double(count) / uncachedSeconds)],
        ["with the KV cache: the prompt once, then one token per step",
         String(format: "%.2f", cachedSeconds),
         String(format: "%.1f", Double(count) / cachedSeconds)],
    ])

    // Memory: fill caches of several lengths; count the pages they touched.
    let c = smol.engine.config
    let formula = KVCacheMemory("SmolLM2-135M", layers: c.depth, heads: c.heads,
                                kvHeads: c.kvHeads, headDim: c.headDim, bytesPerValue: 4)
    var rows: [[String]] = []
    for tokens in nb.isQuick ? [64] : [256, 1_024] {
        let cache = smol.engine.makeCache(capacity: 4_096)
        let ids = [Int32](repeating: smol.tokenizer.encode(" the")[0], count: tokens)
        _ = try smol.engine.forward(ids, cache: cache)
        rows.append([tokens.formatted(), (formula.bytesPerToken() * tokens).formatted(),
                     cache.residentBytes.formatted(),
                     (cache.layers * cache.kvHeads * cache.capacity * cache.headDim * 8)
                        .formatted()])
    }
    try nb.table("cache-memory", headers: [
        "tokens in the cache", "chapter 2's formula (Float32)", "resident (mincore)",
        "reserved for 4,096 tokens"], rows: rows)
}
