import Book
import Foundation

/// A GGUF file, llama.cpp's format for a model in one file: its weights,
/// and everything needed to run them (the architecture's sizes, the
/// tokenizer, the chat template) as typed key–value metadata.
///
///     ┌────────┬─────────┬─────────┬──────────┬──────────┬─────────┬─────────┐
///     │ "GGUF" │ version │ tensors │ metadata │ metadata │ tensor  │ tensor  │
///     │        │ (3)     │ count   │ count    │ key–value│ infos   │ data    │
///     │ 4 B    │ u32     │ u64     │ u64      │ pairs    │         │ aligned │
///     └────────┴─────────┴─────────┴──────────┴──────────┴─────────┴─────────┘
///
/// All little-endian. A string is a u64 byte count and UTF-8 bytes; a
/// tensor info is a name, a dimension count, the dimensions (fastest
/// first: ggml's `ne[0]` is the row length), a `GGMLType` and an offset
/// into the data, which starts at the next multiple of `general.alignment`
/// (32 if absent). Opening maps the file and checks every count, offset and
/// length against its size; the tensor data is read only when used. Any
/// problem is one `FileError` naming the file and the field.
public final class GGUFFile: @unchecked Sendable {  // immutable after init
    public let url: URL
    public let version: Int
    /// Every metadata pair, in file order.
    public let metadata: [(key: String, value: GGUFValue)]
    /// Every tensor, in file order.
    public let tensors: [GGUFTensor]
    /// Tensor offsets are multiples of this; so is where the data starts.
    public let alignment: Int

    private let file: MappedFile
    private let dataStart: Int
    private let valueIndex: [String: Int]
    private let tensorIndex: [String: Int]

    public init(contentsOf url: URL) throws {
        self.url = url
        let mapped = try MappedFile(contentsOf: url)
        file = mapped
        var reader = GGUFReader(bytes: mapped.bytes, url: url)
        let magic = try reader.bytes(4, for: "magic")
        guard Array(magic) == Array("GGUF".utf8) else {
            let shown = magic.map { String(format: "%02x", $0) }.joined(separator: " ")
            throw FileError(url, "not a GGUF file: it starts with bytes \(shown), "
                + "expected \"GGUF\" (47 47 55 46)")
        }
        let version = try reader.read(UInt32.self, for: "version")
        guard version == 2 || version == 3 else {
            throw FileError(url, "unsupported GGUF version \(version); this "
                + "reader reads versions 2 and 3")
        }
        self.version = Int(version)
        // Each pair and each tensor info takes at least 13 and 24 bytes: a
        // count the file cannot hold is an error, not a huge allocation.
        let tensorCount = try reader.count(for: "tensor count", minimumBytes: 24)
        let metadataCount = try reader.count(for: "metadata count", minimumBytes: 13)

        var metadata: [(key: String, value: GGUFValue)] = []
        var valueIndex: [String: Int] = [:]
        for _ in 0..<metadataCount {
            let key = try reader.string(for: "metadata key")
            guard valueIndex[key] == nil else {
                throw FileError(url, "metadata key '\(key)' appears twice")
            }
            let type = try reader.read(UInt32.self, for: "type of metadata '\(key)'")
            let value = try reader.value(ofType: type, for: "metadata '\(key)'")
            valueIndex[key] = metadata.count
            metadata.append((key, value))
        }
        (self.metadata, self.valueIndex) = (metadata, valueIndex)

        let alignment = try Self.alignment(metadata: metadata, index: valueIndex, url: url)
        self.alignment = alignment
        var infos: [(name: String, shape: [Int], type: UInt32, offset: UInt64)] = []
        for _ in 0..<tensorCount {
            let name = try reader.string(for: "tensor name")
            let dimensions = try reader.read(UInt32.self, for: "dimension count of tensor '\(name)'")
            guard (1...4).contains(dimensions) else {
                throw FileError(url, "tensor '\(name)' has \(dimensions) dimensions; "
                    + "ggml tensors have 1 to 4")
            }
            let shape = try (0..<Int(dimensions)).map { _ in
                let n = try reader.read(UInt64.self, for: "a dimension of tensor '\(name)'")
                guard n > 0, n < 1 << 40 else {
                    throw FileError(url, "tensor '\(name)' has dimension \(n); "
                        + "expected 1 to 2^40")
                }
                return Int(n)
            }
            let type = try reader.read(UInt32.self, for: "type of tensor '\(name)'")
            let offset = try reader.read(UInt64.self, for: "offset of tensor '\(name)'")
            infos.append((name, shape, type, offset))
        }
        let dataStart = (reader.position + alignment - 1) / alignment * alignment
        self.dataStart = dataStart
        let dataSize = max(0, mapped.bytes.count - dataStart)
        let tensors = try infos.map {
            try GGUFTensor(name: $0.name, shape: $0.shape, typeID: $0.type,
                           offset: $0.offset, alignment: alignment, dataSize: dataSize, url: url)
        }
        self.tensors = tensors
        tensorIndex = try Self.indexCheckingOverlaps(tensors, url: url)
    }

    /// The value of metadata `key`, if present.
    public subscript(key: String) -> GGUFValue? {
        valueIndex[key].map { metadata[$0].value }
    }

    /// The tensor named `name`, if present.
    public func tensor(named name: String) -> GGUFTensor? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The bytes of `tensor` inside the mapped file (valid while `self` is).
    public func data(of tensor: GGUFTensor) -> UnsafeRawBufferPointer {
        let start = dataStart + tensor.offset
        return UnsafeRawBufferPointer(rebasing: file.bytes[start..<start + tensor.byteCount])
    }

    /// Lets the kernel drop `tensor`'s pages from this process's resident
    /// memory, for a loader that has copied them; read again, they come
    /// back from the file. Only whole pages inside the tensor are dropped.
    public func releasePages(of tensor: GGUFTensor) {
        let data = data(of: tensor), page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = Int(bitPattern: data.baseAddress)
        let (start, end) = ((first + page - 1) / page * page, (first + data.count) / page * page)
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
    }

    // MARK: Typed metadata, for loaders: a missing key or a wrong type
    // is an error naming both.

    public func integer(_ key: String) throws -> Int {
        try typed(key, "an integer") { $0.integer }
    }

    public func number(_ key: String) throws -> Double {
        try typed(key, "a number") { $0.number }
    }

    public func string(_ key: String) throws -> String {
        try typed(key, "a string") { $0.string }
    }

    public func strings(_ key: String) throws -> [String] {
        try typed(key, "an array of strings") { value in
            value.array.flatMap { array in
                let strings = array.compactMap(\.string)
                return strings.count == array.count ? strings : nil
            }
        }
    }

    public func integers(_ key: String) throws -> [Int] {
        try typed(key, "an array of integers") { value in
            value.array.flatMap { array in
                let integers = array.compactMap(\.integer)
                return integers.count == array.count ? integers : nil
            }
        }
    }

    private func typed<T>(_ key: String, _ expected: String,
                          _ cast: (GGUFValue) -> T?) throws -> T {
        guard let value = self[key] else {
            throw FileError(url, "metadata '\(key)' is missing")
        }
        guard let typed = cast(value) else {
            throw FileError(url, "metadata '\(key)' is \(value.typeName), expected \(expected)")
        }
        return typed
    }

    /// `general.alignment`: a power of two, 32 when absent.
    private static func alignment(metadata: [(key: String, value: GGUFValue)],
                                  index: [String: Int], url: URL) throws -> Int {
        guard let i = index["general.alignment"] else { return 32 }
        guard case .uint32(let a) = metadata[i].value, a > 0, a & (a - 1) == 0 else {
            throw FileError(url, "metadata 'general.alignment' is "
                + "\(metadata[i].value), expected a uint32 power of two")
        }
        return Int(a)
    }

    /// Tensor names must be unique, and no two tensors may share bytes.
    private static func indexCheckingOverlaps(_ tensors: [GGUFTensor], url: URL) throws
        -> [String: Int]
    {
        var index: [String: Int] = [:]
        for (i, tensor) in tensors.enumerated() {
            guard index.updateValue(i, forKey: tensor.name) == nil else {
                throw FileError(url, "tensor '\(tensor.name)' appears twice")
            }
        }
        let byOffset = tensors.sorted { $0.offset < $1.offset }
        for (a, b) in zip(byOffset, byOffset.dropFirst())
        where a.offset + a.byteCount > b.offset {
            throw FileError(url, "tensors '\(a.name)' (bytes \(a.offset)..<"
                + "\(a.offset + a.byteCount)) and '\(b.name)' (from byte "
                + "\(b.offset)) overlap")
        }
        return index
    }
}

/// One tensor's entry in a GGUF file: checked against the file when read.
public struct GGUFTensor: Sendable, Equatable {
    public let name: String
    /// ggml's order, fastest first: a matrix of `rows` rows of `columns`
    /// values is [columns, rows].
    public let shape: [Int]
    public let type: GGMLType
    /// From the start of the file's data section.
    public let offset: Int
    public let byteCount: Int

    public var columns: Int { shape[0] }
    public var rows: Int { shape.dropFirst().reduce(1, *) }
    public var count: Int { columns * rows }

    init(name: String, shape: [Int], typeID: UInt32, offset: UInt64,
         alignment: Int, dataSize: Int, url: URL) throws {
        guard let type = GGMLType(rawValue: typeID) else {
            throw FileError(url, "unsupported tensor type \(GGMLType.name(ofID: typeID)) "
                + "for tensor '\(name)'; this reader implements "
                + GGMLType.allCases.map(\.name).joined(separator: ", "))
        }
        guard shape[0] % type.blockSize == 0 else {
            throw FileError(url, "tensor '\(name)' has rows of \(shape[0]) values, "
                + "not a multiple of \(type.name)'s block of \(type.blockSize)")
        }
        // Multiplied with overflow checks: hostile dimensions must not wrap.
        let (byteCount, overflow) = (shape + [type.bytesPerBlock]).reduce(
            (1, false)) { product, n in
            let (p, o) = product.0.multipliedReportingOverflow(by: n)
            return (p, product.1 || o)
        }
        let blocksBytes = byteCount / type.blockSize
        guard !overflow, offset <= UInt64(dataSize), blocksBytes <= dataSize - Int(offset) else {
            throw FileError(url, "tensor '\(name)' (\(shape), \(type.name)) runs past "
                + "the end of the file: its data is at \(offset) of a \(dataSize)-byte "
                + "data section")
        }
        guard offset % UInt64(alignment) == 0 else {
            throw FileError(url, "tensor '\(name)' starts at data offset \(offset), "
                + "not a multiple of the alignment \(alignment)")
        }
        (self.name, self.shape, self.type) = (name, shape, type)
        (self.offset, self.byteCount) = (Int(offset), blocksBytes)
    }
}
