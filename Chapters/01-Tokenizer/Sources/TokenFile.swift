import Book
import Foundation

/// A tokenized corpus on disk: the book's own compact format, which chapter 4
/// trains on. A 64-byte header, then the token ids, all little-endian:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `BKTOKENS` (ASCII) |
/// | 8 | 4 | format version, `1` (UInt32) |
/// | 12 | 4 | bytes per token: `2` (UInt16) or `4` (UInt32) (UInt32) |
/// | 16 | 8 | token count (UInt64) |
/// | 24 | 8 | vocabulary size: every id is below it (UInt64) |
/// | 32 | 8 | fingerprint of the tokenizer that made it, 0 if unknown (UInt64) |
/// | 40 | 24 | reserved, zero |
/// | 64 | count × bytes per token | the ids |
///
/// Ids take 2 bytes when the vocabulary has at most 65,536 tokens (as
/// nanoGPT's `train.bin` does), else 4. The file is written atomically and
/// read memory-mapped: opening it checks the header, the size and every id,
/// then reading tokens copies them out of the page cache.
public struct TokenFile: Sendable {
    public static let magic = Array("BKTOKENS".utf8)
    public static let version: UInt32 = 1
    public static let headerSize = 64

    public let url: URL
    public let count: Int
    public let vocabularySize: Int
    public let tokenizerFingerprint: UInt64
    /// 2 or 4.
    public let bytesPerToken: Int
    private let file: MappedFile

    /// Writes `tokens` to `url` atomically. Throws if a token is negative or
    /// not below `vocabularySize`.
    public static func write(
        _ tokens: [Int], vocabularySize: Int, tokenizerFingerprint: UInt64 = 0,
        to url: URL
    ) throws {
        guard vocabularySize > 0, vocabularySize <= Int(UInt32.max) + 1 else {
            throw FileError(url, "cannot store a vocabulary of \(vocabularySize) tokens")
        }
        if let i = tokens.firstIndex(where: { !(0..<vocabularySize).contains($0) }) {
            throw FileError(url, "token \(i) is \(tokens[i]), not below the "
                + "vocabulary size \(vocabularySize)")
        }
        let width = vocabularySize <= 65536 ? 2 : 4
        var data = Data(capacity: headerSize + tokens.count * width)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(contentsOf: magic)
        append(version)
        append(UInt32(width))
        append(UInt64(tokens.count))
        append(UInt64(vocabularySize))
        append(tokenizerFingerprint)
        data.append(contentsOf: [UInt8](repeating: 0, count: headerSize - data.count))
        if width == 2 {
            for token in tokens { append(UInt16(token)) }
        } else {
            for token in tokens { append(UInt32(token)) }
        }
        try writeAtomically(data, to: url)
    }

    /// Opens and checks a token file. With `expectedFingerprint`, also
    /// checks that the file was made by that tokenizer.
    public init(contentsOf url: URL, expectedFingerprint: UInt64? = nil) throws {
        let file = try MappedFile(contentsOf: url)
        let bytes = file.bytes
        func field<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        guard bytes.count >= Self.headerSize else {
            throw FileError(url, "\(bytes.count) bytes is too short for a token "
                + "file, whose header alone is \(Self.headerSize) bytes")
        }
        guard Array(bytes[0..<8]) == Self.magic else {
            throw FileError(url, "not a token file: it does not start with 'BKTOKENS'")
        }
        let version = field(UInt32.self, at: 8)
        guard version == Self.version else {
            throw FileError(url, "unsupported token file version \(version) "
                + "(this book reads version \(Self.version))")
        }
        let width = Int(field(UInt32.self, at: 12))
        guard width == 2 || width == 4 else {
            throw FileError(url, "\(width) bytes per token; expected 2 or 4")
        }
        let storedCount = field(UInt64.self, at: 16)
        let vocabularySize = field(UInt64.self, at: 24)
        guard vocabularySize > 0, vocabularySize <= (width == 2 ? 65536 : 1 << 32) else {
            throw FileError(url, "a vocabulary of \(vocabularySize) tokens "
                + "does not fit \(width) bytes per token")
        }
        let payload = UInt64(bytes.count - Self.headerSize)
        let (size, overflow) = storedCount.multipliedReportingOverflow(by: UInt64(width))
        guard !overflow, size == payload else {
            throw FileError(url, "the header says \(storedCount) tokens of \(width) "
                + "bytes, but \(payload) bytes follow it (truncated or damaged?)")
        }
        let fingerprint = field(UInt64.self, at: 32)
        if let expected = expectedFingerprint, expected != fingerprint {
            throw FileError(url, "made by another tokenizer (fingerprint "
                + "\(hex(fingerprint)), expected \(hex(expected)))")
        }
        self.url = url
        self.file = file
        self.count = Int(storedCount)
        self.vocabularySize = Int(vocabularySize)
        self.tokenizerFingerprint = fingerprint
        self.bytesPerToken = width
        for i in 0..<count where self[i] >= self.vocabularySize {
            throw FileError(url, "token \(i) is \(self[i]), not below the "
                + "vocabulary size \(vocabularySize)")
        }
    }

    /// Token `i`.
    public subscript(i: Int) -> Int {
        precondition((0..<count).contains(i), "token \(i) of \(count)")
        let offset = Self.headerSize + i * bytesPerToken
        if bytesPerToken == 2 {
            return Int(UInt16(littleEndian:
                file.bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        }
        return Int(UInt32(littleEndian:
            file.bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// Tokens `range`, copied out.
    public func tokens(_ range: Range<Int>) -> [Int] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count,
                     "tokens \(range) of \(count)")
        return range.map { self[$0] }
    }

    /// Every token, copied out.
    public var allTokens: [Int] { tokens(0..<count) }
}

private func hex(_ value: UInt64) -> String {
    "0x" + String(value, radix: 16)
}
