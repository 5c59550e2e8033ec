import Book
import Notebook
import Foundation

/// The fused ops' naive counterparts: the small primitive ops an eager
/// framework would compose them from, each a separate pass over memory with
/// its own output buffer and its own backward, e.g. for RMSNorm
/// `x * rsqrt(mean(x * x, -1, keepdim) + eps) * gain`.
extension Tape {
    /// [rows, n] → [rows, 1]: each row's mean.
    func rowMean(_ x: Variable) -> Variable {
        let (rows, n) = x.value.rowsAndColumns
        let y = output([rows, 1], of: x)
        let (X, Y) = (x.value.data, y.value.data)
        parallelRows(rows, columns: n) { r in Y[r] = Book.sum(X + r * n, count: n) / Float(n) }
        record(y) {
            let (dX, dY) = (x.gradient.data, y.gradient.data)
            parallelRows(rows, columns: n) { r in
                let g = dY[r] / Float(n)
                map(dX + r * n, dX + r * n, count: n) { $0 + g }
            }
        }
        return y
    }

    /// [rows, n] → [rows, 1]: each row's sum.
    func rowSum(_ x: Variable) -> Variable { scale(rowMean(x), Float(x.shape.last!)) }

    /// Elementwise 1/√(x + eps).
    func rsqrt(_ x: Variable, eps: Float) -> Variable {
        unary(x, { 1 / ($0 + eps).squareRoot() }) { x, y in -0.5 * y * y * y }
    }

    func exp(_ x: Variable) -> Variable { unary(x, Book.exp) { _, y in y } }

    func log(_ x: Variable) -> Variable {
        unary(x, { v in Lanes((0..<16).map { Foundation.log(v[$0]) }) }) { x, _ in 1 / x }
    }

    /// An elementwise op given its forward and its derivative f'(x, y).
    private func unary(_ x: Variable, _ f: (Lanes) -> Lanes,
                       derivative: @escaping (Lanes, Lanes) -> Lanes) -> Variable {
        let y = output(x.shape, of: x)
        parallelMap(x.value.data, y.value.data, count: x.value.count, f)
        record(y) {
            let n = x.value.count
            let g = Tensor(zeros: x.shape)
            parallelZipMap(x.value.data, y.value.data, g.data, count: n, derivative)
            parallelAccumulate(x.gradient.data, g.data, y.gradient.data, count: n, *)
        }
        return y
    }

    /// x [rows, n] combined with a column c [rows, 1] broadcast along each row.
    func columnOp(_ x: Variable, _ c: Variable, _ op: ColumnOp) -> Variable {
        let (rows, n) = x.value.rowsAndColumns
        let y = output(x.shape, of: x, c)
        let (X, C, Y) = (x.value.data, c.value.data, y.value.data)
        parallelRows(rows, columns: n) { r in
            let s = C[r]
            map(X + r * n, Y + r * n, count: n) {
                switch op { case .mul: $0 * s; case .sub: $0 - s; case .div: $0 / s }
            }
        }
        record(y) {
            let (dX, dC, dY) = (x.gradient.data, c.gradient.data, y.gradient.data)
            parallelRows(rows, columns: n) { r in
                let (s, x, dy) = (C[r], X + r * n, dY + r * n)
                switch op {
                case .mul:
                    accumulate(dX + r * n, dy, dy, count: n) { g, _ in g * s }
                    dC[r] += dot(dy, x, count: n)
                case .sub:
                    accumulate(dX + r * n, dy, dy, count: n) { g, _ in g }
                    dC[r] -= Book.sum(dy, count: n)
                case .div:
                    accumulate(dX + r * n, dy, dy, count: n) { g, _ in g / s }
                    dC[r] -= dot(dy, x, count: n) / (s * s)
                }
            }
        }
        return y
    }

    enum ColumnOp { case mul, sub, div }

    /// [rows, n] → [rows, 1]: each row's max, a constant (no gradient), as
    /// PyTorch detaches it in a stable softmax.
    func rowMax(_ x: Variable) -> Variable {
        let (rows, n) = x.value.rowsAndColumns
        let y = Variable(Tensor(zeros: [rows, 1]), requiresGrad: false)
        for r in 0..<rows { y.value.data[r] = maximum(x.value.data + r * n, count: n) }
        return y
    }

    /// [rows, n] → [rows]: x[r, index[r]].
    func gather(_ x: Variable, _ index: [Int32]) -> Variable {
        let (rows, n) = x.value.rowsAndColumns
        let y = output([rows], of: x)
        for r in 0..<rows { y.value.data[r] = x.value.data[r * n + Int(index[r])] }
        record(y) {
            for r in 0..<rows { x.gradient.data[r * n + Int(index[r])] += y.gradient.data[r] }
        }
        return y
    }
}

/// The three compositions the benchmark races against the fused ops.
enum Unfused {
    static func rmsNorm(_ t: Tape, _ x: Variable, gain: Variable) -> Variable {
        let r = t.rsqrt(t.rowMean(t.mul(x, x)), eps: 1e-5)
        return t.mul(t.columnOp(x, r, .mul), gain)
    }

    static func softmax(_ t: Tape, _ x: Variable) -> Variable {
        let e = t.exp(t.columnOp(x, t.rowMax(x), .sub))
        return t.columnOp(e, t.rowSum(e), .div)
    }

    static func crossEntropy(_ t: Tape, _ logits: Variable, targets: [Int32]) -> Variable {
        let z = t.columnOp(logits, t.rowMax(logits), .sub)
        let logProbs = t.columnOp(z, t.log(t.rowSum(t.exp(z))), .sub)
        return t.scale(t.mean(t.gather(logProbs, targets)), -1)
    }
}
