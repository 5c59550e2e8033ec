// listing: clip
/// Scales all gradients down together so that their global L2 norm is at
/// most `maxNorm` (as `torch.nn.utils.clip_grad_norm_`); returns the norm
/// before clipping, the number a training log watches.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable],
                             maxNorm: Float) -> Float {
    let norm = Float(gradientSquares(parameters).squareRoot())
    scaleGradients(parameters, norm: norm, maxNorm: maxNorm)
    return norm
}

/// Σ g² over every gradient, summed in Double: the global norm's square.
public func gradientSquares(_ parameters: [Variable]) -> Double {
    parameters.compactMap(\.grad).reduce(0.0) {
        $0 + Double(dot($1.data, $1.data, count: $1.count))
    }
}

/// Scales every gradient by maxNorm / norm if the norm exceeds maxNorm.
/// (Chapter 7's sharded optimizer sums the squares over the processes and
/// clips its shard with the global norm.)
public func scaleGradients(_ parameters: [Variable], norm: Float, maxNorm: Float) {
    let scale = maxNorm / (norm + 1e-6)
    guard scale < 1 else { return }
    for g in parameters.compactMap(\.grad) {
        parallelMap(g.data, g.data, count: g.count) { $0 * scale }
    }
}
// end listing
