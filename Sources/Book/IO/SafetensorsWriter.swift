import Foundation

extension SafetensorsFile {
    /// Writes `tensors` as F32, atomically (see `writeAtomically`), in the
    /// layout the reference `safetensors` library writes, byte for byte:
    /// `"__metadata__"` first (left out when empty), then the tensors in name
    /// order, both in header and data; the header padded with spaces to a
    /// multiple of 8 bytes, so the data starts 8-byte aligned.
    ///
    /// Each tensor's bytes go to the file straight from its storage; there
    /// is no copy of the whole file in memory.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:],
                             to url: URL) throws {
        guard tensors["__metadata__"] == nil else {
            throw FileError(url, "'__metadata__' is reserved and cannot name a tensor")
        }
        // Rust orders strings by their UTF-8 bytes; Swift's `<` compares
        // Unicode characters, which can differ. Sort by bytes to match.
        func byBytes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        let sortedTensors = tensors.sorted { byBytes($0.key, $1.key) }

        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { byBytes($0.key, $1.key) }
                .map { "\(jsonQuoted($0.key)):\(jsonQuoted($0.value))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for (name, tensor) in sortedTensors {
            let end = offset + tensor.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append(jsonQuoted(name) + ":{\"dtype\":\"F32\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(fields.joined(separator: ","))}".utf8)
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

        try writeAtomically(to: url) { file in
            try withUnsafeBytes(of: UInt64(header.count).littleEndian) { try file.write($0) }
            try header.withUnsafeBytes { try file.write($0) }
            for (_, tensor) in sortedTensors {
                try file.write(UnsafeRawBufferPointer(tensor.buffer))
            }
        }
    }
}

/// `text` as a JSON string, escaped exactly as serde_json (which the
/// reference library uses) escapes it: quote, backslash and control
/// characters; everything else, '/' and non-ASCII included, stays as is.
func jsonQuoted(_ text: String) -> String {
    var quoted = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        case "\n": quoted += "\\n"
        case "\r": quoted += "\\r"
        case "\t": quoted += "\\t"
        case "\u{08}": quoted += "\\b"
        case "\u{0C}": quoted += "\\f"
        case _ where scalar.value < 0x20: quoted += String(format: "\\u%04x", scalar.value)
        default: quoted.unicodeScalars.append(scalar)
        }
    }
    return quoted + "\""
}
