/// A BPE vocabulary both ways: a token's bytes from its rank (to decode) and
/// a rank from bytes (to encode).
///
/// Encoding asks "is this byte string a token, and of which rank?" for every
/// piece and for every candidate merge, millions of times a second. A
/// `[[UInt8]: Int]` dictionary would need an array built for each question;
/// this table answers for bytes in place. It is an open-addressing hash table
/// whose slots hold only ranks: the token bytes themselves live once, back
/// to back, in `bytes`, and a lookup compares against them.
struct Vocabulary: Sendable {
    /// Every token's bytes, one after another: token `rank` is
    /// `bytes[offsets[rank] ..< offsets[rank + 1]]`, empty for an unused rank.
    let bytes: [UInt8]
    let offsets: [Int]
    /// `slots.count` is a power of two above twice the number of tokens,
    /// so probe sequences stay short. A slot is 0 when empty, else the top
    /// 32 bits of the token's hash (to skip most wrong slots without touching
    /// `bytes`) over the token's rank + 1.
    private let slots: [UInt64]

    /// Ranks must be distinct, non-negative and below 2³²−1, and no token
    /// may be empty.
    init(ranks: [[UInt8]: Int]) {
        let size = (ranks.values.max() ?? -1) + 1
        precondition(size < Int(UInt32.max), "ranks must be below 2^32 - 1")
        var tokens = [[UInt8]?](repeating: nil, count: size)
        for (token, rank) in ranks {
            precondition(rank >= 0 && tokens[rank] == nil, "rank \(rank) is not unique")
            precondition(!token.isEmpty, "rank \(rank) is an empty token")
            tokens[rank] = token
        }
        var bytes: [UInt8] = [], offsets = [0]
        for token in tokens {
            bytes += token ?? []
            offsets.append(bytes.count)
        }
        let slotCount = 1 << (Int.bitWidth - (2 * ranks.count).leadingZeroBitCount)
        var slots = [UInt64](repeating: 0, count: slotCount)
        let mask = slots.count - 1
        for (token, rank) in ranks {
            let hash = token.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(rank + 1)
        }
        (self.bytes, self.offsets, self.slots) = (bytes, offsets, slots)
    }

    /// One more than the largest rank.
    var size: Int { offsets.count - 1 }

    /// The rank of the token whose bytes are `count` bytes at `start`, or
    /// nil if they are not a token.
    @inline(__always)
    func rank(of start: UnsafePointer<UInt8>, count: Int) -> UInt32? {
        let hash = Self.hash(start, count)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                if slots[slot] & 0xFFFF_FFFF_0000_0000 == tag {
                    let rank = Int(slots[slot] & 0xFFFF_FFFF) - 1
                    if matches(rank, start, count) { return UInt32(rank) }
                }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Whether token `rank` is exactly the `count` bytes at `start`.
    @inline(__always)
    private func matches(_ rank: Int, _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        offsets.withUnsafeBufferPointer { offsets in
            let begin = offsets[rank]
            guard offsets[rank + 1] - begin == count else { return false }
            return bytes.withUnsafeBufferPointer {
                Self.equal($0.baseAddress! + begin, start, count)
            }
        }
    }

    /// Whether the `count` bytes at `a` and `b` are equal. Like `memcmp`, but
    /// inlined and a word at a time, which matters for keys this short.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>,
                              _ count: Int) -> Bool {
        let (a, b) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        func same<Word: FixedWidthInteger>(_ type: Word.Type, at offset: Int) -> Bool {
            a.loadUnaligned(fromByteOffset: offset, as: Word.self)
                == b.loadUnaligned(fromByteOffset: offset, as: Word.self)
        }
        switch count {
        case 0:
            return true
        case 1...3:  // bytes 0, count / 2 and count - 1 are all of them
            return same(UInt8.self, at: 0) && same(UInt8.self, at: count / 2)
                && same(UInt8.self, at: count - 1)
        case 4...8:  // two words that overlap when count < 8
            return same(UInt32.self, at: 0) && same(UInt32.self, at: count - 4)
        default:
            var i = 0
            while i + 8 < count {
                guard same(UInt64.self, at: i) else { return false }
                i += 8
            }
            return same(UInt64.self, at: count - 8)
        }
    }

    /// A 64-bit hash of `count` bytes at `start`. It reads whole 8-byte
    /// words (overlapping at the end) instead of one byte at a time; the
    /// tokens looked up are short, so this is most of the cost of a lookup.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(start)
        func word(_ at: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
        func half(_ at: Int) -> UInt64 {
            UInt64(raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }
        var h = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        let last: UInt64
        switch count {
        case 0: last = 0
        case 1...3:
            last = UInt64(start[0]) << 16 | UInt64(start[count / 2]) << 8
                | UInt64(start[count - 1])
        case 4...8: last = half(0) << 32 | half(count - 4)
        default:
            var i = 0
            while i + 8 < count {
                h = mix(h ^ word(i))
                i += 8
            }
            last = word(count - 8)
        }
        return mix(h ^ last)
    }

    /// Spreads every input bit over the whole word (the finalizer of
    /// SplitMix64), so that the low bits that pick a slot depend on all bytes.
    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }
}

