// listing: clip
/// Scales all gradients down together so that their global L2 norm is at
/// most `maxNorm` (as `torch.nn.utils.clip_grad_norm_`); returns the norm
/// before clipping, the number a training log watches.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable],
                             maxNorm: Float) -> Float {
    let grads = parameters.compactMap(\.grad)
    let squares = grads.reduce(0.0) {
        $0 + Double(dot($1.data, $1.data, count: $1.count))
    }
    let norm = Float(squares.squareRoot())
    let scale = maxNorm / (norm + 1e-6)
    if scale < 1 {
        for g in grads {
            parallelMap(g.data, g.data, count: g.count) { $0 * scale }
        }
    }
    return norm
}
// end listing
