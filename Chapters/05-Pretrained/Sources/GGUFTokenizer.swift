import Book
import Foundation
import Tokenizer

/// The tokenizer stored in a GGUF file, rebuilt from its metadata alone:
/// byte-level BPE (`tokenizer.ggml.model` "gpt2") with the token strings
/// (`tokens`, in `ByteLevelAlphabet`), the merge rules in the order they
/// were learned (`merges`, "Ġ t" meaning "Ġ" + "t" → "Ġt"), which tokens are
/// control tokens (`token_type` 3: "<|im_start|>"), and the pre-tokenizer
/// by name (`pre`).
public struct GGUFTokenizer: Sendable {
    /// Each token's bytes (a control token's: its text).
    public let tokenBytes: [[UInt8]]
    /// Control tokens by text, for encoding prompts that contain them.
    public let specialTokens: [String: Int32]
    public let bos: Int32?, eos: Int32?
    /// Whether a prompt starts with `bos` (false for SmolLM2).
    public let addsBOS: Bool
    /// The pre-tokenizer: "smollm" (digits apart, then GPT-2's pattern),
    /// "gpt-2", or "llama-bpe" (GPT-4's cl100k pattern, chapter 1's).
    public let pre: String

    /// Merge rank and result of each pair of ids (left << 32 | right).
    let merges: [UInt64: (rank: Int32, id: Int32)]
    /// The id of each single byte; bytes the vocabulary lacks (SmolLM2 has
    /// no token for some control bytes) get the unknown token, as in
    /// Hugging Face's tokenizer, or are dropped if there is none.
    let byteIDs: [Int32?]

    public static let pretokenizers = ["smollm", "gpt-2", "default", "llama-bpe"]

    public init(gguf file: GGUFFile) throws {
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else {
            throw FileError(file.url, "metadata 'tokenizer.ggml.model' is '\(model)'; "
                + "only byte-level BPE ('gpt2') is implemented")
        }
        pre = file["tokenizer.ggml.pre"] == nil ? "default" : try file.string("tokenizer.ggml.pre")
        guard Self.pretokenizers.contains(pre) else {
            throw FileError(file.url, "metadata 'tokenizer.ggml.pre' is '\(pre)'; "
                + "implemented: " + Self.pretokenizers.joined(separator: ", "))
        }
        let tokens = try file.strings("tokenizer.ggml.tokens")
        let types = file["tokenizer.ggml.token_type"] == nil
            ? [Int](repeating: 1, count: tokens.count)
            : try file.integers("tokenizer.ggml.token_type")
        guard types.count == tokens.count else {
            throw FileError(file.url, "metadata 'tokenizer.ggml.token_type' has "
                + "\(types.count) entries for \(tokens.count) tokens")
        }
        var ids: [String: Int32] = [:], special: [String: Int32] = [:]
        var tokenBytes: [[UInt8]] = []
        for (i, (token, type)) in zip(tokens, types).enumerated() {
            if type == 3 || type == 4 {  // control, user-defined: literal text
                special[token] = Int32(i)
                tokenBytes.append(Array(token.utf8))
            } else {
                guard let bytes = ByteLevelAlphabet.decode(token) else {
                    throw FileError(file.url, "token \(i) '\(token)' has a character "
                        + "outside the byte-level alphabet")
                }
                tokenBytes.append(bytes)
            }
            ids[token] = ids[token] ?? Int32(i)
        }
        (self.tokenBytes, specialTokens) = (tokenBytes, special)
        let unknown = file["tokenizer.ggml.unknown_token_id"]?.integer
            .flatMap { $0 >= 0 && $0 < tokens.count ? Int32($0) : nil }
        byteIDs = ByteLevelAlphabet.characters.map { ids[String($0)] ?? unknown }
        var merges: [UInt64: (rank: Int32, id: Int32)] = [:]
        for (rank, rule) in try file.strings("tokenizer.ggml.merges").enumerated() {
            let parts = rule.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, let left = ids[String(parts[0])],
                  let right = ids[String(parts[1])],
                  let merged = ids[String(parts[0] + parts[1])] else {
                throw FileError(file.url, "merge \(rank) '\(rule)' is not two tokens "
                    + "whose joined text is a token")
            }
            let key = UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))
            if merges[key] == nil { merges[key] = (Int32(rank), merged) }
        }
        self.merges = merges
        func id(_ key: String) throws -> Int32? {
            guard file[key] != nil else { return nil }
            let id = try file.integer(key)
            guard id >= 0, id < tokens.count else {
                throw FileError(file.url, "metadata '\(key)' is \(id), not a token id")
            }
            return Int32(id)
        }
        (bos, eos) = (try id("tokenizer.ggml.bos_token_id"), try id("tokenizer.ggml.eos_token_id"))
        addsBOS = file["tokenizer.ggml.add_bos_token"]?.bool ?? false
    }

    public var vocabularySize: Int { tokenBytes.count }

    // listing: gguf-encode
    /// The ids of `text`. With `special`, control tokens written in the
    /// text ("<|im_start|>") become their ids, as a chat prompt needs; without,
    /// they are encoded as the plain text they are.
    public func encode(_ text: String, special: Bool = false) -> [Int32] {
        var ids: [Int32] = addsBOS ? bos.map { [$0] } ?? [] : []
        var rest = Substring(text)
        while !rest.isEmpty {
            let next = special ? nextSpecialToken(in: rest) : nil
            let plain = rest[..<(next?.range.lowerBound ?? rest.endIndex)]
            for piece in pieces(of: String(plain)) {
                ids += bytePairMerge(piece.utf8.compactMap { byteIDs[Int($0)] })
            }
            guard let next else { break }
            ids.append(next.id)
            rest = rest[next.range.upperBound...]
        }
        return ids
    }

    /// Merges `parts` by the rules: always the pair with the lowest rank
    /// (the leftmost of equals), until no adjacent pair has a rule.
    func bytePairMerge(_ parts: [Int32]) -> [Int32] {
        var parts = parts
        while parts.count > 1 {
            var best: (rank: Int32, id: Int32, index: Int)?
            for i in 0..<parts.count - 1 {
                let key = UInt64(UInt32(parts[i])) << 32 | UInt64(UInt32(parts[i + 1]))
                if let rule = merges[key], rule.rank < best?.rank ?? .max {
                    best = (rule.rank, rule.id, i)
                }
            }
            guard let best else { break }
            parts[best.index] = best.id
            parts.remove(at: best.index + 1)
        }
        return parts
    }
    // end listing

    /// The text's pieces, by the file's pre-tokenizer.
    func pieces(of text: String) -> [String] {
        if pre == "llama-bpe" {
            let bytes = Array(text.utf8)
            return Pretokenizer.split(bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        let scalars = Array(text.unicodeScalars)
        return GPT2Pretokenizer.split(scalars, digitsApart: pre == "smollm").map {
            String(String.UnicodeScalarView(scalars[$0]))
        }
    }

    /// The first control token in `text`, the longest where two start together.
    func nextSpecialToken(in text: Substring) -> (range: Range<Substring.Index>, id: Int32)? {
        var best: (range: Range<Substring.Index>, id: Int32)?
        for (token, id) in specialTokens {
            guard let range = text.range(of: token) else { continue }
            if best == nil || range.lowerBound < best!.range.lowerBound
                || (range.lowerBound == best!.range.lowerBound
                    && range.upperBound > best!.range.upperBound) {
                best = (range, id)
            }
        }
        return best
    }

    /// The bytes of `ids` (UTF-8, unless a token was cut mid-character).
    public func decode(_ ids: [Int32]) throws -> [UInt8] {
        try ids.flatMap { id -> [UInt8] in
            guard id >= 0, Int(id) < tokenBytes.count else {
                throw InputError("token id \(id) is not in 0..<\(tokenBytes.count)")
            }
            return tokenBytes[Int(id)]
        }
    }
}
