import Book
import Foundation
import Model

/// The inference engine: a Llama run from its stored weights, quantized
/// blocks and all, with a KV cache. The same computation as chapter 3's
/// `LlamaModel` (tested equal to it), organized for generating text rather
/// than training: no tape, no gradients, one new token at a time after a
/// prompt, and every matrix product on the file's own bytes.
public final class QuantizedLlama {
    public let config: ModelConfig
    public let kernels: Kernels
    let embedding: WeightMatrix        // [vocab, width]
    let layers: [Layer]
    let norm: [Float]                  // [width]
    let head: WeightMatrix             // [vocab, width]; the embedding if tied
    let rope: RotaryEmbedding

    /// How matrix products run: on 8-bit activations against the stored
    /// blocks (`quantized`, as llama.cpp does), or with every row expanded
    /// to Float32 and Float32 activations (`reference`).
    public enum Kernels: Sendable { case quantized, reference }

    struct Layer {
        let attentionNorm: [Float], ffnNorm: [Float]
        let wq: WeightMatrix, wk: WeightMatrix, wv: WeightMatrix, wo: WeightMatrix
        let gate: WeightMatrix, up: WeightMatrix, down: WeightMatrix
    }

    public init(gguf file: GGUFFile, kernels: Kernels = .quantized) throws {
        config = try ModelConfig(gguf: file)
        self.kernels = kernels
        try file.checkLlamaTensors(config)
        let c = config
        // The quantized kernels read rows interleaved in 16s; once a matrix
        // is copied, its pages of the file leave resident memory.
        func matrix(_ name: String, order: [Int]? = nil) -> WeightMatrix {
            let tensor = file.tensor(named: name)!
            var w = WeightMatrix(file, tensor)
            if let order { w = w.reorderingRows(order) }
            if kernels == .quantized { w = w.interleavingRows() }
            if order != nil || w.interleaved { file.releasePages(of: tensor) }
            return w
        }
        func vector(_ name: String) -> [Float] {
            file.dequantized(file.tensor(named: name)!).scalars
        }
        // GGUF keeps W_q and W_k rows in RoPE's interleaved order (see the
        // core's RoPE); reorder them once to the rotate-half order used here.
        let rope = try RotaryEmbedding(headDim: c.headDim, maxSequenceLength: c.contextLength,
                                       base: c.ropeBase)
        self.rope = rope
        func headOrder(_ heads: Int) -> [Int] {
            (0..<heads).flatMap { h in rope.rotateHalfOrder.map { h * c.headDim + $0 } }
        }
        // The largest matrix first: while a matrix is copied, both its copy
        // and its pages of the file are resident, so memory peaks here.
        let embedding = matrix("token_embd.weight")
        self.embedding = embedding
        layers = (0..<c.depth).map { i in
            let p = "blk.\(i)."
            return Layer(
                attentionNorm: vector(p + "attn_norm.weight"),
                ffnNorm: vector(p + "ffn_norm.weight"),
                wq: matrix(p + "attn_q.weight", order: headOrder(c.heads)),
                wk: matrix(p + "attn_k.weight", order: headOrder(c.kvHeads)),
                wv: matrix(p + "attn_v.weight"), wo: matrix(p + "attn_output.weight"),
                gate: matrix(p + "ffn_gate.weight"), up: matrix(p + "ffn_up.weight"),
                down: matrix(p + "ffn_down.weight"))
        }
        head = c.tiedEmbeddings ? embedding : matrix("output.weight")
        norm = vector("output_norm.weight")
    }

    /// A cache for up to `capacity` tokens (at most the context length).
    public func makeCache(capacity: Int? = nil) -> KVCache {
        KVCache(layers: config.depth, kvHeads: config.kvHeads, headDim: config.headDim,
                capacity: min(capacity ?? config.contextLength, config.contextLength))
    }

    /// Bytes of weights a token reads: every matrix once (the tied
    /// embedding's lookup is one row; as the head it is read in full).
    public var weightBytesPerToken: Int {
        layers.reduce(0) { total, l in
            total + [l.wq, l.wk, l.wv, l.wo, l.gate, l.up, l.down].reduce(0) { $0 + $1.byteCount }
        } + head.byteCount
    }

    // listing: engine-forward
    /// Reads `tokens` at the positions after those in `cache`, adds their
    /// keys and values to it, and returns the logits of the last token
    /// ([vocab]) or, with `allLogits`, of every token ([n, vocab]).
    public func forward(_ tokens: [Int32], cache: KVCache, allLogits: Bool = false) throws
        -> [Float]
    {
        let (n, width, start) = (tokens.count, config.width, cache.count)
        guard n > 0 else { throw InputError("no tokens to run") }
        guard start + n <= cache.capacity else {
            throw InputError("\(start + n) tokens exceed the context of \(cache.capacity)")
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= config.vocabSize }) {
            throw InputError("token id \(bad) is not in 0..<\(config.vocabSize)")
        }
        var x = [Float](repeating: 0, count: n * width)       // [n, width]
        x.withUnsafeMutableBufferPointer { x in
            for (t, id) in tokens.enumerated() {
                embedding.dequantizeRow(Int(id), into: x.baseAddress! + t * width)
            }
        }
        for (l, layer) in layers.enumerated() {
            let a = rmsNorm(x, gain: layer.attentionNorm, rows: n)
            let qkv = products([layer.wq, layer.wk, layer.wv], a, n)
            var (q, k) = (qkv[0], qkv[1])                     // [n, heads · d], [n, kvHeads · d]
            let v = qkv[2]                                    // [n, kvHeads · d]
            applyRoPE(&q, heads: config.heads, start: start)
            applyRoPE(&k, heads: config.kvHeads, start: start)
            store(k, v, layer: l, start: start, into: cache)
            let context = attention(q, layer: l, start: start, cache: cache)
            add(product(layer.wo, context, n), to: &x)        // residual
            let f = rmsNorm(x, gain: layer.ffnNorm, rows: n)
            let gu = products([layer.gate, layer.up], f, n)
            let (g, u) = (gu[0], gu[1])                       // [n, ffnWidth]
            let h = swiglu(g, u)                              // [n, ffnWidth]
            add(product(layer.down, h, n), to: &x)            // residual
        }
        cache.append(tokens)
        let last = allLogits ? x : Array(x[(n - 1) * width..<n * width])
        return product(head, rmsNorm(last, gain: norm, rows: last.count / width),
                       last.count / width)
    }
    // end listing

    /// From this many rows of activations on, products expand the weights
    /// and use sgemm (`timesExpanded`); below, they run on the blocks.
    static let expandFrom = 8

    /// x Wᵀ for n rows of x, by this engine's kernels.
    func product(_ w: WeightMatrix, _ x: [Float], _ n: Int) -> [Float] {
        products([w], x, n)[0]
    }

    /// x Wᵀ for every matrix in `ws`, all reading the same rows of x: the
    /// 8-bit activations are made once, and one parallel loop covers the
    /// rows of all the matrices (one wake-up of the cores, not three).
    ///
    ///   x: [n, columns]  →  one [n, w.rows] per w
    func products(_ ws: [WeightMatrix], _ x: [Float], _ n: Int) -> [[Float]] {
        let outputs = ws.map { UnsafeMutablePointer<Float>.allocate(capacity: n * $0.rows) }
        defer { outputs.forEach { $0.deallocate() } }
        x.withUnsafeBufferPointer { x in
            let x = x.baseAddress!
            if kernels == .quantized, n < Self.expandFrom, ws.allSatisfy({ $0.type.blockSize == 32 }) {
                let activations = QuantizedActivations(x, rows: n, columns: ws[0].columns)
                let starts = ws.reduce(into: [0]) { $0.append($0.last! + $1.rows) }
                let shared = UncheckedSendable(outputs)
                WorkerPool.shared.parallelFor(starts.last!, unit: 16) { range in
                    for (i, w) in ws.enumerated() {
                        // This chunk's share of matrix i's rows, if any.
                        let low = max(range.lowerBound, starts[i]), high = min(range.upperBound, starts[i + 1])
                        guard low < high else { continue }
                        w.times(activations, rows: low - starts[i]..<high - starts[i],
                                into: shared.value[i])
                    }
                }
            } else {
                for (w, y) in zip(ws, outputs) {
                    if kernels == .quantized { w.timesExpanded(x, n: n, into: y) }
                    else { w.times(x, n: n, into: y) }
                }
            }
        }
        return zip(ws, outputs).map { Array(UnsafeBufferPointer(start: $1, count: n * $0.rows)) }
    }

    /// Each row divided by its root mean square, times the gain.
    func rmsNorm(_ x: [Float], gain: [Float], rows: Int) -> [Float] {
        let (width, eps) = (gain.count, config.normEpsilon)
        var y = [Float](repeating: 0, count: x.count)
        y.withUnsafeMutableBufferPointer { y in
            for r in 0..<rows {
                x.withUnsafeBufferPointer { x in
                    let row = x.baseAddress! + r * width
                    let meanSquare = dot(row, row, count: width) / Float(width)
                    let scale = Lanes(repeating: 1 / (meanSquare + eps).squareRoot())
                    zipMap(row, gain, y.baseAddress! + r * width, count: width) { $0 * scale * $1 }
                }
            }
        }
        return y
    }

    /// SwiGLU's gate: silu(g) ⊙ u, with the core's vector exp.
    func swiglu(_ g: [Float], _ u: [Float]) -> [Float] {
        var h = [Float](repeating: 0, count: g.count)
        zipMap(g, u, &h, count: g.count) { g, u in g / (1 + exp(-g)) * u }
        return h
    }

    /// RoPE in the rotate-half layout on each head of rows [n, heads · d],
    /// row t at position start + t.
    func applyRoPE(_ x: inout [Float], heads: Int, start: Int) {
        let d = config.headDim, half = d / 2
        let rows = x.count / (heads * d)
        for t in 0..<rows {
            let (cos, sin) = (rope.cos.data + (start + t) * half, rope.sin.data + (start + t) * half)
            for h in 0..<heads {
                let base = (t * heads + h) * d
                for i in 0..<half {
                    let (a, b) = (x[base + i], x[base + i + half])
                    x[base + i] = a * cos[i] - b * sin[i]
                    x[base + i + half] = b * cos[i] + a * sin[i]
                }
            }
        }
    }

    /// Writes the keys and values of rows [n, kvHeads · d] to the cache.
    func store(_ k: [Float], _ v: [Float], layer l: Int, start: Int, into cache: KVCache) {
        let d = config.headDim, kvHeads = config.kvHeads
        for t in 0..<k.count / (kvHeads * d) {
            for h in 0..<kvHeads {
                let offset = cache.offset(l, h, start + t), source = (t * kvHeads + h) * d
                for i in 0..<d {
                    cache.keys[offset + i] = k[source + i]
                    cache.values[offset + i] = v[source + i]
                }
            }
        }
    }

    // listing: cached-attention
    /// Causal attention of the new rows' queries over the cache: query t
    /// (at position start + t) sees positions 0 … start + t. Query head h
    /// reads KV head h / (heads / kvHeads). Per head, two matrix products
    /// with the cached keys and values (they lie contiguous in the cache):
    ///
    ///   scores = Q Kᵀ / √d   [n, visible]    (masked, softmax per row)
    ///   output = scores V    [n, d]
    ///
    ///   q: [n, heads · d]  →  [n, heads · d]
    func attention(_ q: [Float], layer l: Int, start: Int, cache: KVCache) -> [Float] {
        let (d, heads) = (config.headDim, config.heads)
        let group = heads / config.kvHeads, n = q.count / (heads * d)
        let visible = start + n
        var out = [Float](repeating: 0, count: q.count)
        out.withUnsafeMutableBufferPointer { out in
            let result = UncheckedSendable(out.baseAddress!)
            q.withUnsafeBufferPointer { q in
                WorkerPool.shared.parallelFor(heads) { range in
                    if n == 1 {  // decoding: matrix–vector products
                        for h in range {
                            attendOne(q.baseAddress! + h * d, layer: l, kvHead: h / group,
                                      visible: visible, cache: cache, into: result.value + h * d)
                        }
                        return
                    }
                    let query = UnsafeMutablePointer<Float>.allocate(capacity: n * d)
                    let scores = UnsafeMutablePointer<Float>.allocate(capacity: n * visible)
                    let output = UnsafeMutablePointer<Float>.allocate(capacity: n * d)
                    defer { query.deallocate(); scores.deallocate(); output.deallocate() }
                    for h in range {
                        for t in 0..<n {  // this head's queries, as one [n, d] matrix
                            (query + t * d).update(from: q.baseAddress! + (t * heads + h) * d, count: d)
                        }
                        let kv = cache.offset(l, h / group, 0)
                        gemm(query, cache.keys + kv, scores, m: n, n: visible, k: d,
                             transposeB: true, alpha: 1 / Float(d).squareRoot(), threads: 1)
                        for t in 0..<n {
                            softmax(scores + t * visible, valid: start + t + 1, count: visible)
                        }
                        gemm(scores, cache.values + kv, output, m: n, n: d, k: visible, threads: 1)
                        for t in 0..<n {
                            (result.value + (t * heads + h) * d).update(from: output + t * d, count: d)
                        }
                    }
                }
            }
        }
        return out
    }

    /// One query's attention over the cache, for decoding: the two products
    /// are matrix–vector products, written out here, since for one row a
    /// BLAS call costs more than the arithmetic (and so, once per cached
    /// position, does a call into the core's `dot`).
    ///
    ///   query: [d]  →  out: [d]
    func attendOne(_ query: UnsafePointer<Float>, layer l: Int, kvHead: Int, visible: Int,
                   cache: KVCache, into out: UnsafeMutablePointer<Float>) {
        let d = config.headDim, scale = 1 / Float(d).squareRoot()
        let keys = cache.keys + cache.offset(l, kvHead, 0)      // [visible, d]
        let values = cache.values + cache.offset(l, kvHead, 0)  // [visible, d]
        withUnsafeTemporaryAllocation(of: Float.self, capacity: visible) { scores in
            let p = scores.baseAddress!
            for j in 0..<visible { p[j] = scale * Self.headDot(query, keys + j * d, d) }
            softmax(p, valid: visible, count: visible)
            Self.weightedSum(p, of: values, rows: visible, d, into: out)
        }
    }
    // end listing

    /// Σ a_i · b_i over d values, inlined where it is used.
    @inline(__always)
    static func headDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var acc = Lanes(), i = 0
        while i + 16 <= d {
            acc.addProduct(UnsafeRawPointer(a + i).loadUnaligned(as: Lanes.self),
                           UnsafeRawPointer(b + i).loadUnaligned(as: Lanes.self))
            i += 16
        }
        let eight = acc.lowHalf + acc.highHalf, four = eight.lowHalf + eight.highHalf
        var sum = four[0] + four[1] + four[2] + four[3]
        while i < d { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    /// out = Σ_j w_j · row j of `rows` ([n, d]), 16 columns at a time.
    @inline(__always)
    static func weightedSum(_ w: UnsafePointer<Float>, of rows: UnsafePointer<Float>, rows n: Int,
                            _ d: Int, into out: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 16 <= d {
            var acc = Lanes()
            for j in 0..<n {
                acc.addProduct(Lanes(repeating: w[j]),
                               UnsafeRawPointer(rows + j * d + i).loadUnaligned(as: Lanes.self))
            }
            UnsafeMutableRawPointer(out + i).storeBytes(of: acc, as: Lanes.self)
            i += 16
        }
        while i < d {
            out[i] = (0..<n).reduce(0) { $0 + w[$1] * rows[$1 * d + i] }
            i += 1
        }
    }

    /// Softmax over the first `valid` entries of a row, zeroing the rest
    /// (the positions after the query's own: the causal mask).
    func softmax(_ row: UnsafeMutablePointer<Float>, valid: Int, count: Int) {
        let top = Lanes(repeating: maximum(row, count: valid))
        map(row, row, count: valid) { exp($0 - top) }
        let scale = Lanes(repeating: 1 / sum(row, count: valid))
        map(row, row, count: valid) { $0 * scale }
        (row + valid).update(repeating: 0, count: count - valid)
    }

    func add(_ y: [Float], to x: inout [Float]) {
        x.withUnsafeMutableBufferPointer { x in
            zipMap(x.baseAddress!, y, x.baseAddress!, count: x.count) { $0 + $1 }
        }
    }
}
