// TEMPORARY stand-in: replaced by the tiktoken branch at merge
//
// A much simpler split than cl100k's, with the same interface: runs of
// letters (ASCII letters and any byte >= 0x80) with an optional leading space,
// runs of digits, and every other byte on its own.

public enum Pretokenizer {
    /// cl100k/GPT-4 pattern pieces of `bytes` (UTF-8, possibly invalid), as byte ranges
    public static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        func isLetter(_ b: UInt8) -> Bool {
            (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b >= 0x80
        }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        var pieces: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            let start = i
            if bytes[i] == 32, i + 1 < bytes.count, isLetter(bytes[i + 1]) {
                i += 1
            }
            if isLetter(bytes[i]) {
                while i < bytes.count, isLetter(bytes[i]) { i += 1 }
            } else if isDigit(bytes[i]) {
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            } else {
                i += 1
            }
            pieces.append(start..<i)
        }
        return pieces
    }
}
