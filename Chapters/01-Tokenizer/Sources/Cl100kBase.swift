import Book
import Foundation

extension Encoding {
    /// GPT-4's special tokens and their ids, as in tiktoken's
    /// `tiktoken_ext/openai_public.py`. Ids 100261–100275 are unused.
    public static let cl100kSpecialTokens = [
        "<|endoftext|>": 100257,
        "<|fim_prefix|>": 100258,
        "<|fim_middle|>": 100259,
        "<|fim_suffix|>": 100260,
        "<|endofprompt|>": 100276,
    ]

    /// GPT-4's tokenizer, cl100k_base, from its ranks file (`make data`
    /// fetches it). Loading takes a fraction of a second: a hundred thousand
    /// base64 lines to decode and a hash table to fill.
    public static func cl100kBase(ranksFile: URL = TokenizerPaths.cl100kBase) throws -> Encoding {
        guard FileManager.default.fileExists(atPath: ranksFile.path) else {
            throw FileError(ranksFile, "not found; run `make data`")
        }
        let reserved = Dictionary(uniqueKeysWithValues: cl100kSpecialTokens.map { ($1, $0) })
        let ranks = try TiktokenFile.ranks(contentsOf: ranksFile, reserved: reserved)
        return Encoding(name: "cl100k_base", ranks: ranks, specialTokens: cl100kSpecialTokens)
    }
}

/// tiktoken's file of ranks (`cl100k_base.tiktoken`): one token a line, its
/// bytes in base64, a space, its rank:
///
///     IQ== 0
///     Ig== 1
///     ...
///     IGNvbnN0cnVjdGl2ZQ== 50352
///
/// Reading checks everything the encoder relies on and names the file and
/// line of the first problem, so a damaged download gives a message, never a
/// crash.
public enum TiktokenFile {
    /// The ranks in the file at `url`. `reserved` are ids the caller gives
    /// to special tokens (`<|endoftext|>`...); no rank may be one of them.
    public static func ranks(
        contentsOf url: URL, reserved: [Int: String] = [:]
    ) throws -> [[UInt8]: Int] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FileError(url, "cannot read: \(error.localizedDescription)")
        }
        return try ranks(parsing: data, url: url, reserved: reserved)
    }

    /// The ranks in `data`, the contents of the file at `url`.
    public static func ranks(
        parsing data: Data, url: URL, reserved: [Int: String] = [:]
    ) throws -> [[UInt8]: Int] {
        var ranks: [[UInt8]: Int] = [:]
        var lineOfRank: [Int: Int] = [:]
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            func problem(_ text: String) -> FileError { FileError(url, "line \(lineNumber): \(text)") }
            let line = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            if line.isEmpty { continue }  // as tiktoken: blank lines are skipped
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw problem("expected '<base64 token> <rank>', found \(quoted(line))")
            }
            guard let token = Data(base64Encoded: Data(fields[0])), !token.isEmpty else {
                throw problem("\(quoted(fields[0])) is not a token in base64")
            }
            guard let rank = Int(String(decoding: fields[1], as: UTF8.self)),
                  rank >= 0, rank < Int(UInt32.max) else {
                throw problem("rank \(quoted(fields[1])) is not an integer in 0..<\(UInt32.max)")
            }
            if let earlier = lineOfRank[rank] {
                throw problem("rank \(rank) is already the rank of line \(earlier)")
            }
            if let name = reserved[rank] {
                throw problem("rank \(rank) is the id of the special token \(name)")
            }
            if let earlier = ranks[Array(token)] {
                throw problem("token \(quoted(fields[0])) already has rank \(earlier)")
            }
            ranks[Array(token)] = rank
            lineOfRank[rank] = lineNumber
        }
        // Byte-pair encoding starts from single bytes, so each must be a token.
        if let byte = (0...255).first(where: { ranks[[UInt8($0)]] == nil }) {
            throw FileError(url, "no line gives the single byte \(byte) a rank; "
                                 + "every byte must be a token")
        }
        return ranks
    }

    /// `bytes` shown in an error message: quoted, and cut short if long.
    private static func quoted(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return "'\(text)\(bytes.count > 40 ? "..." : "")'"
    }
}
