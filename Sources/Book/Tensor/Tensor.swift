import Foundation

/// Float32 storage aligned to 64 bytes (one cache line, one AVX-512 register),
/// shared by every view of it. Its memory comes from `BufferPool`, so the
/// tensors of one training step reuse the buffers of the step before.
public final class TensorStorage: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Float>
    public let count: Int

    /// Storage for `count` floats, zero-filled unless `zeroed` is false
    /// (then its contents are whatever the pool's buffer last held).
    public init(count: Int, zeroed: Bool = true) {
        precondition(count >= 0, "negative storage size \(count)")
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        let raw = BufferPool.shared.take(bytes: bytes)
        if zeroed { memset(raw, 0, bytes) }
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        self.count = count
    }

    deinit {
        BufferPool.shared.give(UnsafeMutableRawPointer(base),
                               bytes: max(count, 1) * MemoryLayout<Float>.stride)
    }
}

/// A contiguous, row-major Float32 array with a shape: the one data type of the
/// book. Like `torch.Tensor` it is a reference type: `reshaped` and `rows`
/// return views that share storage, and nothing copies behind your back.
public final class Tensor: CustomStringConvertible {
    public let shape: [Int]
    public let storage: TensorStorage
    /// Where this view starts in `storage`, in elements.
    public let offset: Int

    public var count: Int { shape.reduce(1, *) }
    public var rank: Int { shape.count }
    /// The first element; all `count` elements follow contiguously.
    public var data: UnsafeMutablePointer<Float> { storage.base + offset }
    public var buffer: UnsafeMutableBufferPointer<Float> { .init(start: data, count: count) }

    /// A zero-filled tensor.
    public convenience init(zeros shape: [Int]) {
        self.init(shape, zeroed: true)
    }

    /// A tensor whose elements are undefined until written: for an op that
    /// writes every one, zero-filling first would be a wasted pass over memory.
    public convenience init(uninitialized shape: [Int]) {
        self.init(shape, zeroed: false)
    }

    private init(_ shape: [Int], zeroed: Bool) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.storage = TensorStorage(count: shape.reduce(1, *), zeroed: zeroed)
        self.offset = 0
    }

    /// A tensor holding `values` (row-major) with the given shape.
    public convenience init(shape: [Int], _ values: [Float]) {
        precondition(shape.reduce(1, *) == values.count,
                      "shape \(shape) needs \(shape.reduce(1, *)) values, got \(values.count)")
        self.init(zeros: shape)
        values.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A tensor filled with one value.
    public convenience init(shape: [Int], repeating value: Float) {
        self.init(zeros: shape)
        buffer.initialize(repeating: value)
    }

    /// A view of existing storage.
    public init(shape: [Int], storage: TensorStorage, offset: Int = 0) {
        precondition(offset + shape.reduce(1, *) <= storage.count,
                      "view \(shape) at \(offset) overruns storage of \(storage.count)")
        self.shape = shape
        self.storage = storage
        self.offset = offset
    }

    /// The same data with another shape (one dimension may be -1): a view, no copy.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            let known = newShape.filter { $0 != -1 }.reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[hole] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        return Tensor(shape: resolved, storage: storage, offset: offset)
    }

    /// Rows `range` of the first dimension: a view, no copy.
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows \(range) out of 0..<\(shape[0])")
        let rowSize = count / Swift.max(shape[0], 1)
        return Tensor(shape: [range.count] + shape.dropFirst(), storage: storage,
                      offset: offset + range.lowerBound * rowSize)
    }

    /// A deep copy with its own storage.
    public func copy() -> Tensor {
        let result = Tensor(zeros: shape)
        result.data.update(from: data, count: count)
        return result
    }

    public func fill(_ value: Float) { buffer.update(repeating: value) }

    /// Element at a multi-index (slow; for tests and small examples).
    public subscript(_ index: Int...) -> Float {
        get { data[flatIndex(index)] }
        set { data[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "index \(index) out of bounds for shape \(shape)")
            flat = flat * n + i
        }
        return flat
    }

    public var scalars: [Float] { Array(buffer) }

    /// The size of the last dimension and how many rows of it there are.
    public var rowsAndColumns: (rows: Int, columns: Int) {
        let columns = shape.last ?? 1
        return (columns == 0 ? 0 : count / columns, columns)
    }

    public var description: String {
        let shown = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor\(shape)[\(shown)\(count > 8 ? ", …" : "")]"
    }
}
