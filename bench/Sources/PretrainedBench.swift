import Book
import Foundation
import Pretrained

/// Chapter 5's engine on SmolLM2-135M Q4_1 against llama.cpp's
/// `llama-bench` on the same file and thread count (tg64: 64 tokens decoded
/// from an empty context; pp128: one 128-token prompt), against
/// transformers' decode on the same CPU, and the peak resident memory of a
/// whole `generate` run against `llama-cli`'s for the same prompt and length.
func pretrainedRows(repeats: Int) throws -> [[String]] {
    let url = PretrainedPaths.smolLM2
    guard FileManager.default.fileExists(atPath: url.path) else {
        print("bench: pretrained skipped: no \(url.relativePath); run `make data`")
        return []
    }
    let smol = try PretrainedModel(contentsOf: url)
    let engine = smol.engine
    let runs = max(3, repeats / 4)
    // Decode: 64 tokens after one, greedy, from a fresh cache each run.
    var rng = RandomGenerator(seed: 0)
    var decode: [Double] = []
    for _ in 0..<runs + 1 {
        let result = try engine.generate(prompt: [1], maxTokens: 65, sampler: .greedy,
                                         rng: &rng, cache: engine.makeCache(capacity: 80),
                                         stopTokens: [])
        decode.append(result.decodeTokensPerSecond)
    }
    let ours = decode.dropFirst().sorted()[runs / 2]
    let prompt = Array(smol.tokenizer.encode(String(repeating: "The quick brown fox. ", count: 40))
        .prefix(128))
    let prefillSeconds = try medianSeconds(repeats: runs) {
        _ = try engine.forward(prompt, cache: engine.makeCache(capacity: 128))
    }
    let prefill = 128 / prefillSeconds
    let limit = measuredBandwidth() / Double(engine.weightBytesPerToken)

    var rows: [[String]] = []
    let llama = llamaBench(model: url)
    func ratio(_ a: Double, _ b: Double?) -> String {
        b.map { String(format: "%.2f×", a / $0) } ?? "–"
    }
    func rate(_ x: Double?) -> String { x.map { String(format: "%.1f tokens/s", $0) } ?? "unavailable" }
    rows.append(["SmolLM2-135M Q4_1 decode (tg64), \(threadCount) threads",
                 rate(ours), rate(llama?.decode) + " llama.cpp", ratio(ours, llama?.decode)])
    rows.append(["SmolLM2-135M Q4_1 prefill (pp128), \(threadCount) threads",
                 rate(prefill), rate(llama?.prefill) + " llama.cpp", ratio(prefill, llama?.prefill)])
    let transformers = runReference("bench/transformers_decode_bench.py",
                                    ["--model", url.path, "--tokens", "64"])?["tokens_per_s"] as? Double
    rows.append(["SmolLM2-135M decode, 64 tokens (transformers: Float32 from the GGUF)",
                 rate(ours), rate(transformers) + " transformers", ratio(ours, transformers)])
    rows.append(["decode against the memory-bandwidth limit (weights read per token ÷ "
                 + "measured bandwidth)", rate(ours), rate(limit) + " limit",
                 String(format: "%.0f %%", 100 * ours / limit)])
    // Perplexity, ours against llama-perplexity, on the same text file.
    let text = URL(fileURLWithPath: "build/bench/val-head.txt")
    if let val = try? Data(contentsOf: URL(fileURLWithPath: "build/corpus/val.txt")) {
        try FileManager.default.createDirectory(at: text.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try val.prefix(60_000).write(to: text)  // about 16 windows of 512 tokens
        rows.append(try perplexityRow("SmolLM2-135M Q4_1 perplexity, -c 512, chapter 1's held-out text",
                                      model: url, text: text, context: 512, llama: llama?.directory))
        // Chapter 5's export of chapter 4's model (the book's run, else the quick one).
        let exported = ["book", "quick"].map {
            URL(fileURLWithPath: "build/\($0)/05/exports/shakespeare-Q8_0.gguf")
        }.first { FileManager.default.fileExists(atPath: $0.path) }
        if let exported {
            let run = exported.pathComponents.contains("quick") ? " (quick run)" : ""
            let context = try GGUFFile(contentsOf: exported).integer("llama.context_length")
            rows.append(try perplexityRow("chapter 4's model\(run) exported as GGUF Q8_0, "
                                          + "perplexity, -c \(context)", model: exported, text: text,
                                          context: context, llama: llama?.directory))
        }
    }
    if let memory = peakMemory(model: url, llamaCli: llama?.directory) {
        rows.append(["peak resident memory, `generate` 64 tokens",
                     String(format: "%.0f MB", memory.ours / 1e6),
                     memory.llama.map { String(format: "%.0f MB llama-cli", $0 / 1e6) } ?? "unavailable",
                     memory.llama.map { String(format: "%.2f×", memory.ours / $0) } ?? "–"])
    }
    return rows
}

/// llama-bench's tg64 and pp128 rates on `model`, or nil if llama.cpp
/// could not be built (scripts/llamacpp.sh).
func llamaBench(model: URL) -> (decode: Double, prefill: Double, directory: String)? {
    guard let directory = runText("scripts/llamacpp.sh", [])?
        .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
    guard let data = runText(directory + "/llama-bench",
                             ["-m", model.path, "-t", "\(threadCount)", "-p", "128", "-n", "64",
                              "-r", "5", "-o", "json"]),
          let json = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [[String: Any]]
    else { return nil }
    func rate(_ prompt: Int, _ generated: Int) -> Double? {
        let match = json.first {
            ($0["n_prompt"] as? Int) == prompt && ($0["n_gen"] as? Int) == generated
        }
        return match?["avg_ts"] as? Double
    }
    guard let decode = rate(0, 64), let prefill = rate(128, 0) else { return nil }
    return (decode, prefill, directory)
}

/// The peak resident memory, in bytes, of our `generate` and of llama-cli
/// doing the same: 64 greedy tokens after the same prompt, same threads.
func peakMemory(model: URL, llamaCli directory: String?) -> (ours: Double, llama: Double?)? {
    let prompt = "Write a short story about a lighthouse keeper."
    guard let ours = peakResidentBytes(".build/release/ch05-pretrained",
                                       ["generate", "--prompt", prompt, "--max-tokens", "64",
                                        "--model", model.path]) else { return nil }
    let llama = directory.flatMap {
        peakResidentBytes($0 + "/llama-cli",
                          ["-m", model.path, "-p", prompt, "-n", "64", "--temp", "0",
                           "-no-cnv", "-t", "\(threadCount)", "-c", "128"])
    }
    return (ours, llama)
}

/// Perplexity of `model` on `text` in windows of `context` tokens: ours and
/// llama-perplexity's "Final estimate", each with its own tokenizer.
func perplexityRow(_ name: String, model: URL, text: URL, context: Int,
                   llama directory: String?) throws -> [String] {
    let smol = try PretrainedModel(contentsOf: model)
    let ids = smol.tokenizer.encode(try String(contentsOf: text, encoding: .utf8))
    let ours = try smol.engine.perplexity(of: ids, context: context).perplexity
    let output = directory.flatMap {
        runText($0 + "/llama-perplexity", ["-m", model.path, "-f", text.path, "-c", "\(context)",
                                           "-t", "\(threadCount)"], standardError: true)
    }
    let theirs = output.flatMap { output -> Double? in
        guard let range = output.range(of: "Final estimate: PPL = ") else { return nil }
        return Double(output[range.upperBound...].prefix { !$0.isWhitespace })
    }
    return [name, String(format: "%.4f", ours),
            theirs.map { String(format: "%.4f llama-perplexity", $0) } ?? "unavailable",
            theirs.map { String(format: "%+.2f %%", 100 * (ours / $0 - 1)) } ?? "–"]
}
