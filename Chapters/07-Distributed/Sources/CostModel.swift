import Model

// listing: ring-all-reduce-cost
/// The time of a ring all-reduce of `bytes` over `n` ranks: the buffer is cut
/// into n chunks, and in each of 2(n − 1) steps every rank sends one chunk
/// to its neighbour (n − 1 steps to sum, n − 1 to pass the sums on). Each
/// rank sends 2(n − 1)/n of the buffer whatever n is, so the bandwidth term
/// stays flat as ranks are added, while the latency term grows with them.
public func ringAllReduceSeconds(bytes: Double, ranks n: Int, bandwidth: Double,
                                 latency: Double) -> Double {
    guard n > 1 else { return 0 }
    let steps = Double(2 * (n - 1))
    return steps / Double(n) * bytes / bandwidth + steps * latency
}
// end listing

// listing: cost-model
/// A data-parallel training step on n accelerators, modelled: each computes
/// the forward and backward passes for its share of the global batch (3 ×
/// chapter 3's forward FLOPs per token), then a ring all-reduce averages
/// the gradients, over the accelerators' own links within a node and over
/// the network between nodes, where the slowest link sets the ring's pace.
public struct Cluster: Sendable {
    /// Training FLOP/s one accelerator sustains (its peak × the utilization
    /// reached in practice).
    public let flops: Double
    public let acceleratorsPerNode: Int
    /// Bytes per second each accelerator sends in the ring: within a node,
    /// and across nodes.
    public let nodeBandwidth: Double, networkBandwidth: Double
    /// Seconds each of the ring's steps costs besides the bytes.
    public let latency: Double

    public init(flops: Double, acceleratorsPerNode: Int, nodeBandwidth: Double,
                networkBandwidth: Double, latency: Double) {
        (self.flops, self.acceleratorsPerNode) = (flops, acceleratorsPerNode)
        self.nodeBandwidth = nodeBandwidth
        self.networkBandwidth = networkBandwidth
        self.latency = latency
    }

    /// One step of `model` on `accelerators`, for a global batch of
    /// `tokensPerStep` tokens, with gradients of `gradientBytes` each. Data
    /// parallelism cannot split a sequence, so the batch is at least one
    /// full-length sequence per accelerator.
    public func step(_ model: ModelConfig, tokensPerStep: Int,
                     gradientBytes: Int, accelerators n: Int) -> StepEstimate {
        let tokens = max(tokensPerStep, n * model.contextLength)
        let perToken = 3 * Double(model.flopsPerToken())
        let work = perToken * Double(tokens) / Double(n)
        let bandwidth = n <= acceleratorsPerNode
            ? nodeBandwidth : networkBandwidth
        let bytes = Double(model.parameterCount * gradientBytes)
        let communication = ringAllReduceSeconds(
            bytes: bytes, ranks: n, bandwidth: bandwidth, latency: latency)
        return StepEstimate(compute: work / flops,
                            communication: communication)
    }
}

/// A modelled step's seconds.
public struct StepEstimate: Sendable {
    public let compute: Double, communication: Double

    public init(compute: Double, communication: Double) {
        (self.compute, self.communication) = (compute, communication)
    }

    /// The all-reduce after the backward pass.
    public var serial: Double { compute + communication }
    /// The all-reduce hidden as far as it can be: behind the backward pass,
    /// two thirds of the compute, since the forward pass has no gradients
    /// to send yet.
    public var overlapped: Double {
        let forward = compute / 3
        return max(compute, forward + communication)
    }
    /// The step's speed-up over one accelerator, divided by n: compute per
    /// accelerator is 1/n of one accelerator's, so this is compute / step.
    public var efficiency: Double { compute / overlapped }
}
// end listing
