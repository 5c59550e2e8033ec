import Book

/// A weight matrix as the file stores it: `rows` rows of `columns` values
/// of one `GGMLType`, each row its own run of blocks. The bytes live in the
/// memory-mapped file (or, for rows a loader reorders, in `storage`): the
/// quantized engine never expands them to Float32 in memory. The rows are
/// in the file's order, one after another, or `interleaved` in groups of 16
/// for the decoding kernel (`InterleavedRows.swift`).
public struct WeightMatrix: @unchecked Sendable {  // immutable; the bytes outlive it
    public let type: GGMLType
    public let rows: Int, columns: Int
    public let interleaved: Bool
    let base: UnsafeRawPointer
    /// Keeps the bytes alive: the mapped file, or an owned copy.
    private let owner: AnyObject

    public init(_ file: GGUFFile, _ tensor: GGUFTensor) {
        (type, rows, columns) = (tensor.type, tensor.rows, tensor.columns)
        interleaved = false
        base = file.data(of: tensor).baseAddress!
        owner = file
    }

    /// A matrix with `rows` reordered: row i of the result is row order[i].
    public func reorderingRows(_ order: [Int]) -> WeightMatrix {
        precondition(!interleaved, "reorder rows before interleaving them")
        let copy = OwnedBytes(count: rows * rowBytes)
        for (i, source) in order.enumerated() {
            (copy.base + i * rowBytes).copyMemory(from: row(source), byteCount: rowBytes)
        }
        return WeightMatrix(type: type, rows: rows, columns: columns, interleaved: false,
                            base: copy.base, owner: copy)
    }

    init(type: GGMLType, rows: Int, columns: Int, interleaved: Bool, base: UnsafeRawPointer,
         owner: AnyObject) {
        (self.type, self.rows, self.columns, self.interleaved) = (type, rows, columns, interleaved)
        (self.base, self.owner) = (base, owner)
    }

    public var rowBytes: Int { columns / type.blockSize * type.bytesPerBlock }
    public var byteCount: Int { rows * rowBytes }

    /// Row r's bytes, when the rows are in the file's layout.
    func row(_ r: Int) -> UnsafeRawPointer {
        precondition(!interleaved, "an interleaved matrix has no contiguous rows")
        return base + r * rowBytes
    }

    /// `body` with row r's bytes in the file's layout: the row itself, or,
    /// if the rows are interleaved, a copy gathered back from its group.
    func withRow<T>(_ r: Int, _ body: (UnsafeRawPointer) -> T) -> T {
        guard interleaved else { return body(row(r)) }
        return withUnsafeTemporaryAllocation(byteCount: rowBytes, alignment: 16) { copy in
            gatherRow(r, into: copy.baseAddress!)
            return body(UnsafeRawPointer(copy.baseAddress!))
        }
    }

    /// Row r as Float32, into `out` (`columns` values).
    public func dequantizeRow(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        withRow(r) { row in
            dequantize(UnsafeRawBufferPointer(start: row, count: rowBytes), type: type,
                       count: columns, into: out)
        }
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
