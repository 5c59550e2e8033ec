// listing: quantize-activations
/// Rows of activations in 8-bit blocks, the form llama.cpp's quantized
/// matrix products read them in: per block of 32 values a scale d (the
/// largest magnitude ÷ 127), 32 int8 values q ≈ x / d, and d · Σq, which
/// Q4_1's minimum needs. Quantizing the activations once per product lets
/// the inner loop multiply small integers instead of floats.
public struct QuantizedActivations {
    public let rows: Int, columns: Int
    /// [rows, columns / 32] each
    var scales: [Float], sums: [Float]
    /// [rows, columns]
    var quants: [Int8]

    /// x: [rows, columns], columns a multiple of 32.
    public init(_ x: UnsafePointer<Float>, rows: Int, columns: Int) {
        (self.rows, self.columns) = (rows, columns)
        let blocks = rows * columns / 32
        scales = [Float](repeating: 0, count: blocks)
        sums = [Float](repeating: 0, count: blocks)
        quants = [Int8](repeating: 0, count: rows * columns)
        for b in 0..<blocks {
            let v = x + 32 * b
            let amax = (0..<32).reduce(Float(0)) { max($0, abs(v[$1])) }
            let d = amax / 127, id = d != 0 ? 1 / d : 0
            var sum = 0
            for j in 0..<32 {
                // Clamped, so a NaN or infinity (a corrupt model's) cannot trap.
                let q = Int8((v[j] * id).rounded().clamped127)
                quants[32 * b + j] = q
                sum += Int(q)
            }
            (scales[b], sums[b]) = (d, d * Float(sum))
        }
    }
}
// end listing

extension Float {
    /// The value within ±127, and 0 for NaN.
    var clamped127: Float { isNaN ? 0 : Swift.min(Swift.max(self, -127), 127) }
}
