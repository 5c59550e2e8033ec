/// What the block rules look at in a paragraph: its lines and words, and
/// what its characters are.
public struct BlockMeasures: Sendable, Equatable {
    public var lines = 0
    public var words = 0
    /// Characters that are not whitespace.
    public var visibleCharacters = 0
    /// Visible characters that are neither letters, digits nor ordinary
    /// punctuation: `* @ # | { } ¤ · » § ¥ ~ ^ _ = < >` and the like.
    public var symbols = 0
    /// Words with at least one letter.
    public var alphabeticWords = 0
    /// Words that are only dashes: "--", "—". Punctuation set off by
    /// spaces ("My fortunes -- parentage -- good parentage --"), not words.
    public var dashWords = 0
    /// Of those, words whose first letter is upper case.
    public var capitalizedWords = 0
    /// Lines whose last character is a full stop.
    public var fullStopLines = 0

    /// Punctuation that ordinary English text uses; anything else visible
    /// and not a letter or digit counts as a symbol.
    public static let ordinaryPunctuation: Set<Unicode.Scalar> = [
        ".", ",", ";", ":", "!", "?", "'", "\"", "(", ")", "[", "]", "-", "&",
        "/", "’", "‘", "“", "”", "—", "–", "…",
    ]

    public init(lines blockLines: [Substring]) {
        for line in blockLines {
            lines += 1
            if line.utf8.last == UInt8(ascii: ".") { fullStopLines += 1 }
            for word in line.spaceSeparatedWords {
                words += 1
                var firstLetter: Unicode.Scalar?
                for scalar in word.unicodeScalars {
                    visibleCharacters += 1
                    let isLetter = scalar.isASCII
                        ? (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7a
                        : scalar.properties.isAlphabetic
                    if isLetter {
                        if firstLetter == nil { firstLetter = scalar }
                    } else if !(scalar.value >= 0x30 && scalar.value <= 0x39)
                                && !Self.ordinaryPunctuation.contains(scalar) {
                        symbols += 1
                    }
                }
                if let first = firstLetter {
                    alphabeticWords += 1
                    if first.properties.isUppercase { capitalizedWords += 1 }
                } else if word.unicodeScalars.allSatisfy(Self.isDash) {
                    dashWords += 1
                }
            }
        }
    }

    public var symbolRatio: Double {
        visibleCharacters == 0 ? 0 : Double(symbols) / Double(visibleCharacters)
    }
    /// Of the words that are not dashes, the share with a letter.
    public var alphabeticWordFraction: Double {
        let counted = words - dashWords
        return counted == 0 ? 1 : Double(alphabeticWords) / Double(counted)
    }

    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "–" || scalar == "—"
    }
    public var wordsPerLine: Double { lines == 0 ? 0 : Double(words) / Double(lines) }
    public var capitalizedFraction: Double {
        alphabeticWords == 0 ? 0 : Double(capitalizedWords) / Double(alphabeticWords)
    }
    public var fullStopLineFraction: Double {
        lines == 0 ? 0 : Double(fullStopLines) / Double(lines)
    }

    /// Whether the block has a list's shape (see `QualityThresholds`),
    /// whatever its length.
    public func hasListShape(_ t: QualityThresholds) -> Bool {
        wordsPerLine <= t.listMaxWordsPerLine
            && capitalizedFraction >= t.listMinCapitalizedFraction
            && fullStopLineFraction >= t.listMinFullStopLines
    }
}
