/// The quality rules, by what they remove: a line, a block (a paragraph:
/// lines between blank lines), or a whole document.
public enum QualityRule: String, CaseIterable, Sendable, Codable {
    case noLetters = "line without letters"
    case licenseText = "license / web boilerplate"
    case symbols = "symbol ratio"
    case nonWords = "words without letters"
    case list = "list (cast of characters, contents)"
    case tooFewWords = "too few words"
    case meanWordLength = "mean word length"
    case duplicateLines = "duplicate lines"
    case duplicateLineCharacters = "duplicate-line characters"
    case topNGram = "top n-gram characters"
    case duplicateNGrams = "duplicate n-gram characters"
    case shortLines = "short lines"

    public enum Scope: String, Sendable { case line, block, document }

    public var scope: Scope {
        switch self {
        case .noLetters: .line
        case .licenseText, .symbols, .nonWords, .list: .block
        default: .document
        }
    }
}

// listing: quality-rules
/// Thresholds of the quality rules, after Gopher (Rae et al., 2021) and C4
/// (Raffel et al., 2020), adjusted where plays differ from web pages. The
/// values were checked on this corpus: every play and poem passes every
/// document rule, and the block rules remove only the junk named.
public struct QualityThresholds: Sendable {
    /// Block: more than 10% of its visible characters are symbols (not
    /// letters, digits or ordinary punctuation) — Gopher's symbol-to-word
    /// limit is also 0.1. OCR debris from the article's portrait plates
    /// scores 0.11–0.20; no block of a play more than 0.04. Blocks under 20
    /// such characters are too short to judge.
    public var maxSymbolRatio = 0.10
    public var minCharactersForSymbolRule = 20
    /// Block: fewer than 80% of its words contain a letter (Gopher's
    /// document rule, applied per block; dashes set off by spaces are not
    /// words): tables of numbers, "2s. 2d." columns, ditto marks, OCR'd
    /// plates (0.41–0.78). The margin is narrow: the lowest speech scores
    /// 0.83 (the Folio numbers its citizens "1.", "2." in Julius Caesar).
    /// Blocks under 20 words are exempt: "2. Were you there?" is mostly
    /// numbers and names.
    public var minAlphabeticWordFraction = 0.80
    public var minWordsForWordRule = 20
    /// Block: a list — lines short (≤ 6 words on average), mostly ending in
    /// a full stop, words mostly capitalized: "Polonius, Lord Chamberlain."
    /// Verse fails all three (8 words a line, enjambed, lower case). Five
    /// lines make a list; a 2–4-line block of the same shape next to a list
    /// is its continuation (casts are grouped: men, then women). A
    /// four-line speech of short sentences has the shape but no list
    /// beside it, and stays.
    public var listMinLines = 5
    public var listContinuationMinLines = 2
    public var listMaxWordsPerLine = 6.0
    public var listMinCapitalizedFraction = 0.55
    public var listMinFullStopLines = 0.75
    /// Block: contains a phrase that only boilerplate uses (C4 drops pages
    /// with "lorem ipsum" or "terms of use"). Single words would not do:
    /// "licence" and "copyright" occur in the plays and the article.
    public var licensePhrases = [
        "project gutenberg", "gutenberg.org", "gutenberg-tm", "this etext",
        "this ebook", "electronic version", "all rights reserved",
        "http://", "https://", "www.",
    ]
    /// Document: Gopher keeps 50 to 100 000 words; the Phoenix and the
    /// Turtle has 360.
    public var minWords = 50
    /// Document: Gopher's mean word length bounds; the texts: 4.2–4.9.
    public var meanWordLength: ClosedRange<Double> = 3...10
    /// Document: Gopher drops a page if 30% of its lines are repeats. A
    /// modern play repeats its speaker names ("HAMLET.") hundreds of times:
    /// the texts score up to 0.30, so this would drop Merry Wives. We allow
    /// 0.45 and rely on the next rule, which names cannot fool.
    public var maxDuplicateLineFraction = 0.45
    /// Document: Gopher's 20% limit on characters in duplicate lines; the
    /// plays reach 0.11 (names are short).
    public var maxDuplicateLineCharacterFraction = 0.20
    /// Document: Gopher's limits on the most frequent 2-, 3-, 4-gram's share
    /// of characters; the plays reach 0.03 ("OF SYRACUSE.").
    public var maxTopNGramCharacterFraction: [Int: Double] =
        [2: 0.20, 3: 0.18, 4: 0.16]
    /// Document: Gopher's limits on characters in repeated 5- to 10-grams;
    /// the plays reach 0.04.
    public var maxDuplicateNGramCharacterFraction: [Int: Double] =
        [5: 0.15, 6: 0.14, 7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10]
    /// Document: C4 drops every *line* under 3 words, which would take a
    /// third of a modern play (names, "Who's there?"). We only drop a
    /// document that is mostly short lines — a word list, an index. Plays
    /// reach 0.35.
    public var shortLineWords = 3
    public var maxShortLineFraction = 0.60

    public init() {}
}
// end listing
