/// FNV-1a, 64-bit (Fowler, Noll, Vo): a tiny, fast, non-cryptographic hash.
/// The chapter uses it to fingerprint tokenizers, token sequences and
/// documents, where a collision costs nothing worse than a missed check.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Mixes in one value: XOR, then multiply by the FNV prime.
    public mutating func combine(_ x: UInt64) {
        value = (value ^ x) &* 0x100_0000_01b3
    }

    /// The hash of `bytes`, one byte per step.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h = FNV1a()
        for byte in bytes { h.combine(UInt64(byte)) }
        return h.value
    }

    /// The hash of token ids, one id per step, as 16 hex digits: how the
    /// fixtures record tiktoken's ids (Tests/Fixtures/cl100k/make_fixture.py).
    public static func digest(ofIDs ids: [Int]) -> String {
        var h = FNV1a()
        for id in ids { h.combine(UInt64(id)) }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
