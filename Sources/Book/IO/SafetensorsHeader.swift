import Foundation

extension SafetensorsFile {
    /// One tensor as the header describes it.
    public struct Entry: Equatable, Sendable {
        public let name: String
        /// As the file spells it: "F32", "F16", "BF16", "I8", "F64", ...
        public let dtype: String
        public let shape: [Int]
        /// Where the tensor's bytes are, counted from the start of the data.
        public let dataOffsets: Range<Int>
    }

    /// Bytes per element of the dtypes the format defines. Each of these is
    /// listed and size-checked; only F32, F16 and BF16 can be loaded. A dtype
    /// missing here is still listed, with only its offsets checked.
    static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1,
        "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U64": 8, "U32": 4, "U16": 2, "U8": 1,
        "BOOL": 1, "C64": 8,
    ]

    /// Parses and checks the JSON header:
    ///
    ///     {"__metadata__": {"format": "pt"},
    ///      "wte": {"dtype": "F32", "shape": [50257, 768], "data_offsets": [0, 154389504]},
    ///      ...}
    ///
    /// Each tensor's bytes must match its dtype and shape and lie inside the
    /// `dataSize` bytes of data, and the tensors must tile the data exactly,
    /// no gaps and no overlaps, as the reference library requires.
    static func parseHeader(_ json: Data, dataSize: Int, of url: URL) throws
        -> (entries: [Entry], metadata: [String: String])
    {
        guard let parsed = try? JSONSerialization.jsonObject(with: json) else {
            throw FileError(url, "header is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw FileError(url, "header is not a JSON object")
        }
        var entries: [Entry] = []
        var metadata: [String: String] = [:]
        for (key, value) in object {
            if key == "__metadata__" {
                metadata = try parseMetadata(value, of: url)
            } else {
                entries.append(try parseEntry(named: key, value, dataSize: dataSize, of: url))
            }
        }
        try checkTiling(entries, dataSize: dataSize, of: url)
        return (entries.sorted { $0.name < $1.name }, metadata)
    }

    private static func parseEntry(named name: String, _ value: Any, dataSize: Int,
                                   of url: URL) throws -> Entry {
        func problem(_ text: String) -> FileError { FileError(url, "tensor '\(name)' \(text)") }
        guard let fields = value as? [String: Any] else { throw problem("is not a JSON object") }
        func field<T>(_ key: String, _ expected: String, _ convert: (Any) -> T?) throws -> T {
            guard let raw = fields[key] else { throw problem("has no '\(key)'") }
            guard let value = convert(raw) else {
                throw problem("has a '\(key)' that is not \(expected)")
            }
            return value
        }
        let dtype = try field("dtype", "a string") { $0 as? String }
        let shape = try field("shape", "a list of integers", jsonIntegers)
        let offsets = try field("data_offsets", "a list of integers", jsonIntegers)

        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw problem("has shape \(shape) with a negative dimension")
        }
        guard offsets.count == 2, 0 <= offsets[0], offsets[0] <= offsets[1] else {
            throw problem("has data_offsets \(offsets), not [begin, end] with 0 <= begin <= end")
        }
        let (begin, end) = (offsets[0], offsets[1])
        if let elementSize = elementSizes[dtype] {
            guard let size = byteCount(of: shape, elementSize: elementSize) else {
                throw problem("has shape \(shape), too large to address")
            }
            guard size == end - begin else {
                throw problem(
                    "has data_offsets \(offsets) but \(dtype) \(shape) needs \(size) bytes")
            }
        }
        guard end <= dataSize else {
            throw problem(
                "data_offsets \(offsets) run past the end of the data (\(dataSize) bytes)")
        }
        return Entry(name: name, dtype: dtype, shape: shape, dataOffsets: begin ..< end)
    }

    private static func parseMetadata(_ value: Any, of url: URL) throws -> [String: String] {
        guard let object = value as? [String: Any] else {
            throw FileError(url, "__metadata__ is not a JSON object")
        }
        var metadata: [String: String] = [:]
        for (key, value) in object {
            guard let text = value as? String else {
                throw FileError(url, "__metadata__ '\(key)' is not a string "
                    + "(metadata maps strings to strings)")
            }
            metadata[key] = text
        }
        return metadata
    }

    /// Sorted by offset, each tensor must begin where the previous one
    /// ended, and the last must end where the data ends.
    private static func checkTiling(_ entries: [Entry], dataSize: Int, of url: URL) throws {
        let ordered = entries.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound)
                < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound)
        }
        var end = 0
        var previous = ""
        for entry in ordered {
            let begin = entry.dataOffsets.lowerBound
            if begin < end {
                throw FileError(url,
                    "tensors '\(previous)' and '\(entry.name)' overlap in the data")
            }
            if begin > end {
                throw FileError(url, "bytes \(end)..<\(begin) of the data belong to no tensor")
            }
            end = entry.dataOffsets.upperBound
            previous = entry.name
        }
        guard end == dataSize else {
            throw FileError(url, "bytes \(end)..<\(dataSize) of the data belong to no tensor")
        }
    }

    /// The product of `shape` times `elementSize`, or nil if it overflows:
    /// a header may claim shape [2^62, 2^62], and that must not trap.
    static func byteCount(of shape: [Int], elementSize: Int) -> Int? {
        var total = elementSize
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            total = product
        }
        return total
    }
}

/// A JSON array of integers that each fit an `Int`. JSONSerialization hands
/// numbers over as NSNumber, which casts `2.5`, `1e30` or `2^64` to nil but
/// `true` to 1; booleans are told apart by their Objective-C type code "c".
private func jsonIntegers(_ value: Any) -> [Int]? {
    guard let array = value as? [Any] else { return nil }
    var integers: [Int] = []
    for element in array {
        guard let number = element as? NSNumber,
              number.objCType.pointee != CChar(UInt8(ascii: "c")),
              let integer = element as? Int
        else { return nil }
        integers.append(integer)
    }
    return integers
}
