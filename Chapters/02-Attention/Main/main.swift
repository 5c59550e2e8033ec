// Chapter 2 — Attention, as a notebook.
//
//   swift run -c release ch02-attention [--quick]
import Attention
import Book
import Notebook
import Foundation
import Tokenizer

Notebook.run(chapter: "02") { nb in
    let (pieces, embeddings) = try sentence(nb)
    try weightlessAttention(nb, pieces: pieces, embeddings: embeddings)
    try multiHeadAttention(nb, pieces: pieces, embeddings: embeddings)
    try rotaryEmbeddings(nb)
    try kvCacheMemory(nb)
}

/// A line of Shakespeare as GPT-4 tokenizes it, with a random embedding
/// per token (no model is trained yet; the mechanics do not need one).
func sentence(_ nb: Notebook) throws -> (pieces: [String], embeddings: Tensor) {
    let cl100k = try Encoding.cl100kBase()
    let text = "The quality of mercy is not strained"
    let ids = cl100k.encodeOrdinary(text)
    let pieces = ids.map { String(decoding: cl100k.bytePairEncoder.bytes(of: $0)!,
                                  as: UTF8.self) }
    try nb.table("tokens", headers: ["position", "token", "id"],
                 rows: zip(pieces, ids).enumerated().map { ["\($0)", "`\($1.0)`", "\($1.1)"] })
    var rng = RandomGenerator(seed: 2)
    return (pieces, Tensor.randn([ids.count, 8], std: 0.5, rng: &rng))
}

func weightlessAttention(_ nb: Notebook, pieces: [String], embeddings: Tensor) throws {
    let tape = Tape()
    let (weights, context) = simpleSelfAttention(
        tape, Variable(embeddings, requiresGrad: false))
    try nb.text("simple-weights") {
        weights.value.markdownTable(precision: 2, rowLabels: pieces.map { "`\($0)`" },
                                    columnLabels: pieces.map { "`\($0)`" })
    }
    try nb.text("simple-context") {
        "Context vectors: \(context.shape), one per token, each a weighted "
            + "average of all \(pieces.count) embeddings."
    }
}

func multiHeadAttention(_ nb: Notebook, pieces: [String], embeddings: Tensor) throws {
    let t = pieces.count
    let config = try AttentionConfig(width: 64, heads: 4, kvHeads: 2, maxSequenceLength: 64)
    var rng = RandomGenerator(seed: 3)
    let attention = try MultiHeadAttention(config, rng: &rng)
    // The 8-wide embeddings, widened to the layer's 64 by a fixed random map.
    let widen = Tensor.randn([8, 64], rng: &rng)
    let tape = Tape()
    let x = tape.matmul(Variable(embeddings.reshaped([1, t, 8]), requiresGrad: false),
                        Variable(widen, requiresGrad: false))
    let (output, weights) = try attention.reference(tape, x, rng: &rng)
    let head0 = weights.value.rows(0..<1).reshaped([4, t, t]).rows(0..<1).reshaped([t, t])
    try nb.figure("attention-heatmap", Heatmap(
        head0, rowLabels: pieces, columnLabels: pieces,
        xlabel: "key", ylabel: "query", colorLabel: "attention weight", showsValues: true))

    // Dropout on the weights, as GPT-2 trains: survivors scaled by 1/(1 − p).
    var dropRNG = RandomGenerator(seed: 4)
    let dropped = tape.dropout(Variable(head0.copy(), requiresGrad: false),
                               probability: 0.5, rng: &dropRNG)
    try nb.text("dropout-weights") {
        "With p = 0.5:\n\n" + dropped.value.markdownTable(precision: 2, rowLabels: pieces.map { "`\($0)`" },
                                    columnLabels: pieces.map { "`\($0)`" })
    }
    try nb.table("fused-vs-reference",
                 headers: ["configuration", "T", "max |Δ output|", "max |Δ gradient|"],
                 rows: try fusedAgainstReference(quick: nb.isQuick))
    _ = output
}

/// The fused op against the step-by-step reference: outputs and the
/// gradients of every weight, for MHA, GQA and MQA.
func fusedAgainstReference(quick: Bool) throws -> [[String]] {
    let cases = [("MHA, 8 heads / 8 KV", 8), ("GQA, 8 heads / 2 KV", 2),
                 ("MQA, 8 heads / 1 KV", 1)]
    let t = quick ? 33 : 129
    return try cases.map { name, kvHeads in
        let config = try AttentionConfig(width: 128, heads: 8, kvHeads: kvHeads,
                                         maxSequenceLength: t)
        var rng = RandomGenerator(seed: 5)
        let attention = try MultiHeadAttention(config, rng: &rng)
        let x = Tensor.randn([2, t, 128], rng: &rng)
        func run(_ body: (Tape, Variable) throws -> Variable) throws -> ([Float], [[Float]]) {
            attention.parameters.forEach { $0.zeroGrad() }
            let tape = Tape()
            let y = try body(tape, Variable(x, requiresGrad: false))
            tape.backward(from: tape.sum(tape.mul(y, y)))
            return (y.value.scalars, attention.parameters.map { $0.grad!.scalars })
        }
        var unused = RandomGenerator(seed: 0)
        let reference = try run { try attention.reference($0, $1, rng: &unused).output }
        let fused = try run { try attention($0, $1) }
        func gap(_ a: [Float], _ b: [Float]) -> Float {
            zip(a, b).map { abs($0 - $1) }.max() ?? 0
        }
        let gradientGap = zip(reference.1, fused.1).map(gap).max() ?? 0
        return [name, "\(t)", String(format: "%.1e", gap(reference.0, fused.0)),
                String(format: "%.1e", gradientGap)]
    }
}

func rotaryEmbeddings(_ nb: Notebook) throws {
    try ropeAgainstReference(nb)
    // Llama 2's base, SmolLM2's and Llama 3's.
    let bases = [10_000.0, 100_000.0, 500_000.0]
    let tables = try bases.map { try RotaryEmbedding(headDim: 64, maxSequenceLength: 4096,
                                                     base: $0) }
    try nb.figure("rope-frequencies", LinePlot(
        zip(bases, tables).map { base, table in
            .init("base \(Int(base).formatted())", x: Array(0..<32), y: table.frequencies)
        }, xlabel: "pair i of the head's 64 dimensions",
        ylabel: "rotation per position θᵢ (radians)", logY: true, markers: true))
    try nb.text("rope-periods") {
        let slowest = zip(bases, tables).map { base, table in
            "every \(Int((2 * Double.pi / table.frequencies.last!).rounded()).formatted()) "
                + "positions at base \(Int(base).formatted())"
        }
        return "The fastest pair turns by \(String(format: "%.0f", tables[0].frequencies[0])) "
            + "radian per position at any base; the slowest turns once "
            + slowest.joined(separator: ", ") + "."
    }

    // q = k = all ones: the score's decay with distance (Su et al., 2021).
    let ones = [Double](repeating: 1, count: 64)
    let distances = Array(1...(nb.isQuick ? 256 : 4096))
    try nb.figure("rope-decay", LinePlot(
        zip(bases, tables).map { base, table in
            .init("base \(Int(base).formatted())", x: distances, y: distances.map {
                table.score(query: ones, key: ones, queryPosition: $0, keyPosition: 0) / 64
            })
        }, xlabel: "relative distance m − n",
        ylabel: "⟨rope(q, m), rope(k, n)⟩ / ⟨q, k⟩, q = k = 1", logX: true))

    var rng = RandomGenerator(seed: 6)
    let q = (0..<64).map { _ in rng.normal() }, k = (0..<64).map { _ in rng.normal() }
    let table = tables[0]
    let pairs = [(5, 2), (105, 102), (2005, 2002), (2, 5), (1002, 1005)]
    try nb.table("rope-relative", headers: ["query position m", "key position n",
                                            "m − n", "score"],
                 rows: pairs.map { m, n in
                     ["\(m)", "\(n)", "\(m - n)", String(format: "%.10f",
                        table.score(query: q, key: k, queryPosition: m, keyPosition: n))]
                 })
}

func kvCacheMemory(_ nb: Notebook) throws {
    let models = [
        KVCacheMemory("this book's chapter-4 model", layers: 6, heads: 6, kvHeads: 2, headDim: 64),
        KVCacheMemory("SmolLM2-135M", layers: 30, heads: 9, kvHeads: 3, headDim: 64),
        KVCacheMemory("Llama-3-8B", layers: 32, heads: 32, kvHeads: 8, headDim: 128),
    ]
    func kib(_ bytes: Int) -> String { String(format: "%.1f KiB", Double(bytes) / 1024) }
    func mib(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }
    try nb.table("kv-cache", headers: ["model", "layers × heads / KV heads × d",
                                       "MHA per token", "GQA per token", "MQA per token",
                                       "GQA, 4k context"],
                 rows: models.map { m in
                     [m.name, "\(m.layers) × \(m.heads) / \(m.kvHeads) × \(m.headDim)",
                      kib(m.bytesPerToken(kvHeads: m.heads)), kib(m.bytesPerToken()),
                      kib(m.bytesPerToken(kvHeads: 1)), mib(4096 * m.bytesPerToken())]
                 })
}

/// The core's `rope` against the listed plain-array version, forward and
/// backward, on a batch of heads whose half-width (17) is one SIMD block
/// and a ragged tail. The tests check more shapes; this shows the result.
func ropeAgainstReference(_ nb: Notebook) throws {
    let (shape, start) = ([2, 3, 9, 34], 4)
    let table = try RotaryEmbedding(headDim: shape[3], maxSequenceLength: 16)
    var rng = RandomGenerator(seed: 7)
    let x = Variable(Tensor.randn(shape, rng: &rng))
    let dy = Tensor.randn(shape, rng: &rng)
    let tape = Tape()
    let y = try tape.rope(x, table, startPosition: start)
    tape.backward(from: y, seed: dy)
    let forward = ropeReference(x.value.scalars, time: shape[2], table: table,
                                startPosition: start)
    let backward = ropeReference(dy.scalars, time: shape[2], table: table,
                                 startPosition: start, inverse: true)
    func same(_ a: [Float], _ b: [Float]) -> Int { zip(a, b).filter { $0 == $1 }.count }
    try nb.text("rope-reference") {
        "On a \(shape) tensor from position \(start), `rope` and `ropeReference` "
            + "give the same value in \(same(y.value.scalars, forward).formatted()) of "
            + "the \(forward.count.formatted()) places, and the backward pass the same "
            + "gradient in \(same(x.grad!.scalars, backward).formatted()) of "
            + "\(backward.count.formatted())."
    }
}
