import Tokenizer

/// Gopher's statistics of a document (Rae et al., 2021, "Scaling Language
/// Models", appendix A): its quality filter's counts of words, symbols,
/// bullets, ellipses and stop words, and its repetition measures, by which
/// text that repeats itself (spam, menus, generated filler) scores high,
/// prose and verse low. Also measured, not applied: how many lines C4's
/// line rules would delete.
///
/// "Words" are space-separated, "characters" UTF-8 bytes, and only
/// non-blank lines count as lines.
public struct DocumentStatistics: Sendable, Equatable {
    public var words = 0
    public var lines = 0
    public var meanWordLength = 0.0
    /// "#" per word, and ellipses ("..." or "…") per word: Gopher's
    /// symbol-to-word ratios.
    public var hashesPerWord = 0.0
    public var ellipsesPerWord = 0.0
    /// Lines whose first visible character is a bullet "•", and lines that
    /// end in an ellipsis, over all lines.
    public var bulletLineFraction = 0.0
    public var ellipsisLineFraction = 0.0
    /// Words with at least one letter, over all words.
    public var alphabeticWordFraction = 0.0
    /// Words that are, in lower case and without the punctuation around
    /// them, one of Gopher's stop words.
    public var stopWords = 0
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
    /// C4 (Raffel et al., 2020) keeps a line only if it ends in `.`, `?`,
    /// `!` or `"` and has at least five words (`_END_MARKS` and
    /// `_MIN_WORDS_PER_LINE` in TensorFlow Datasets' `c4_utils.py`).
    public var linesWithoutEndMark = 0
    public var linesUnderFiveWords = 0

    public static let topNGramSizes = [2, 3, 4]
    /// Gopher's stop words: a document must contain some of them.
    public static let gopherStopWords: Set<String> =
        ["the", "be", "to", "of", "and", "that", "have", "with"]

    /// C4's verdict on one line: whether it ends in `.`, `?`, `!` or `"`,
    /// and whether it has at least five (space-separated) words. C4 keeps
    /// the line only if both hold.
    public static func c4LineChecks(_ line: Substring)
        -> (endMark: Bool, fiveWords: Bool) {
        let bytes = line.utf8
        let words = bytes.split(separator: 0x20).count
        return (bytes.last.map { ".?!\"".utf8.contains($0) } ?? false, words >= 5)
    }
    public static let duplicateNGramSizes = [5, 6, 7, 8, 9, 10]

    public init(_ text: String) {
        var wordHashes: [UInt64] = []          // one per word, in order
        var wordLengths: [Int] = []
        var seenLines = Set<UInt64>()
        var lineCharacters = 0, duplicateCharacters = 0, duplicateLines = 0
        var hashes = 0, ellipses = 0, bulletLines = 0, ellipsisLines = 0
        var alphabeticWords = 0
        let bullet = Array("•".utf8), ellipsis = Array("…".utf8)
        for line in text.utf8.split(separator: 0x0A) {
            let words = line.split(separator: 0x20)
            guard !words.isEmpty else { continue }
            lines += 1
            lineCharacters += line.count
            if !seenLines.insert(Hash64.fnv1a(line)).inserted {
                duplicateLines += 1
                duplicateCharacters += line.count
            }
            let c4 = Self.c4LineChecks(Substring(line))
            if !c4.endMark { linesWithoutEndMark += 1 }
            if !c4.fiveWords { linesUnderFiveWords += 1 }
            if words[0].starts(with: bullet) { bulletLines += 1 }
            let last = words[words.count - 1]
            if last.reversed().starts(with: ellipsis.reversed())
                || last.reversed().starts(with: [0x2E, 0x2E, 0x2E]) {
                ellipsisLines += 1
            }
            for word in words {
                wordHashes.append(Hash64.mix(Hash64.fnv1a(word)))
                wordLengths.append(word.count)
                let counts = Self.symbols(in: word)
                (hashes, ellipses) = (hashes + counts.hashes, ellipses + counts.ellipses)
                if Substring(word).containsLetter { alphabeticWords += 1 }
                if Self.isStopWord(word) { stopWords += 1 }
            }
        }
        let characters = wordLengths.reduce(0, +)
        guard lines > 0, characters > 0 else { return }
        words = wordHashes.count
        meanWordLength = Double(characters) / Double(words)
        hashesPerWord = Double(hashes) / Double(words)
        ellipsesPerWord = Double(ellipses) / Double(words)
        bulletLineFraction = Double(bulletLines) / Double(lines)
        ellipsisLineFraction = Double(ellipsisLines) / Double(lines)
        alphabeticWordFraction = Double(alphabeticWords) / Double(words)
        duplicateLineFraction = Double(duplicateLines) / Double(lines)
        duplicateLineCharacterFraction = Double(duplicateCharacters) / Double(lineCharacters)
        for n in Self.topNGramSizes {
            let grams = Self.nGramHashes(wordHashes, n: n)
            var counts = HashCounter(capacity: grams.count)
            var best = (count: 0, start: 0)
            for (start, hash) in grams.enumerated() {
                let count = counts.add(hash)
                if count > best.count { best = (count, start) }
            }
            guard best.count > 0 else { continue }          // fewer than n words
            let length = wordLengths[best.start..<best.start + n].reduce(0, +)
            topNGramCharacterFraction[n] =            // ≤ 1 even if overlapping
                min(1, Double(best.count * length) / Double(characters))
        }
        for n in Self.duplicateNGramSizes {
            let grams = Self.nGramHashes(wordHashes, n: n)
            var counts = HashCounter(capacity: grams.count)
            for hash in grams { counts.add(hash) }
            var covered = [Bool](repeating: false, count: words)
            for (start, hash) in grams.enumerated() where counts.count(hash) > 1 {
                for k in start..<start + n { covered[k] = true }
            }
            let repeated = covered.indices.reduce(0) { $0 + (covered[$1] ? wordLengths[$1] : 0) }
            duplicateNGramCharacterFraction[n] = Double(repeated) / Double(characters)
        }
    }

    /// The "#" characters in a word, and its ellipses: "…", or "..." (a
    /// run of n full stops holds n / 3 of them, as Python's `str.count`
    /// counts them).
    static func symbols(in word: Substring.UTF8View) -> (hashes: Int, ellipses: Int) {
        guard word.contains(where: { $0 == 0x23 || $0 == 0x2E || $0 == 0xE2 }) else {
            return (0, 0)
        }
        let bytes = Array(word)
        var hashes = 0, ellipses = 0, i = 0
        while i < bytes.count {
            if bytes[i] == 0x23 {
                hashes += 1
                i += 1
            } else if bytes[i...].starts(with: [0x2E, 0x2E, 0x2E])
                        || bytes[i...].starts(with: [0xE2, 0x80, 0xA6]) {   // "…"
                ellipses += 1
                i += 3
            } else {
                i += 1
            }
        }
        return (hashes, ellipses)
    }

    /// Whether a word is one of Gopher's stop words once lower-cased and
    /// stripped of the punctuation around it ("The", "to,", "(and" are).
    static func isStopWord(_ word: Substring.UTF8View) -> Bool {
        guard let first = word.firstIndex(where: isASCIILetter),
              let last = word.lastIndex(where: isASCIILetter) else { return false }
        let letters = word[first...last].lazy.map { $0 | 0x20 }
        return stopWordBytes.contains { $0.elementsEqual(letters) }
    }

    private static let stopWordBytes = gopherStopWords.map { Array($0.utf8) }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a
    }

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
}

/// Counts 64-bit hashes in an open-addressing table with linear probing,
/// several times faster than `[UInt64: Int]` for the n-gram counts: the
/// keys are hashes already, and `Hash64.mix` picks their slots.
private struct HashCounter {
    private var keys: [UInt64]
    private var counts: [Int32]          // 0: empty slot
    private let shift: UInt64

    /// A table for up to `capacity` distinct keys, at most half full.
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * max(capacity, 1) { bits += 1 }
        keys = Array(repeating: 0, count: 1 << bits)
        counts = Array(repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    private func slot(_ key: UInt64) -> Int {
        var i = Int(Hash64.mix(key) >> shift)
        while counts[i] != 0 && keys[i] != key { i = (i + 1) & (keys.count - 1) }
        return i
    }

    /// Adds one occurrence of `key`; returns its count so far.
    @discardableResult
    mutating func add(_ key: UInt64) -> Int {
        let i = slot(key)
        keys[i] = key
        counts[i] += 1
        return Int(counts[i])
    }

    func count(_ key: UInt64) -> Int { Int(counts[slot(key)]) }
}
