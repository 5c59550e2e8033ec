/// The chapter's two hashes, for the tokenizer and the data pipeline alike.
/// Linux has no CryptoKit, and none is needed: these key tables and compare
/// texts, where a 64-bit hash makes a collision among a few million items
/// vanishingly rare (about n²/2⁶⁵: 3·10⁻⁸ for 10⁶ items).
public enum Hash64 {
    /// FNV-1a (Fowler–Noll–Vo): for each byte, xor it in, then multiply by a
    /// prime. Short and fast, but its high bits depend weakly on the last
    /// bytes, so where all 64 bits must be random the result goes through
    /// `mix`.
    @inlinable
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325       // the offset basis
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3  // the prime
        }
        return hash
    }

    /// A multiply–xorshift mixer with the constants of SplitMix64's
    /// finalizer (Steele et al., 2014): it spreads each input bit over the
    /// word, where FNV-1a leaves the high bits weak and the rank table needs
    /// low bits that depend on every byte. The one mixer of the chapter:
    /// shingle hashes, the rank table, the n-gram counter and the seeded
    /// shuffle use it. Two rounds, not the finalizer's three: the rank table
    /// mixes on every lookup, and the third round cost the cl100k encoder a
    /// few percent of its speed.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 31)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 29)
    }

    /// FNV-1a over token ids, one id per step (not per byte), as 16 hex
    /// digits: how `Tests/Fixtures/cl100k/make_fixture.py` records tiktoken's
    /// ids for a whole file, so that 78 files fit in a small fixture.
    public static func digest(ofIDs ids: [Int]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for id in ids { hash = (hash ^ UInt64(id)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
