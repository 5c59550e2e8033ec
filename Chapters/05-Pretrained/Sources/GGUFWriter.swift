import Book
import Foundation

/// Writes a GGUF file (version 3): the layout `GGUFFile` reads, produced
/// from metadata and tensors already in their stored form. The file
/// appears whole or not at all (`writeAtomically`).
public struct GGUFWriter {
    public var metadata: [(key: String, value: GGUFValue)] = []
    public var tensors: [(name: String, shape: [Int], type: GGMLType, bytes: [UInt8])] = []
    public let alignment = 32

    public init() {}

    /// Adds a tensor of `values` (row-major [rows, columns], or [columns]),
    /// stored as `type`; ggml lists the shape fastest first.
    public mutating func add(_ name: String, _ values: Tensor, as type: GGMLType) {
        let bytes = quantize(values.data, count: values.count, as: type)
        tensors.append((name, values.shape.reversed(), type, bytes))
    }

    public func write(to url: URL) throws {
        var header: [UInt8] = Array("GGUF".utf8)
        append(UInt32(3), to: &header)
        append(UInt64(tensors.count), to: &header)
        append(UInt64(metadata.count), to: &header)
        for (key, value) in metadata {
            appendString(key, to: &header)
            append(typeID(value), to: &header)
            appendValue(value, to: &header)
        }
        var offset = 0
        for tensor in tensors {
            appendString(tensor.name, to: &header)
            append(UInt32(tensor.shape.count), to: &header)
            for n in tensor.shape { append(UInt64(n), to: &header) }
            append(tensor.type.rawValue, to: &header)
            append(UInt64(offset), to: &header)
            offset += padded(tensor.bytes.count)
        }
        header += [UInt8](repeating: 0, count: padded(header.count) - header.count)
        try writeAtomically(to: url) { file in
            try file.write(Data(header))
            for tensor in tensors {
                try file.write(Data(tensor.bytes))
                try file.write(Data(count: padded(tensor.bytes.count) - tensor.bytes.count))
            }
        }
    }

    private func padded(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private func appendString(_ s: String, to bytes: inout [UInt8]) {
        append(UInt64(s.utf8.count), to: &bytes)
        bytes += s.utf8
    }

    private func typeID(_ value: GGUFValue) -> UInt32 {
        switch value {
        case .uint8: 0
        case .int8: 1
        case .uint16: 2
        case .int16: 3
        case .uint32: 4
        case .int32: 5
        case .float32: 6
        case .bool: 7
        case .string: 8
        case .array: 9
        case .uint64: 10
        case .int64: 11
        case .float64: 12
        }
    }

    private func appendValue(_ value: GGUFValue, to bytes: inout [UInt8]) {
        switch value {
        case .uint8(let v): append(v, to: &bytes)
        case .int8(let v): append(v, to: &bytes)
        case .uint16(let v): append(v, to: &bytes)
        case .int16(let v): append(v, to: &bytes)
        case .uint32(let v): append(v, to: &bytes)
        case .int32(let v): append(v, to: &bytes)
        case .uint64(let v): append(v, to: &bytes)
        case .int64(let v): append(v, to: &bytes)
        case .float32(let v): append(v.bitPattern, to: &bytes)
        case .float64(let v): append(v.bitPattern, to: &bytes)
        case .bool(let v): append(UInt8(v ? 1 : 0), to: &bytes)
        case .string(let s): appendString(s, to: &bytes)
        case .array(let values):
            append(values.first.map(typeID) ?? 0, to: &bytes)
            append(UInt64(values.count), to: &bytes)
            for v in values { appendValue(v, to: &bytes) }
        }
    }
}
