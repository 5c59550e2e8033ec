import Book
import Foundation

/// Instruction examples as JSON Lines, one object per line:
/// {"family":"count-words","prompt":"How many words …","answer":"7"}.
/// The splits are written so a reader can look at the data, and read back
/// so other data in the same form can be used.
public enum InstructionFile {
    public static func write(_ examples: [InstructionExample], to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for example in examples {
            data += try encoder.encode(example)
            data.append(UInt8(ascii: "\n"))
        }
        try writeAtomically(data, to: url)
    }

    // listing: read-jsonl
    /// Reads every line; a line that is not an example (bad JSON, a missing
    /// field, an unknown family) makes the whole read fail, with the count
    /// of bad lines and the first three by number. Dropping them quietly
    /// would train on less data than the reader thinks.
    public static func read(_ url: URL) throws -> [InstructionExample] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileError(url, "cannot read: \(error.localizedDescription)")
        }
        var examples: [InstructionExample] = [], bad: [String] = [], badCount = 0
        let decoder = JSONDecoder()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty
        {
            do {
                examples.append(try decoder.decode(InstructionExample.self, from: Data(line.utf8)))
            } catch {
                badCount += 1
                if bad.count < 3 { bad.append("line \(index + 1): \(reason(error))") }
            }
        }
        guard badCount == 0 else {
            throw FileError(url, "\(badCount) bad line\(badCount == 1 ? "" : "s") of "
                            + "\(examples.count + badCount); " + bad.joined(separator: "; "))
        }
        return examples
    }
    // end listing

    /// A decoding error in a few words: which field, and what was wrong.
    static func reason(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?:
            return "\"\(c.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case .dataCorrupted(let c)?:
            let field = c.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "not JSON" : "\"\(field)\": \(c.debugDescription)"
        default: return "\(error)"
        }
    }
}
