import Foundation

/// A BPE vocabulary both ways: a token's bytes from its rank (to decode) and
/// a rank from bytes (to encode).
///
/// Encoding asks "is this byte string a token, and of which rank?" for every
/// piece and for every candidate merge, millions of times a second. A
/// `[[UInt8]: Int]` dictionary would need an array built for each question;
/// this table answers for bytes in place. It is an open-addressing hash table
/// whose slots hold a token's length, rank and first 8 bytes: most tokens are
/// no longer than that, so most lookups read one slot and nothing else.
struct Vocabulary: Sendable {
    /// Every token's bytes, one after another: token `rank` is
    /// `bytes[offsets[rank] ..< offsets[rank + 1]]`, empty for an unused rank.
    let bytes: [UInt8]
    let offsets: [Int]

    private struct Slot {
        /// The token's first 8 bytes (or all of them, zero-padded), packed
        /// into a word by `prefix(_:_:)`.
        var prefix: UInt64 = 0
        /// 0 for an empty slot.
        var length: UInt32 = 0
        var rank: UInt32 = 0
    }
    /// A power of two above twice the number of tokens, so that probe
    /// sequences stay short.
    private let slots: [Slot]

    /// Ranks must be distinct, non-negative and below 2³², and no token may
    /// be empty or longer than 2³² − 1 bytes.
    init(ranks: [[UInt8]: Int]) {
        let size = (ranks.values.max() ?? -1) + 1
        precondition(size <= Int(UInt32.max), "ranks must be below 2^32")
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
        var slots = [Slot](repeating: Slot(), count: slotCount)
        for (token, rank) in ranks {
            let (prefix, hash) = token.withUnsafeBufferPointer {
                let prefix = Self.prefix($0.baseAddress!, $0.count)
                return (prefix, Self.hash($0.baseAddress!, $0.count, prefix: prefix))
            }
            var slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
            while slots[slot].length != 0 { slot = (slot + 1) & (slotCount - 1) }
            slots[slot] = Slot(prefix: prefix, length: UInt32(token.count), rank: UInt32(rank))
        }
        (self.bytes, self.offsets, self.slots) = (bytes, offsets, slots)
    }

    /// One more than the largest rank.
    var size: Int { offsets.count - 1 }

    /// The rank of the token whose bytes are `count` bytes at `start`, or
    /// nil if they are not a token.
    @inline(__always)
    func rank(of start: UnsafePointer<UInt8>, count: Int) -> UInt32? {
        let prefix = Self.prefix(start, count)
        let hash = Self.hash(start, count, prefix: prefix)
        return slots.withUnsafeBufferPointer { slots in
            var i = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[i].length != 0 {
                let slot = slots[i]
                if slot.prefix == prefix, Int(slot.length) == count,
                   count <= 8 || restMatches(Int(slot.rank), start, count) {
                    return slot.rank
                }
                i = (i + 1) & (slots.count - 1)
            }
            return nil
        }
    }

    /// Whether bytes 8 and on of token `rank` (of length `count`) are those
    /// at `start`.
    private func restMatches(_ rank: Int, _ start: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        bytes.withUnsafeBufferPointer {
            memcmp($0.baseAddress! + offsets[rank] + 8, start + 8, count - 8) == 0
        }
    }

    /// The first 8 of the `count` bytes at `start` (all of them if fewer,
    /// zero-padded) as one little-endian word, read without touching any
    /// byte past the end: with two 4-byte reads that may overlap, or with
    /// single bytes for fewer than 4.
    @inline(__always)
    static func prefix(_ start: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(start)
        func byte(_ i: Int) -> UInt64 { UInt64(start[i]) << (8 * i) }
        switch count {
        case 0:
            return 0
        case 1...3:  // bytes 0, count / 2 and count - 1 are all of them
            return byte(0) | byte(count / 2) | byte(count - 1)
        case 4...7:
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return low | high << (8 * (count - 4))
        default:
            return raw.loadUnaligned(as: UInt64.self)
        }
    }

    /// A 64-bit hash of the `count` bytes at `start`, whose `prefix` is
    /// known: from the prefix and length alone for up to 8 bytes, and from a
    /// word at a time (the last one overlapping) for the rest. `Hash64.mix`
    /// spreads every byte over the low bits that pick a slot.
    @inline(__always)
    static func hash(_ start: UnsafePointer<UInt8>, _ count: Int, prefix: UInt64) -> UInt64 {
        var h = Hash64.mix(prefix ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
        if count > 8 {
            let raw = UnsafeRawPointer(start)
            var i = 8
            while i + 8 < count {
                h = Hash64.mix(h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            h = Hash64.mix(h ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }
        return h
    }
}
