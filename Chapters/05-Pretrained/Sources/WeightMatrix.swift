import Book

/// A weight matrix as the file stores it: `rows` rows of `columns` values
/// of one `GGMLType`, each row its own run of blocks. The bytes live in the
/// memory-mapped file (or, for rows a loader reorders, in `storage`): the
/// quantized engine never expands them to Float32 in memory.
public struct WeightMatrix: @unchecked Sendable {  // immutable; the bytes outlive it
    public let type: GGMLType
    public let rows: Int, columns: Int
    let base: UnsafeRawPointer
    /// Keeps the bytes alive: the mapped file, or an owned copy.
    private let owner: AnyObject

    public init(_ file: GGUFFile, _ tensor: GGUFTensor) {
        (type, rows, columns) = (tensor.type, tensor.rows, tensor.columns)
        base = file.data(of: tensor).baseAddress!
        owner = file
    }

    /// A matrix with `rows` reordered: row i of the result is row order[i].
    public func reorderingRows(_ order: [Int]) -> WeightMatrix {
        let copy = OwnedBytes(count: rows * rowBytes)
        for (i, source) in order.enumerated() {
            (copy.base + i * rowBytes).copyMemory(from: row(source), byteCount: rowBytes)
        }
        return WeightMatrix(type: type, rows: rows, columns: columns, base: copy.base, owner: copy)
    }

    private init(type: GGMLType, rows: Int, columns: Int, base: UnsafeRawPointer,
                 owner: AnyObject) {
        (self.type, self.rows, self.columns) = (type, rows, columns)
        (self.base, self.owner) = (base, owner)
    }

    public var rowBytes: Int { columns / type.blockSize * type.bytesPerBlock }
    public var byteCount: Int { rows * rowBytes }

    func row(_ r: Int) -> UnsafeRawPointer { base + r * rowBytes }

    /// Row r as Float32, into `out` (`columns` values).
    public func dequantizeRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        dequantize(UnsafeRawBufferPointer(start: row(r), count: rowBytes), type: type,
                   count: columns, into: out)
    }

    // listing: matvec-reference
    /// y = W x, the readable way: expand each row to Float32, then a dot
    /// product. Every fast kernel in this chapter is tested against it.
    ///
    ///   x: [columns]  →  y: [rows]
    public func timesReference(_ x: [Float]) -> [Float] {
        var w = [Float](repeating: 0, count: columns)
        return (0..<rows).map { r in
            dequantizeRow(r, into: &w)
            return zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }
    // end listing
}

/// Bytes that a `WeightMatrix` owns, 64-byte aligned.
final class OwnedBytes {
    let base: UnsafeMutableRawPointer
    init(count: Int) {
        base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 64)
    }
    deinit { base.deallocate() }
}
