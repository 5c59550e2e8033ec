import Foundation

/// A safetensors file, the format Hugging Face uses to share weights:
///
///     ┌─────────────┬──────────────────────────┬──────────────────────────┐
///     │ N (u64, LE) │ N bytes of JSON header   │ data: the tensors' bytes │
///     │   8 bytes   │ (may end in spaces)      │ back to back, LE         │
///     └─────────────┴──────────────────────────┴──────────────────────────┘
///
/// Opening maps the file and checks the whole header, but reads no tensor
/// data: `entries` lists what is inside, and `tensor(named:)` loads one
/// tensor, converting F16 and BF16 to Float32. Every problem, whatever the
/// bytes, is a `FileError` naming the file, never a crash.
public final class SafetensorsFile: @unchecked Sendable {  // immutable after init
    public let url: URL
    /// Every tensor in the file, sorted by name, whatever its dtype.
    public let entries: [Entry]
    /// The header's optional `"__metadata__"`: free-form strings.
    public let metadata: [String: String]

    private let file: MappedFile
    /// Where the data starts in the file: after the length and the header.
    private let dataStart: Int
    private let entryByName: [String: Entry]

    public init(contentsOf url: URL) throws {
        self.url = url
        file = try MappedFile(contentsOf: url)
        let bytes = file.bytes
        guard bytes.count >= 8 else {
            throw FileError(url,
                "file is \(bytes.count) bytes, too short for the 8-byte header length")
        }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength > 0 else {
            throw FileError(url, "header length is 0, but a header holds at least '{}'")
        }
        // Compared as UInt64: a hostile length near 2^64 must not wrap an Int.
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw FileError(url, "header length \(headerLength) runs past the end "
                + "of the file (\(bytes.count) bytes)")
        }
        dataStart = 8 + Int(headerLength)
        let header = try Self.parseHeader(
            Data(UnsafeRawBufferPointer(rebasing: bytes[8 ..< dataStart])),
            dataSize: bytes.count - dataStart, of: url)
        entries = header.entries
        metadata = header.metadata
        entryByName = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })
    }

    /// The dtypes that load as Float32 tensors.
    private enum LoadableDType: String {
        case f32 = "F32", f16 = "F16", bf16 = "BF16"
    }

    /// Loads one tensor into its own aligned storage.
    public func tensor(named name: String) throws -> Tensor {
        guard let entry = entryByName[name] else {
            throw FileError(url, "no tensor named '\(name)'")
        }
        guard let dtype = LoadableDType(rawValue: entry.dtype) else {
            throw FileError(url,
                "tensor '\(name)' has dtype \(entry.dtype); only F32, F16 and BF16 can be loaded")
        }
        // The header was validated: these bytes lie inside the file and are
        // exactly the size that the shape and dtype need.
        let range = entry.dataOffsets
        let bytes = UnsafeRawBufferPointer(
            rebasing: file.bytes[dataStart + range.lowerBound ..< dataStart + range.upperBound])
        let tensor = Tensor(zeros: entry.shape)
        switch dtype {
        case .f32:
            // A copy, so the tensor gets the 64-byte alignment that its
            // kernels like; the file only promises 8. Where a file's data
            // happens to be aligned, a Tensor could view the mapping itself,
            // which would need a TensorStorage that does not own its memory.
            UnsafeMutableRawBufferPointer(tensor.buffer).copyMemory(from: bytes)
        case .f16:
            widen(bytes, into: tensor, Float.init(float16Bits:))
        case .bf16:
            widen(bytes, into: tensor, Float.init(bfloat16Bits:))
        }
        return tensor
    }

    /// Loads every tensor; fails if any has a dtype that cannot be loaded.
    public func tensors() throws -> [String: Tensor] {
        let loaded = try entries.map { ($0.name, try tensor(named: $0.name)) }
        return Dictionary(uniqueKeysWithValues: loaded)
    }

    /// Converts little-endian 16-bit floats to the tensor's Float32s.
    private func widen(_ bytes: UnsafeRawBufferPointer, into tensor: Tensor,
                       _ convert: (UInt16) -> Float) {
        let output = tensor.data
        for i in 0 ..< tensor.count {
            let bits = bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
            output[i] = convert(UInt16(littleEndian: bits))
        }
    }
}
