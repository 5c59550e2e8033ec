/// Small non-cryptographic hashes for de-duplication. Linux has no
/// CryptoKit, and none is needed: we hash to *compare* texts, not to defend
/// against an adversary, so a fast 64-bit hash whose collisions are
/// vanishingly rare among a few million items is enough (for 10⁶ items the
/// chance of any 64-bit collision is about n²/2⁶⁵ ≈ 3·10⁻⁸).
public enum Hash64 {
    // listing: fnv1a
    /// FNV-1a (Fowler–Noll–Vo): for each byte, xor it in, then multiply by
    /// a prime. Two lines, fast, and good enough to key a hash table.
    public static func fnv1a<Bytes: Sequence>(_ bytes: Bytes) -> UInt64
        where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325        // offset basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3          // FNV prime
        }
        return hash
    }
    // end listing

    /// FNV-1a of a string's UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 { fnv1a(text.utf8) }

    /// FNV-1a over token ids, one id per step (not per byte), as 16 hex
    /// digits: how the fixtures record tiktoken's ids for a whole file
    /// (Tests/Fixtures/cl100k/make_fixture.py).
    public static func digest(ofIDs ids: [Int]) -> String {
        var hash = fnvOffset
        for id in ids { hash = (hash ^ UInt64(id)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Continues an FNV-1a hash with the eight bytes of `word`
    /// (little-endian): how n words' hashes combine into one n-gram hash.
    @inline(__always)
    static func fnv1a(continuing hash: UInt64, with word: UInt64) -> UInt64 {
        var hash = hash
        var word = word
        for _ in 0..<8 {
            hash ^= word & 0xff
            hash = hash &* 0x0000_0100_0000_01b3
            word >>= 8
        }
        return hash
    }

    /// The FNV offset basis: the hash of nothing.
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    /// SplitMix64's finalizer: every input bit flips about half the output
    /// bits. FNV-1a's high bits depend weakly on the last bytes, and MinHash
    /// needs all 64 bits well mixed, so shingle hashes go through this.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
