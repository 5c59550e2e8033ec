import Foundation

/// Writes `value` as JSON, atomically. Keys are sorted, so the same value
/// always gives the same bytes: files diff cleanly and hash stably.
public func writeJSON<Value: Encodable>(_ value: Value, to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do {
        data = try encoder.encode(value)
    } catch {
        throw FileError(url, "cannot encode as JSON: \(error)")
    }
    try writeAtomically(data + Data("\n".utf8), to: url)
}

/// Reads a JSON file into `type`, with errors that name the file and the
/// field: `state.json: missing 'step'`.
public func readJSON<Value: Decodable>(_ type: Value.Type, from url: URL) throws -> Value {
    let file = try MappedFile(contentsOf: url)
    do {
        return try JSONDecoder().decode(type, from: Data(file.bytes))
    } catch let error as DecodingError {
        throw FileError(url, explain(error))
    }
}

/// A DecodingError in one line: where in the JSON, and what was wrong.
private func explain(_ error: DecodingError) -> String {
    /// `layers.0.weight`: keys and array indices, joined by dots.
    func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "missing '\(path(context.codingPath + [key]))'"
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
        return "'\(path(context.codingPath))' is not a valid \(type)"
    case .dataCorrupted(let context) where context.codingPath.isEmpty:
        // Foundation also reports a number that does not fit its field,
        // such as -1 for a UInt64, this way, without saying where.
        return "not valid JSON, or a number does not fit its field"
    case .dataCorrupted(let context):
        return "'\(path(context.codingPath))': \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
