/// Substring search over UTF-8 bytes. `String.contains(_: String)` on Linux
/// goes through Foundation's `NSString` and was the largest cost of the
/// whole pipeline in a profile; these loops are what the rules need.
enum TextSearch {
    /// Whether `text` contains `needle`, ASCII letters compared without
    /// case if `ignoringCase` (the needle must then be lower case).
    static func contains(_ text: some StringProtocol, _ needle: String,
                         ignoringCase: Bool = false) -> Bool {
        contains(Array(text.utf8), needle, ignoringCase: ignoringCase)
    }

    static func contains(_ bytes: [UInt8], _ needle: String,
                         ignoringCase: Bool = false) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        guard bytes.count >= pattern.count else { return false }
        @inline(__always) func fold(_ byte: UInt8) -> UInt8 {
            ignoringCase && byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte
        }
        for start in 0...(bytes.count - pattern.count) where fold(bytes[start]) == first {
            var k = 1
            while k < pattern.count && fold(bytes[start + k]) == pattern[k] { k += 1 }
            if k == pattern.count { return true }
        }
        return false
    }

    /// Whether `text` contains the ASCII character `byte`.
    @inline(__always)
    static func contains(_ text: some StringProtocol, byte: UInt8) -> Bool {
        text.utf8.contains(byte)
    }
}

/// Counts 64-bit hashes in an open-addressing table with linear probing:
/// the keys are hashes already, so they pick their slot directly
/// (Fibonacci hashing) instead of being hashed again as `Dictionary` does.
/// Several times faster than `[UInt64: Int]` for the n-gram counts.
struct HashCounter {
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

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        var i = Int((key &* 0x9e37_79b9_7f4a_7c15) >> shift)
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

extension StringProtocol {
    /// The lines of the text (split at "\n", empty lines kept), found in
    /// its UTF-8 bytes: `split(separator: "\n")` walks Characters, whose
    /// grapheme breaking costs several times more.
    var lines: [Substring] {
        let text = Substring(self)
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { Substring($0) }
    }

    /// The words of a line: runs of anything but ASCII spaces.
    var spaceSeparatedWords: [Substring] {
        Substring(self).utf8.split(separator: 0x20).map { Substring($0) }
    }

    /// Whether the text has a letter: an ASCII letter, or an alphabetic
    /// non-ASCII scalar (æ, é, Greek...).
    var containsLetter: Bool {
        var nonASCII = false
        for byte in utf8 {
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a { return true }
            if byte >= 0x80 { nonASCII = true }
        }
        return nonASCII && unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}
