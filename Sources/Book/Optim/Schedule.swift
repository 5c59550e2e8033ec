import Foundation

// listing: cosine-schedule
/// The learning rate at `step` (counting from 0): a linear warmup from
/// maxLR/warmup to maxLR over the first `warmup` steps, then a cosine decay
/// to `minLR` at step `total`, and `minLR` after that.
public func cosineSchedule(step: Int, warmup: Int, total: Int,
                           maxLR: Float, minLR: Float) -> Float {
    if step < warmup { return maxLR * Float(step + 1) / Float(warmup) }
    if step >= total { return minLR }
    let progress = Double(step - warmup) / Double(max(total - warmup, 1))
    let cosine = Float(0.5 * (1 + cos(Double.pi * progress)))  // 1 → 0
    return minLR + cosine * (maxLR - minLR)
}
// end listing
