import Book
import Foundation

/// A cursor over a GGUF file's bytes that reads its primitive fields and
/// checks each against the file's end. Every error names the field and the
/// byte offset, so a truncated or corrupt file says where it went wrong.
struct GGUFReader {
    let bytes: UnsafeRawBufferPointer
    let url: URL
    private(set) var position = 0

    init(bytes: UnsafeRawBufferPointer, url: URL) {
        (self.bytes, self.url) = (bytes, url)
    }

    var remaining: Int { bytes.count - position }

    mutating func bytes(_ count: Int, for field: String) throws -> UnsafeRawBufferPointer {
        guard count <= remaining else {
            throw FileError(url, "truncated: \(field) needs \(count) bytes at offset "
                + "\(position), but the file ends at \(bytes.count)")
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, for field: String) throws -> T {
        let raw = try bytes(MemoryLayout<T>.size, for: field)
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    /// A u64 count of items that each take at least `minimumBytes`: more
    /// than the rest of the file could hold is an error.
    mutating func count(for field: String, minimumBytes: Int) throws -> Int {
        let n = try read(UInt64.self, for: field)
        guard n <= UInt64(remaining / minimumBytes) else {
            throw FileError(url, "\(field) \(n) at offset \(position - 8) is more "
                + "than the \(remaining) bytes left in the file can hold")
        }
        return Int(n)
    }

    /// A u64 length, then that many bytes of UTF-8.
    mutating func string(for field: String) throws -> String {
        let length = try read(UInt64.self, for: "length of \(field)")
        guard length <= UInt64(remaining) else {
            throw FileError(url, "\(field): a string of \(length) bytes at offset "
                + "\(position) runs past the end of the file (\(bytes.count) bytes)")
        }
        let raw = try bytes(Int(length), for: field)
        guard let string = String(validating: raw, as: UTF8.self) else {
            throw FileError(url, "\(field) at offset \(position - raw.count) is not UTF-8")
        }
        return string
    }

    /// One metadata value of GGUF value type `type` (0–12), nested arrays
    /// at most `depth` deep (a corrupt file must not recurse without end).
    mutating func value(ofType type: UInt32, for field: String, depth: Int = 0) throws
        -> GGUFValue
    {
        switch type {
        case 0: return .uint8(try read(UInt8.self, for: field))
        case 1: return .int8(try read(Int8.self, for: field))
        case 2: return .uint16(try read(UInt16.self, for: field))
        case 3: return .int16(try read(Int16.self, for: field))
        case 4: return .uint32(try read(UInt32.self, for: field))
        case 5: return .int32(try read(Int32.self, for: field))
        case 6: return .float32(Float(bitPattern: try read(UInt32.self, for: field)))
        case 7:
            let byte = try read(UInt8.self, for: field)
            guard byte <= 1 else {
                throw FileError(url, "\(field): bool byte \(byte), expected 0 or 1")
            }
            return .bool(byte == 1)
        case 8: return .string(try string(for: field))
        case 9:
            guard depth < 4 else {
                throw FileError(url, "\(field): arrays nested more than 4 deep")
            }
            let elementType = try read(UInt32.self, for: "element type of \(field)")
            // The smallest element is one byte; a string takes at least 8.
            let n = try count(for: "length of \(field)",
                              minimumBytes: elementType == 8 ? 8 : 1)
            var values: [GGUFValue] = []
            values.reserveCapacity(n)
            for _ in 0..<n {
                values.append(try value(ofType: elementType, for: field, depth: depth + 1))
            }
            return .array(values)
        case 10: return .uint64(try read(UInt64.self, for: field))
        case 11: return .int64(try read(Int64.self, for: field))
        case 12: return .float64(Double(bitPattern: try read(UInt64.self, for: field)))
        default:
            throw FileError(url, "\(field) has value type \(type); GGUF defines 0 to 12")
        }
    }
}
