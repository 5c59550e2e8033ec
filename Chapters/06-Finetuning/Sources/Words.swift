import Foundation

/// What "a word" means for the text tasks, stated once so that the data
/// generator and the evaluator agree: runs of characters between spaces
/// (a dash "--" counts as a space), without the punctuation around them.
/// "O, that this too too solid flesh would melt," has nine words, the
/// first "O", the last "melt"; apostrophes stay ("o'er", "'tis").
public enum Words {
    static let edges = CharacterSet(charactersIn: ".,;:!?\"()[]-")

    public static func of(_ line: String) -> [String] {
        line.replacingOccurrences(of: "--", with: " ")
            .split(whereSeparator: \.isWhitespace)
            .map { $0.trimmingCharacters(in: edges) }
            .filter { !$0.isEmpty }
    }
}
