// Chapter 3 — The model, as a notebook.
//
//   swift run -c release ch03-model [--quick]
//   swift run -c release ch03-model logits --model DIR --ids 1 2 3
import Book
import Notebook
import Foundation
import Model
import Tokenizer

if runModelCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "03") { nb in
    try nb.diagram("decoder", dot: decoderDiagram(try chapterFourConfig(), batch: 8, t: 256))
    try sizes(nb)
    try shortcuts(nb)
    try normalizations(nb)
    try huggingFaceParity(nb)
    try untrainedGeneration(nb)
}

/// The model chapter 4 trains: the benchmark configuration of
/// shared/reference/torch_llama_bench.py, with chapter 1's vocabulary.
func chapterFourConfig() throws -> ModelConfig {
    try ModelConfig(vocabSize: 4_096, contextLength: 256, width: 384, depth: 6,
                    heads: 6, kvHeads: 2, ffnWidth: 1_024, tiedEmbeddings: false)
}

func sizes(_ nb: Notebook) throws {
    let ours = try chapterFourConfig()
    let llamas: [(String, ModelConfig, published: String)] = [
        ("this book's chapter-4 model", ours, "—"),
        ("SmolLM2-135M", try ModelConfig(
            vocabSize: 49_152, contextLength: 8_192, width: 576, depth: 30, heads: 9,
            kvHeads: 3, ffnWidth: 1_536, ropeBase: 100_000), "134,515,008"),
        ("Llama-3.2-1B", try ModelConfig(
            vocabSize: 128_256, contextLength: 131_072, width: 2_048, depth: 16,
            heads: 32, kvHeads: 8, ffnWidth: 8_192, ropeBase: 500_000), "1,235,814,400"),
        ("Llama-3-8B", try ModelConfig(
            vocabSize: 128_256, contextLength: 8_192, width: 4_096, depth: 32, heads: 32,
            kvHeads: 8, ffnWidth: 14_336, ropeBase: 500_000, tiedEmbeddings: false),
         "8,030,261,248"),
    ]
    let gpt2 = try GPT2Config(vocabSize: 50_257, contextLength: 1_024, width: 768,
                              depth: 12, heads: 12)
    func gflops(_ flops: Int) -> String { String(format: "%.2f", Double(flops) / 1e9) }
    var rows = llamas.map { name, c, published in
        [name, "\(c.depth) × \(c.width), \(c.heads)/\(c.kvHeads) heads, FFN \(c.ffnWidth)",
         c.parameterCount.formatted(), published,
         gflops(c.flopsPerToken(sequenceLength: 2_048))]
    }
    rows.insert(["GPT-2 small", "12 × 768, 12 heads, MLP 3,072",
                 gpt2.parameterCount.formatted(), "124,439,808",
                 gflops(gpt2.flopsPerToken(sequenceLength: 2_048))], at: 1)
    try nb.table("parameters", headers: ["model", "shape", "parameters (our formula)",
                                         "published", "GFLOP/token, T = 2,048"], rows: rows)

    // Training state per parameter in fp32: weight, gradient, AdamW's m and v.
    let model = try LlamaModel(ours, seed: 1)
    let counted = model.countedParameters
    guard counted == ours.parameterCount else {
        throw InputError("formula \(ours.parameterCount) ≠ counted \(counted)")
    }
    func size(_ bytes: Int) -> String {
        let mib = Double(bytes) / 1_048_576
        return mib < 4_096 ? String(format: "%.0f MiB", mib)
                           : String(format: "%.1f GiB", mib / 1_024)
    }
    try nb.table("training-memory", headers: ["model", "weights", "+ gradients",
                                              "+ AdamW moments: 16 B/parameter"],
                 rows: [("this book's chapter-4 model", ours.parameterCount),
                        ("SmolLM2-135M", llamas[1].1.parameterCount),
                        ("Llama-3-8B", llamas[3].1.parameterCount)].map { name, n in
                     [name, size(4 * n), size(8 * n), size(16 * n)]
                 })
    try activations(nb, model, others: [llamas[1], llamas[3]], size: size)
}

/// Activation memory: the formula for several models, and for the chapter-4
/// model what the buffer pool measures after a forward pass (what the tape
/// keeps) and at the peak of forward + backward (gradients added).
func activations(_ nb: Notebook, _ model: LlamaModel,
                 others: [(String, ModelConfig, published: String)],
                 size: (Int) -> String) throws {
    let c = model.config
    let (batch, t) = nb.isQuick ? (2, 64) : (8, 256)
    var rng = RandomGenerator(seed: 5)
    let ids = (0..<batch * t).map { _ in Int32(rng.int(below: c.vocabSize)) }
    let pool = BufferPool.shared
    let before = pool.liveBytes
    pool.resetPeak()
    let tape = Tape()
    let logits = try model.logits(tape, ids: ids, batch: batch)
    let kept = pool.liveBytes - before
    let loss = tape.crossEntropy(logits, targets: ids)
    tape.backward(from: loss)
    let peak = pool.peakBytes - before
    var rows = [["chapter-4 model, batch \(batch) × \(t)",
                 size(c.activationBytes(batch: batch, sequenceLength: t)),
                 size(kept), size(peak)]]
    for (name, config, _) in others {
        rows.append(["\(name), batch 1 × 2,048",
                     size(config.activationBytes(batch: 1, sequenceLength: 2_048)),
                     "—", "—"])
    }
    try nb.table("activation-memory", headers: [
        "model", "activations (formula)", "measured after forward",
        "measured peak, forward + backward"], rows: rows)
    let (activations, state) = (c.activationBytes(batch: batch, sequenceLength: t),
                                16 * c.parameterCount)
    try nb.text("activations-vs-state") {
        "For the chapter-4 model at batch \(batch) × \(t), the activations "
            + "(\(size(activations))) are \(String(format: "%.1f", Double(activations) / Double(state))) "
            + "times its training state (\(size(state)) of weights, gradients and moments)."
    }
}

func shortcuts(_ nb: Notebook) throws {
    let depth = nb.isQuick ? 12 : 24
    let cases: [(String, Bool, NormPlacement)] = [
        ("no shortcuts, no norm", false, .none),
        ("no shortcuts, pre-norm (the control: a norm alone)", false, .pre),
        ("shortcuts, no norm", true, .none),
        ("shortcuts, pre-norm (GPT-2, Llama)", true, .pre),
        ("shortcuts, post-norm (original Transformer)", true, .post),
    ]
    let norms = cases.map { _, residual, norm in
        layerGradientNorms(depth: depth, width: 64, residual: residual, norm: norm)
    }
    try nb.figure("gradient-norms", LinePlot(
        zip(cases, norms).map { c, y in .init(c.0, x: Array(1...depth), y: y) },
        xlabel: "layer (1 = nearest the input)", ylabel: "‖∂L/∂W₁‖ at initialization",
        logY: true, markers: true))
    try nb.table("gradient-first-block", headers: [
        "stack of \(depth) blocks", "‖∂L/∂W₁‖, first block", "last block"],
        rows: zip(cases, norms).map { c, y in
            [c.0, String(format: "%.2g", y.first!), String(format: "%.2g", y.last!)]
        })
}

/// LayerNorm against RMSNorm in numbers: weights per norm, and the forward
/// and backward time of each on the chapter-4 model's activations.
func normalizations(_ nb: Notebook) throws {
    let config = try chapterFourConfig()
    let (rows, d) = (nb.isQuick ? 256 : 8 * 256, config.width)
    var rng = RandomGenerator(seed: 9)
    let x = Variable(Tensor.randn([rows, d], rng: &rng))
    let gain = Variable(Tensor(shape: [d], repeating: 1))
    let bias = Variable(Tensor(zeros: [d]))
    let upstream = Tensor.randn([rows, d], rng: &rng)
    /// Median seconds of forward + backward over `repeats` runs.
    func time(_ norm: (Tape) -> Variable) -> Double {
        let repeats = nb.isQuick ? 5 : 200
        let seconds = (0...repeats).map { _ in
            let clock = Stopwatch()
            let tape = Tape()
            tape.backward(from: norm(tape), seed: upstream)
            return clock.seconds
        }.dropFirst().sorted()  // the first run warms the caches
        return seconds[seconds.count / 2]
    }
    let layer = time { $0.layerNorm(x, gain: gain, bias: bias, eps: 1e-5) }
    let rms = time { $0.rmsNorm(x, gain: gain, eps: 1e-5) }
    func micro(_ s: Double) -> String { String(format: "%.0f µs", s * 1e6) }
    try nb.table("norms", headers: ["", "LayerNorm (GPT-2)", "RMSNorm (Llama)"], rows: [
        ["subtracts the mean", "yes", "no"],
        ["weights per norm (gain, bias)", "\(2 * d)", "\(d)"],
        ["norms in the chapter-4 model", "\(2 * config.depth + 1)", "\(2 * config.depth + 1)"],
        ["forward + backward, [\(rows), \(d)], median", micro(layer), micro(rms)],
    ])
}

func huggingFaceParity(_ nb: Notebook) throws {
    let fixtures = URL(fileURLWithPath: "Tests/Fixtures/llama")
    var rows: [[String]] = []
    for name in ["tied", "untied"] {
        let directory = fixtures.appendingPathComponent(name)
        let model = try LlamaModel(huggingFaceDirectory: directory)
        let recorded = try readJSON(RecordedLogits.self,
                                    from: directory.appendingPathComponent("logits.json"))
        let logits = try model.logits(Tape(), ids: recorded.ids.map(Int32.init), batch: 1)
        let gap = zip(logits.value.scalars, recorded.logits.flatMap { $0 })
            .map { abs(Double($0) - $1) }.max() ?? .infinity
        rows.append([name, model.config.tiedEmbeddings ? "tied" : "untied",
                     model.countedParameters.formatted(), "\(recorded.ids.count)",
                     String(format: "%.1e", gap)])
    }
    try nb.table("hf-parity", headers: ["checkpoint", "LM head", "parameters", "tokens",
                                        "max |our logit − transformers'|"], rows: rows)
}

/// What Tests/Fixtures/llama/make_fixture.py recorded from transformers.
struct RecordedLogits: Decodable {
    let ids: [Int]
    let logits: [[Double]]
}

func untrainedGeneration(_ nb: Notebook) throws {
    let tokenizer: BPETokenizer
    do {
        tokenizer = try BPETokenizer(contentsOf: TokenizerPaths.tokenizer)
    } catch {
        throw InputError("\(error); run chapter 1 first (`book run 01`)")
    }
    let model = try LlamaModel(try chapterFourConfig(), seed: 1)
    let prompt = tokenizer.encodeOrdinary("ROMEO.\nBut soft, what light").map(Int32.init)
    var rng = RandomGenerator(seed: 7)
    let count = nb.isQuick ? 8 : 24
    var samples: [String] = []
    for temperature: Float in [0, 1] {
        let ids = try generate(model, prompt: prompt, count: count,
                               sampler: try Sampler(temperature: temperature), rng: &rng)
        samples.append("temperature \(temperature):\n"
            + (try tokenizer.decodeText(ids.map(Int.init))))
    }
    try nb.verbatim("untrained-samples") { samples.joined(separator: "\n\n") }
}
