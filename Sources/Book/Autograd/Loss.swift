extension Tape {
    // listing: cross-entropy
    /// Mean cross-entropy of `logits` against `targets`, fused with the
    /// log-softmax: loss = mean over rows of (logsumexp(row) − row[target]).
    /// Rows whose target is `ignoreIndex` (masked prompt tokens, padding)
    /// count neither in the loss nor in the mean.
    ///
    ///   logits: [n, vocab]   targets: n ids  →  scalar
    public func crossEntropy(_ logits: Variable, targets: [Int32],
                             ignoreIndex: Int32 = -100) -> Variable {
        let (rows, vocab) = logits.value.rowsAndColumns
        precondition(targets.count == rows,
                     "crossEntropy: \(targets.count) targets for \(rows) rows")
        let counted = targets.filter { $0 != ignoreIndex }.count
        let loss = output([], of: logits)
        let logSumExp = Tensor(zeros: [rows])  // kept for backward
        let perRow = Tensor(zeros: [rows])
        let (X, L, P) = (logits.value.data, logSumExp.data, perRow.data)
        parallelRows(rows, columns: vocab) { r in
            let t = Int(targets[r])
            guard t != Int(ignoreIndex) else { return }
            precondition(t >= 0 && t < vocab,
                         "crossEntropy: target \(t) not in 0..<\(vocab)")
            let row = X + r * vocab
            let m = maximum(row, count: vocab)
            var total = Lanes(repeating: 0)
            forEachBlock(vocab) { i, w in
                let e = exp(load(row + i, w) - m)
                total += w == 16 ? e : e.replacing(with: 0, where: tailMask(w))
            }
            L[r] = m + Foundation.log(total.sum())
            P[r] = L[r] - row[t]
        }
        let total = Book.sum(P, count: rows)
        loss.value.data[0] = counted == 0 ? 0 : total / Float(counted)
        record(loss) {
            // d loss / d logits = (softmax(row) − onehot(target)) / counted
            let scale = loss.gradient.data[0] / Float(max(counted, 1))
            let (X, dX) = (logits.value.data, logits.gradient.data)
            let L = logSumExp.data
            parallelRows(rows, columns: vocab) { r in
                let t = Int(targets[r])
                guard t != Int(ignoreIndex) else { return }
                let lse = L[r]
                accumulate(dX + r * vocab, X + r * vocab, X + r * vocab,
                           count: vocab) { x, _ in exp(x - lse) * scale }
                dX[r * vocab + t] -= scale
            }
        }
        return loss
    }
    // end listing

    /// Σ of all elements.  x: [...]  →  scalar
    public func sum(_ x: Variable) -> Variable {
        let y = output([], of: x)
        y.value.data[0] = Book.sum(x.value.data, count: x.value.count)
        record(y) {
            let dy = y.gradient.data[0]
            parallelMap(x.gradient.data, x.gradient.data, count: x.value.count) { $0 + dy }
        }
        return y
    }

    /// Mean of all elements.  x: [...]  →  scalar
    public func mean(_ x: Variable) -> Variable {
        scale(sum(x), 1 / Float(max(x.value.count, 1)))
    }
}

import Foundation
