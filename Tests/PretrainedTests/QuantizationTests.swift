import Book
import Foundation
import XCTest
@testable import Pretrained

final class QuantizationTests: XCTestCase {
    struct Case: Decodable {
        let values: [Float]
        let Q4_0: String, Q4_1: String, Q8_0: String
    }

    /// Our quantizers give gguf-py's bytes exactly (ggml's reference rules).
    func testQuantizersMatchGGUFPyByteForByte() throws {
        let cases = try readJSON([Case].self, from: TestData.fixture("quants.json"))
        XCTAssertEqual(cases.count, 5)
        for (i, c) in cases.enumerated() {
            for (type, expected) in [(GGMLType.q4_0, c.Q4_0), (.q4_1, c.Q4_1), (.q8_0, c.Q8_0)] {
                let ours = quantize(c.values, count: c.values.count, as: type)
                XCTAssertEqual(ours.map { String(format: "%02x", $0) }.joined(), expected,
                               "case \(i), \(type.name)")
            }
        }
    }

    func testDequantizedBlocksAreCloseToTheValues() throws {
        var rng = RandomGenerator(seed: 1)
        let x = (0..<256).map { _ in Float(rng.normal()) }
        for (type, tolerance) in [(GGMLType.f16, Float(1e-3)), (.q8_0, 0.02), (.q4_1, 0.25),
                                  (.q4_0, 0.3)] {
            let bytes = quantize(x, count: x.count, as: type)
            XCTAssertEqual(bytes.count, 256 / type.blockSize * type.bytesPerBlock)
            var back = [Float](repeating: 0, count: x.count)
            bytes.withUnsafeBytes { dequantize($0, type: type, count: x.count, into: &back) }
            for (a, b) in zip(x, back) { XCTAssertEqual(a, b, accuracy: tolerance, type.name) }
        }
    }

    /// The hand-written float16 rounding agrees with the hardware's for
    /// normal results, and with multiples of 2⁻²⁴ rounded to even for
    /// subnormal ones. (The hardware conversion cannot be the reference
    /// there: once a thread flushes denormals to zero, as the core's
    /// kernels do, `Float16(x)` flushes them too.)
    func testFloat16BitsMatchesFloat16() {
        var rng = RandomGenerator(seed: 2)
        var values: [Float] = [0, -0, 1, -1, 65504, 65520, 1e6, -1e6, 6e-8, 3e-8, 2.9e-8,
                               6.1e-5, 6.09e-5, .infinity, -.infinity, 0.1, 1 / 3]
        for _ in 0..<20_000 {
            let x = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            values.append(x.isNaN ? 0 : x)
        }
        for x in values {
            if abs(x) < 0x1p-14 {
                let units = UInt16((abs(x) / 0x1p-24).rounded(.toNearestOrEven))
                XCTAssertEqual(float16Bits(x), (x.sign == .minus ? 0x8000 : 0) | units, "\(x)")
            } else {
                XCTAssertEqual(float16Bits(x), Float16(x).bitPattern, "\(x)")
            }
        }
        XCTAssertTrue(Float(float16Bits: float16Bits(.nan)).isNaN)
    }

    /// The vectorized activation quantizer against the rule written out a
    /// value at a time: d = max |x| / 127, q = x / d rounded half away from
    /// zero, clamped to ±127, NaN to 0; including halves, a zero block, an
    /// infinity and a NaN.
    func testActivationQuantizerFollowsTheRuleExactly() {
        var rng = RandomGenerator(seed: 5)
        var x = (0..<32 * 6).map { _ in Float(rng.normal()) * 3 }
        for i in 0..<32 { x[i] = Float(i) - 15.5 }  // d = 1: every x / d a half
        x[0] = 127
        for i in 32..<64 { x[i] = 0 }
        x[70] = .infinity
        x[100] = .nan
        x[140] = -.greatestFiniteMagnitude
        let q = QuantizedActivations(x, rows: 2, columns: 96)
        for b in 0..<6 {
            let block = x[32 * b..<32 * (b + 1)]
            let amax = block.reduce(Float(0)) { $1.isNaN ? $0 : max($0, abs($1)) }
            let d = amax / 127, id: Float = d != 0 ? 1 / d : 0
            var sum = 0
            for (j, v) in block.enumerated() {
                let r = (v * id).rounded(.toNearestOrAwayFromZero)
                let expected = r.isNaN ? 0 : Int(min(max(r, -127), 127))
                XCTAssertEqual(Int(q.quants[32 * b + j]), expected, "block \(b), value \(j)")
                sum += expected
            }
            XCTAssertEqual(q.scales[b], d, "block \(b)")
            let expected = d * Float(sum)  // ∞ · 0 is NaN, for the block with ∞
            XCTAssertTrue(q.sums[b] == expected || q.sums[b].isNaN && expected.isNaN, "block \(b)")
        }
    }

    /// The integer kernels equal the readable Float32 path within the
    /// activations' 8-bit rounding.
    func testQuantizedProductMatchesReference() throws {
        var rng = RandomGenerator(seed: 3)
        let (rows, columns, n) = (48, 128, 3)
        let w = Tensor.randn([rows, columns], std: 0.1, rng: &rng)
        let x = (0..<n * columns).map { _ in Float(rng.normal()) }
        for type in [GGMLType.q4_0, .q4_1, .q8_0] {
            var writer = GGUFWriter()
            writer.add("w", w, as: type)
            writer.add("v", Tensor.randn([40, columns], std: 0.1, rng: &rng), as: type)
            let url = try TinyModel.directory(self).appendingPathComponent("w.gguf")
            try writer.write(to: url)
            let file = try GGUFFile(contentsOf: url)
            let stored = WeightMatrix(file, file.tensors[0])
            let matrix = stored.interleavingRows()
            XCTAssertEqual(matrix.interleaved, type != .q4_0, type.name)
            XCTAssertFalse(WeightMatrix(file, file.tensors[1]).interleavingRows().interleaved,
                           "40 rows are not groups of 16")
            var fast = [Float](repeating: 0, count: n * rows)
            x.withUnsafeBufferPointer {
                matrix.times(QuantizedActivations($0.baseAddress!, rows: n, columns: columns),
                             into: &fast)
            }
            var float = [Float](repeating: 0, count: n * rows)
            matrix.times(x, n: n, into: &float)
            var expanded = [Float](repeating: 0, count: n * rows)
            matrix.timesExpanded(x, n: n, into: &expanded)
            var (readable, simd, original) = ([Float](repeating: 0, count: columns),
                                          [Float](repeating: 0, count: columns),
                                          [Float](repeating: 0, count: columns))
            for r in 0..<rows {
                matrix.dequantizeRow(r, into: &readable)
                matrix.dequantizeRowFast(r, into: &simd)
                stored.dequantizeRow(r, into: &original)
                XCTAssertEqual(readable, simd, "row \(r), \(type.name)")
                XCTAssertEqual(readable, original, "row \(r), \(type.name): interleaving moved values")
            }
            // A range that cuts groups of 16 writes its rows and no others,
            // with the file layout's kernel's results.
            var part = [Float](repeating: .nan, count: n * rows), whole = part
            x.withUnsafeBufferPointer {
                let activations = QuantizedActivations($0.baseAddress!, rows: n, columns: columns)
                matrix.times(activations, rows: 5..<37, into: &part)
                stored.times(activations, rows: 0..<rows, into: &whole)
            }
            for t in 0..<n {
                for r in 0..<rows {
                    if (5..<37).contains(r) {
                        XCTAssertEqual(part[t * rows + r], whole[t * rows + r], accuracy: 1e-4)
                    } else {
                        XCTAssertTrue(part[t * rows + r].isNaN, "row \(r) outside the range written")
                    }
                }
            }
            for t in 0..<n {
                let reference = matrix.timesReference(Array(x[t * columns..<(t + 1) * columns]))
                for r in 0..<rows {
                    XCTAssertEqual(float[t * rows + r], reference[r], accuracy: 1e-4)
                    XCTAssertEqual(expanded[t * rows + r], reference[r], accuracy: 1e-4)
                    // 8-bit activations: an error of about 1/254 of each block's
                    // largest value per term.
                    XCTAssertEqual(fast[t * rows + r], reference[r], accuracy: 0.05, type.name)
                }
            }
        }
    }
}
