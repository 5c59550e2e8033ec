import Book
import Foundation
import Model
import Notebook
import Pretrained
import Pretraining
import Tokenizer

/// The formats, their sizes, and what they cost in error and perplexity.
func quantizationSection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    let formats: [GGMLType] = [.f32, .f16, .q8_0, .q4_1, .q4_0]
    let parameters = smol.engine.config.parameterCount
    func megabytes(_ type: GGMLType) -> Double {
        Double(parameters) * type.bitsPerValue / 8 / 1e6
    }
    try nb.table("formats", headers: ["format", "values per block", "bytes per block",
                                      "bits per value", "SmolLM2-135M in it (MB)"],
                 rows: formats.map { t in
                     [t.name, "\(t.blockSize)", "\(t.bytesPerBlock)",
                      String(format: "%.1f", t.bitsPerValue), String(format: "%.0f", megabytes(t))]
                 })
    try nb.figure("model-size", BarChart(
        categories: formats.map(\.name), values: formats.map(megabytes),
        xlabel: "format", ylabel: "SmolLM2-135M's weights (MB)"))

    // Chapter 4's trained weights, still in Float32: the real thing to quantize.
    let run = nb.locations.chapterDirectory("04").appendingPathComponent("run")
    let (model, _, _) = try loadCheckpoint(run)
    let lossy: [GGMLType] = [.f16, .q8_0, .q4_1, .q4_0]
    let errors = try lossy.map { type in try relativeError(model, type) }
    try nb.figure("quantization-error", BarChart(
        categories: lossy.map(\.name), values: errors,
        xlabel: "format", ylabel: "relative RMS error of the weights", logY: true))

    // Each format as a GGUF file, run by the engine on held-out text.
    let tokenizer = try BPETokenizer(contentsOf: TokenizerPaths.tokenizer)
    let text = try String(contentsOf: TokenizerPaths.output.appendingPathComponent("val.txt"),
                          encoding: .utf8)
    let context = model.config.contextLength
    let windows = nb.isQuick ? 4 : 40
    let ids = tokenizer.encodeOrdinary(text).prefix(windows * context).map(Int32.init)
    let exports = nb.locations.chapterDirectory("05").appendingPathComponent("exports")
    try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
    var rows: [[String]] = [], perplexities: [Double] = []
    for type in formats {
        let url = exports.appendingPathComponent("shakespeare-\(type.name).gguf")
        try model.gguf(tokenizer: tokenizer, name: "chapter 4 Shakespeare", type: type)
            .write(to: url)
        let engine = try QuantizedLlama(gguf: try GGUFFile(contentsOf: url))
        let result = try engine.perplexity(of: Array(ids), context: context)
        perplexities.append(result.perplexity)
        let bytes = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        rows.append([type.name, bytes.formatted(), String(format: "%.3f", result.perplexity),
                     String(format: "%+.2f %%", 100 * (result.perplexity / perplexities[0] - 1))])
    }
    try nb.table("format-perplexity",
                 headers: ["format", "file bytes", "perplexity", "vs F32"], rows: rows)
    try nb.figure("perplexity-per-format", BarChart(
        categories: formats.map(\.name), values: perplexities,
        xlabel: "format", ylabel: "perplexity, chapter 4's model (held-out text)"))
}

/// √(Σ (w − ŵ)² / Σ w²) over every matrix of `model`, ŵ its values after
/// a round trip through `type`.
func relativeError(_ model: LlamaModel, _ type: GGMLType) throws -> Double {
    var error = 0.0, total = 0.0
    for (_, variable) in model.namedParameters where variable.value.rank == 2 {
        let w = variable.value
        let bytes = quantize(w.data, count: w.count, as: type)
        var back = [Float](repeating: 0, count: w.count)
        bytes.withUnsafeBytes { dequantize($0, type: type, count: w.count, into: &back) }
        for i in 0..<w.count {
            error += Double(w.data[i] - back[i]) * Double(w.data[i] - back[i])
            total += Double(w.data[i]) * Double(w.data[i])
        }
    }
    return (error / total).squareRoot()
}
