/// The quality rules, by what they remove: a line, a block (a paragraph:
/// lines between blank lines), or a whole document.
public enum QualityRule: String, CaseIterable, Sendable {
    case noLetters = "line without letters"
    case symbols = "symbol ratio"
    case nonWords = "words without letters"
    case list = "list (cast of characters, contents)"
    case wordCount = "words"
    case meanWordLength = "mean word length"
    case hashes = "# per word"
    case ellipses = "ellipses per word"
    case bulletLines = "lines starting with a bullet"
    case ellipsisLines = "lines ending in an ellipsis"
    case alphabeticWords = "words with a letter"
    case stopWords = "stop words"
    case duplicateLines = "duplicate lines"
    case duplicateLineCharacters = "characters in duplicate lines"
    case topNGram = "top n-gram characters"
    case duplicateNGrams = "characters in duplicate n-grams"

    public enum Scope: String, Sendable { case line, block, document }

    public var scope: Scope {
        switch self {
        case .noLetters: .line
        case .symbols, .nonWords, .list: .block
        default: .document
        }
    }
}

// listing: quality-rules
/// Thresholds of the quality rules, after Gopher (Rae et al., 2021),
/// adjusted where plays differ from web pages. The notebook measures every
/// text of the corpus against each document rule, Gopher's and ours.
public struct QualityThresholds: Sendable {
    /// Block: too many of its visible characters are symbols, not letters,
    /// digits or ordinary punctuation: OCR debris from the article's plates.
    /// (Gopher's symbol-to-word limit is also 0.1.) Blocks with fewer such
    /// characters than the minimum are too short to judge.
    public var maxSymbolRatio = 0.10
    public var minCharactersForSymbolRule = 20
    /// Block: too few of its words contain a letter (Gopher's document
    /// rule, applied per block; dashes set off by spaces are not words):
    /// tables of numbers, "2s. 2d." columns. Short blocks are exempt, for
    /// the Folio numbers its speakers: "2. Were you there?"
    public var minAlphabeticWordFraction = 0.80
    public var minWordsForWordRule = 20
    /// Block: a list — short lines, mostly ending in a full stop, words
    /// mostly capitalized: "Polonius, Lord Chamberlain." Verse fails all
    /// three (longer lines, enjambed, lower case). A shorter block of the
    /// same shape next to a list continues it (casts are grouped: men, then
    /// women); alone, it is a speech of short sentences, and stays.
    public var listMinLines = 5
    public var listContinuationMinLines = 2
    public var listMaxWordsPerLine = 6.0
    public var listMinCapitalizedFraction = 0.55
    public var listMinFullStopLines = 0.75
    /// Document: Gopher's word count and mean word length bounds.
    public var words: ClosedRange<Double> = 50...100_000
    public var meanWordLength: ClosedRange<Double> = 3...10
    /// Document: Gopher's limits on "#" and on ellipses per word, on lines
    /// that start with a bullet or end in an ellipsis, and its minimum of
    /// stop words (the, be, to, of, and, that, have, with). The share of
    /// words with a letter is `minAlphabeticWordFraction`, per document too.
    public var maxHashesPerWord = 0.10
    public var maxEllipsesPerWord = 0.10
    public var maxBulletLineFraction = 0.90
    public var maxEllipsisLineFraction = 0.30
    public var minStopWords = 2
    /// Document: the share of lines that repeat an earlier line. Gopher
    /// allows 0.30; a modern play prints a speaker's name ("HAMLET.") on a
    /// line of its own before every speech, so we allow more and rely on
    /// the next rule, which short names cannot fool.
    public var maxDuplicateLineFraction = 0.45
    /// Document: Gopher's limit on characters in duplicate lines.
    public var maxDuplicateLineCharacterFraction = 0.20
    /// Document: Gopher's limits on the most frequent 2-, 3- and 4-gram's
    /// share of characters, and on characters in repeated 5- to 10-grams.
    public var maxTopNGramCharacterFraction: [Int: Double] =
        [2: 0.20, 3: 0.18, 4: 0.16]
    public var maxDuplicateNGramCharacterFraction: [Int: Double] =
        [5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10]

    public init() {}

    /// Gopher's published document thresholds, for comparison.
    public static let gopher: QualityThresholds = {
        var gopher = QualityThresholds()
        gopher.maxDuplicateLineFraction = 0.30
        return gopher
    }()
}
// end listing

/// One document rule measured on one document.
public struct DocumentCheck: Sendable {
    public let rule: QualityRule
    /// The rule, with n for the n-gram rules: "top 3-gram characters".
    public let label: String
    public let value: Double
    public let allowed: ClosedRange<Double>
    public var passes: Bool { allowed.contains(value) }
}

extension QualityThresholds {
    /// Every document rule on a document's statistics, in a fixed order.
    public func documentChecks(_ s: DocumentStatistics) -> [DocumentCheck] {
        func check(_ rule: QualityRule, _ value: Double, _ allowed: ClosedRange<Double>,
                   label: String? = nil) -> DocumentCheck {
            DocumentCheck(rule: rule, label: label ?? rule.rawValue, value: value,
                          allowed: allowed)
        }
        var checks = [
            check(.wordCount, Double(s.words), words),
            check(.meanWordLength, s.meanWordLength, meanWordLength),
            check(.hashes, s.hashesPerWord, 0...maxHashesPerWord),
            check(.ellipses, s.ellipsesPerWord, 0...maxEllipsesPerWord),
            check(.bulletLines, s.bulletLineFraction, 0...maxBulletLineFraction),
            check(.ellipsisLines, s.ellipsisLineFraction, 0...maxEllipsisLineFraction),
            check(.alphabeticWords, s.alphabeticWordFraction, minAlphabeticWordFraction...1),
            check(.stopWords, Double(s.stopWords), Double(minStopWords)...Double.infinity),
            check(.duplicateLines, s.duplicateLineFraction, 0...maxDuplicateLineFraction),
            check(.duplicateLineCharacters, s.duplicateLineCharacterFraction,
                  0...maxDuplicateLineCharacterFraction),
        ]
        for (n, limit) in maxTopNGramCharacterFraction.sorted(by: { $0.key < $1.key }) {
            checks.append(check(.topNGram, s.topNGramCharacterFraction[n, default: 0],
                                0...limit, label: "top \(n)-gram characters"))
        }
        for (n, limit) in maxDuplicateNGramCharacterFraction.sorted(by: { $0.key < $1.key }) {
            checks.append(check(.duplicateNGrams, s.duplicateNGramCharacterFraction[n, default: 0],
                                0...limit, label: "characters in duplicate \(n)-grams"))
        }
        return checks
    }
}
