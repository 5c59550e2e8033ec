/// Gopher's repetition measures of a document (Rae et al., 2021, "Scaling
/// Language Models", appendix A): text that repeats itself (spam, menus,
/// boilerplate, generated filler) scores high; prose and verse low.
///
/// "Words" are whitespace-separated, "characters" UTF-8 bytes, and only
/// non-blank lines count as lines.
public struct RepetitionStats: Sendable, Equatable {
    public var words = 0
    public var lines = 0
    public var meanWordLength = 0.0
    /// Lines identical to an earlier line, over all lines.
    public var duplicateLineFraction = 0.0
    /// Characters in those duplicate lines, over all lines' characters.
    public var duplicateLineCharacterFraction = 0.0
    /// n → characters covered by the most frequent n-gram's occurrences,
    /// over all words' characters (n = 2, 3, 4).
    public var topNGramCharacterFraction: [Int: Double] = [:]
    /// n → characters in words covered by any n-gram that occurs more than
    /// once, over all words' characters (n = 5…10).
    public var duplicateNGramCharacterFraction: [Int: Double] = [:]
    /// Lines of fewer than `shortLineWords` words, over all lines.
    public var shortLineFraction = 0.0

    public static let topNGramSizes = [2, 3, 4]
    public static let duplicateNGramSizes = [5, 6, 7, 8, 9, 10]

    // listing: repetition
    public static func measure(_ text: String,
                               shortLineWords: Int = 3) -> Self {
        var stats = RepetitionStats()
        var wordHashes: [UInt64] = []          // one per word, in order
        var wordLengths: [Int] = []
        var seenLines = Set<UInt64>()
        var lineCharacters = 0, duplicateCharacters = 0
        var duplicateLines = 0, shortLines = 0
        for line in text.utf8.split(separator: 10) {
            let words = line.split(separator: 32)
            guard !words.isEmpty else { continue }
            stats.lines += 1
            lineCharacters += line.count
            if !seenLines.insert(Hash64.fnv1a(line)).inserted {
                duplicateLines += 1
                duplicateCharacters += line.count
            }
            if words.count < shortLineWords { shortLines += 1 }
            for word in words {
                wordHashes.append(Hash64.mix(Hash64.fnv1a(word)))
                wordLengths.append(word.count)
            }
        }
        let characters = wordLengths.reduce(0, +)
        guard stats.lines > 0, characters > 0 else { return stats }
        stats.words = wordHashes.count
        stats.meanWordLength = Double(characters) / Double(stats.words)
        stats.duplicateLineFraction =
            Double(duplicateLines) / Double(stats.lines)
        stats.duplicateLineCharacterFraction =
            Double(duplicateCharacters) / Double(lineCharacters)
        stats.shortLineFraction = Double(shortLines) / Double(stats.lines)
        for n in topNGramSizes {
            let (count, first) = mostFrequentNGram(wordHashes, n: n)
            let length = first.map {
                wordLengths[$0..<$0 + n].reduce(0, +)
            } ?? 0
            stats.topNGramCharacterFraction[n] =      // ≤ 1 even if overlapping
                min(1, Double(count * length) / Double(characters))
        }
        for n in duplicateNGramSizes {
            let covered = coveredByRepeats(wordHashes, n: n)
            let repeated = covered.indices.reduce(0) {
                $0 + (covered[$1] ? wordLengths[$1] : 0)
            }
            stats.duplicateNGramCharacterFraction[n] =
                Double(repeated) / Double(characters)
        }
        return stats
    }
    // end listing

    /// The hash of the n-gram starting at each position, as a rolling
    /// polynomial hash Σ wₖ·Bⁿ⁻¹⁻ᵏ (mod 2⁶⁴): moving one word along removes
    /// the word that leaves and adds the one that enters, so each n-gram
    /// costs the same whatever n is.
    static func nGramHashes(_ words: [UInt64], n: Int) -> [UInt64] {
        guard words.count >= n else { return [] }
        let base: UInt64 = 0x100_0000_01b3           // odd, so invertible
        var highest: UInt64 = 1                       // Bⁿ⁻¹
        for _ in 1..<n { highest = highest &* base }
        var hash: UInt64 = 0
        for k in 0..<n { hash = hash &* base &+ words[k] }
        var hashes = [hash]
        hashes.reserveCapacity(words.count - n + 1)
        for start in 1..<(words.count - n + 1) {
            hash = (hash &- words[start - 1] &* highest) &* base &+ words[start + n - 1]
            hashes.append(hash)
        }
        return hashes
    }

    /// How often the most frequent n-gram occurs (all occurrences, even
    /// overlapping ones), and where it first starts.
    static func mostFrequentNGram(_ words: [UInt64], n: Int) -> (Int, Int?) {
        let grams = nGramHashes(words, n: n)
        var counts = HashCounter(capacity: grams.count)
        var best = 0
        var bestHash: UInt64 = 0
        for hash in grams {
            let count = counts.add(hash)
            if count > best { (best, bestHash) = (count, hash) }
        }
        return (best, grams.firstIndex(of: bestHash))
    }

    /// For each word, whether an n-gram that occurs twice or more covers it.
    static func coveredByRepeats(_ words: [UInt64], n: Int) -> [Bool] {
        let grams = nGramHashes(words, n: n)
        var counts = HashCounter(capacity: grams.count)
        for hash in grams { counts.add(hash) }
        var covered = [Bool](repeating: false, count: words.count)
        for (start, hash) in grams.enumerated() where counts.count(hash) > 1 {
            for k in start..<start + n { covered[k] = true }
        }
        return covered
    }
}
