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
    /// fetches it). Loading takes a fraction of a second: 100,256 base64
    /// lines to decode and a hash table to fill.
    public static func cl100kBase(ranksFile: URL = TokenizerPaths.cl100kBase) throws -> Encoding {
        guard FileManager.default.fileExists(atPath: ranksFile.path) else {
            throw FileError(ranksFile, "not found; run `make data`")
        }
        let reserved = Dictionary(uniqueKeysWithValues: cl100kSpecialTokens.map { ($1, $0) })
        let ranks = try TiktokenFile.ranks(contentsOf: ranksFile, reserved: reserved)
        return Encoding(name: "cl100k_base", ranks: ranks, specialTokens: cl100kSpecialTokens)
    }
}
