import Foundation

// listing: exact-match
/// Scores a reply against the one right answer. Both are compared after
/// the same light normalization — the first line only, spaces and a final
/// full stop trimmed, letters folded to lower case — and must then be
/// equal. "B", "b" and "B." match "B"; "B. HAMLET" does not: an answer in
/// the wrong form is wrong, which is what instruction tuning teaches.
public enum ExactMatch {
    public static func normalized(_ text: String) -> String {
        var line = text.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
        if line.hasSuffix(".") { line.removeLast() }
        return line.lowercased()
    }

    public static func matches(_ reply: String, _ answer: String) -> Bool {
        normalized(reply) == normalized(answer)
    }
}
// end listing

extension TaskFamily {
    /// Whether a reply has the form this family's answers have, right or
    /// wrong: a letter, a number, one word, or (safety) a sentence. The
    /// base model's failures are mostly of form; this separates the two.
    public func isWellFormed(_ reply: String) -> Bool {
        let r = ExactMatch.normalized(reply)
        switch self {
        case .nextLine, .speaker, .play: return ["a", "b", "c", "d"].contains(r)
        case .countWords: return !r.isEmpty && r.allSatisfy(\.isNumber)
        case .firstWord, .lastWord: return !r.isEmpty && !r.contains(" ")
        case .refuse, .lookAlike: return !r.isEmpty
        }
    }
}

/// A proportion measured on n examples, with its 95 % Wilson score
/// interval, which stays inside [0, 1] and is honest for small n and for
/// rates near 0 or 1, where the textbook p ± 1.96·√(p(1−p)/n) is not.
public struct Proportion: Sendable, Equatable, Codable {
    public let count: Int, total: Int

    public init(count: Int, total: Int) { (self.count, self.total) = (count, total) }

    public var value: Double { total == 0 ? 0 : Double(count) / Double(total) }

    public var interval: ClosedRange<Double> {
        guard total > 0 else { return 0...1 }
        let z = 1.959964, n = Double(total), p = value
        let center = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return max(0, center - half)...min(1, center + half)
    }
}
