// Layout: [batch, heads, T, headDim]. Each (batch, head) is then one
// contiguous [T, headDim] matrix, so every product of the per-head
// algorithm is a plain row-major gemm with no strides or copies. The
// model's projections give [batch, T, heads · headDim]; the one transpose
// into this layout is cheap next to attention's T² work.

extension Tape {
    // listing: causal-attention
    /// Causal scaled dot-product attention with grouped-query heads.
    ///
    ///   q: [batch, heads, T, headDim]
    ///   k, v: [batch, kvHeads, T, headDim]
    ///   →  [batch, heads, T, headDim]
    ///
    /// kvHeads divides heads; query head h reads KV head
    /// h / (heads / kvHeads) (no K/V copies). Query i attends to keys
    /// j ≤ i with weights softmax_j(q_i · k_j / √headDim). Only the output
    /// and each row's logsumexp are kept: no T×T matrix outlives its row
    /// block, and the backward pass recomputes the weights.
    public func causalAttention(_ q: Variable, _ k: Variable,
                                _ v: Variable) -> Variable {
        let s = AttentionShape(q.shape, k.shape, v.shape)
        let out = output(q.shape, of: q, k, v)
        let lse = Tensor(zeros: [s.batch, s.heads, s.time])
        let (Q, K, V) = (q.value.data, k.value.data, v.value.data)
        let (O, L) = (out.value.data, lse.data)
        // One task per (batch, query head); a thread reuses one scratch
        // block of scores, [rowBlock, T], for all its tasks.
        s.parallelTasks(s.batch * s.heads, scratch: 1) { task, scores in
            let (b, h) = (task / s.heads, task % s.heads)
            let kv = s.matrix(b, s.kvHead(h), of: s.kvHeads)
            let qo = s.matrix(b, h, of: s.heads)
            attentionHeadForward(
                q: Q + qo, k: K + kv, v: V + kv, out: O + qo,
                lse: L + qo / s.headDim, scores: scores[0],
                time: s.time, headDim: s.headDim)
        }
        record(out) { Tape.attentionBackward(q, k, v, out, lse, s) }
        return out
    }
    // end listing

    // listing: causal-attention-backward
    /// dQ, dK, dV of `causalAttention`, added into the gradients. One task
    /// per (batch, KV head) runs that head's query heads in turn: the dK and
    /// dV they share are written by one thread only, so no two threads race.
    private static func attentionBackward(
        _ q: Variable, _ k: Variable, _ v: Variable, _ out: Variable,
        _ lse: Tensor, _ s: AttentionShape
    ) {
        let (Q, K, V) = (q.value.data, k.value.data, v.value.data)
        let (O, dO, L) = (out.value.data, out.gradient.data, lse.data)
        let dQ = q.requiresGrad ? q.gradient.data : nil
        let dK = k.requiresGrad ? k.gradient.data : nil
        let dV = v.requiresGrad ? v.gradient.data : nil
        s.parallelTasks(s.batch * s.kvHeads, scratch: 2) { task, buffers in
            let (b, kvHead) = (task / s.kvHeads, task % s.kvHeads)
            let kv = s.matrix(b, kvHead, of: s.kvHeads)
            for h in kvHead * s.group..<(kvHead + 1) * s.group {
                let qo = s.matrix(b, h, of: s.heads)
                attentionHeadBackward(
                    q: Q + qo, k: K + kv, v: V + kv, out: O + qo,
                    dOut: dO + qo, lse: L + qo / s.headDim,
                    dQ: dQ.map { $0 + qo }, dK: dK.map { $0 + kv },
                    dV: dV.map { $0 + kv },
                    probs: buffers[0], dScores: buffers[1],
                    time: s.time, headDim: s.headDim)
            }
        }
    }
    // end listing
}

/// The sizes of a `causalAttention` call, checked once, and how its heads
/// are laid out and split across threads.
struct AttentionShape {
    let batch: Int, heads: Int, kvHeads: Int, time: Int, headDim: Int

    init(_ q: [Int], _ k: [Int], _ v: [Int]) {
        precondition(q.count == 4 && k.count == 4 && v.count == 4,
                     "causalAttention: q \(q), k \(k), v \(v) must each be "
                     + "[batch, heads, T, headDim]")
        precondition(k == v, "causalAttention: k \(k) and v \(v) differ")
        precondition(q[0] == k[0],
                     "causalAttention: batch \(q[0]) in q, \(k[0]) in k/v")
        precondition(q[2] == k[2],
                     "causalAttention: T \(q[2]) in q, \(k[2]) in k/v")
        precondition(q[3] == k[3],
                     "causalAttention: headDim \(q[3]) in q, \(k[3]) in k/v")
        precondition(k[1] > 0 && q[1] % k[1] == 0,
                     "causalAttention: kvHeads \(k[1]) must divide "
                     + "heads \(q[1])")
        (batch, heads, kvHeads, time, headDim) = (q[0], q[1], k[1], q[2], q[3])
    }

    /// Query heads per KV head.
    var group: Int { heads / kvHeads }

    /// The KV head that query head `h` reads.
    func kvHead(_ h: Int) -> Int { h / group }

    /// Offset of the [T, headDim] matrix of (batch b, head h) in a tensor
    /// with `count` heads.
    func matrix(_ b: Int, _ h: Int, of count: Int) -> Int {
        (b * count + h) * time * headDim
    }

    /// Runs `body(task, scratch)` for every task in `0..<tasks`, split across
    /// cores; each thread gets `scratch` buffers of [rowBlock, T] floats,
    /// reused for all its tasks. The per-head kernels' gemms run on their
    /// task's thread only (`threads: 1`): the heads keep every core busy.
    func parallelTasks(_ tasks: Int, scratch: Int,
                       _ body: (Int, [UnsafeMutablePointer<Float>]) -> Void) {
        let size = attentionRowBlock * time
        parallelFor(tasks, grain: 1) { range in
            let buffers = (0..<scratch).map { _ in
                UnsafeMutablePointer<Float>.allocate(capacity: size)
            }
            defer { for p in buffers { p.deallocate() } }
            for task in range { body(task, buffers) }
        }
    }
}
