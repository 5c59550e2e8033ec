import Book
import DistributedTraining
import Foundation

// Chapter 7 solutions: the chapter's own way, written out small.

public func shardRows(_ batch: [Int32], width: Int, rank: Int, size: Int) throws -> [Int32] {
    guard width > 0, size > 0, batch.count % width == 0 else {
        throw InputError("\(batch.count) tokens are not rows of \(width), or no ranks (\(size))")
    }
    let rows = batch.count / width
    guard rows % size == 0, (0..<size).contains(rank) else {
        throw InputError("\(rows) rows do not split over \(size) ranks, or no rank \(rank)")
    }
    let part = rows / size * width
    return Array(batch[rank * part ..< (rank + 1) * part])
}

public func ringAllReduceMean(_ gradients: [[Float]]) throws -> [[Float]] {
    let n = gradients.count
    guard n > 0, gradients.allSatisfy({ $0.count == gradients[0].count }),
          gradients[0].count % n == 0 else {
        throw InputError("gradients must be \(n) > 0 of one length, divisible by \(n)")
    }
    let chunk = gradients[0].count / n
    var buffers = gradients
    func range(_ c: Int) -> Range<Int> { (c % n) * chunk ..< (c % n + 1) * chunk }
    // Reduce-scatter: at step s, rank r sends chunk (r − s) to rank r + 1, which
    // adds it in. After n − 1 steps rank r holds the full sum of chunk r + 1.
    for s in 0..<(n - 1) {
        let sent = (0..<n).map { r in Array(buffers[r][range(r - s + n)]) }
        for r in 0..<n {
            let from = (r - 1 + n) % n
            for (i, x) in zip(range(from - s + n), sent[from]) { buffers[r][i] += x }
        }
    }
    // All-gather: the finished chunks travel once more around the ring.
    for s in 0..<(n - 1) {
        let sent = (0..<n).map { r in Array(buffers[r][range(r + 1 - s + n)]) }
        for r in 0..<n {
            let from = (r - 1 + n) % n
            for (i, x) in zip(range(from + 1 - s + n), sent[from]) { buffers[r][i] = x }
        }
    }
    return buffers.map { $0.map { $0 / Float(n) } }
}

public func ownedShardUpdate(weights: [Float], gradient: [Float], m: inout [Float],
                             v: inout [Float], rank: Int, size: Int, step: Int, lr: Float,
                             beta1: Float, beta2: Float, eps: Float, weightDecay: Float)
    throws -> [Float]
{
    guard size > 0, (0..<size).contains(rank), weights.count % size == 0,
          gradient.count == weights.count, m.count == weights.count / size,
          v.count == m.count, step >= 1 else {
        throw InputError("weights and gradient of one length divisible by \(size) ranks, "
                         + "m and v of one block, rank in 0..<\(size), step from 1")
    }
    let block = weights.count / size
    let c1 = 1 - powf(beta1, Float(step)), c2 = 1 - powf(beta2, Float(step))
    return (0..<block).map { i in
        let g = gradient[rank * block + i] / Float(size)
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        let w = (1 - lr * weightDecay) * weights[rank * block + i]
        return w - lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
    }
}
