/// Turns token bytes into text as they come. A token may end in the
/// middle of a UTF-8 character ("é" is two bytes, an emoji four, and
/// byte-level BPE can split them); the stream holds such bytes back until
/// the character is complete, so streamed text never shows a broken one.
public struct TextStream {
    private var pending: [UInt8] = []

    public init() {}

    /// The text that `bytes` complete.
    public mutating func push(_ bytes: [UInt8]) -> String {
        pending += bytes
        let keep = Self.incompleteSuffix(pending)
        let ready = pending.dropLast(keep)
        pending = Array(pending.suffix(keep))
        return String(decoding: ready, as: UTF8.self)  // a bad byte becomes U+FFFD
    }

    /// What is still held back, each bad byte as U+FFFD.
    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// How many bytes at the end start a character that has not ended:
    /// a lead byte followed by fewer continuation bytes than it announces.
    static func incompleteSuffix(_ bytes: [UInt8]) -> Int {
        guard !bytes.isEmpty else { return 0 }
        for back in 1...min(3, bytes.count) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }  // a continuation: look further back
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            return length > back ? back : 0
        }
        return 0
    }
}
