import Book
import Notebook
import Foundation
import Tokenizer

/// GPT-4's tokenizer: what it does to real text, the readable encoder
/// against the fast one, and the whole corpus against the ids tiktoken
/// gives (the digest in Tests/Fixtures/cl100k). Its speed against
/// tiktoken's is `make bench`'s to measure, not this notebook's.
func gpt4Tokenizer(_ nb: Notebook, ours: BPETokenizer, validation: String) throws {
    let cl100k = try nb.time("loading cl100k_base") { try Encoding.cl100kBase() }
    try nb.verbatim("cl100k-example") {
        let samples = [
            "O Romeo, Romeo! wherefore art thou Romeo?",
            "I'LL tell thee: in 1623, 36 plays were printed.",
            "    indented\tand\r\nCRLF  ",
        ]
        return samples.map { text in
            let ids = cl100k.encodeOrdinary(text)
            let pieces = ids.map { quotedToken(cl100k.bytes(of: $0)!) }
            return "\(quotedToken(Array(text.utf8)))\n  ids:    "
                + ids.map(String.init).joined(separator: " ")
                + "\n  tokens: " + pieces.joined(separator: " ")
        }.joined(separator: "\n\n")
    }

    // The listed encoder and the fast one, on the validation split.
    let text = nb.isQuick ? String(decoding: validation.utf8.prefix(100_000), as: UTF8.self)
        : validation
    let fastClock = Stopwatch()
    let fast = cl100k.encodeOrdinary(text)
    let fastSeconds = fastClock.seconds
    let readableClock = Stopwatch()
    let readable = cl100k.referenceEncodeOrdinary(text)
    let readableSeconds = readableClock.seconds
    guard readable == fast else {
        throw ChapterCheck.encodersDisagree(text: "the validation split")
    }
    try nb.text("cl100k-reference") {
        "On the validation split (\(megabytes(text.utf8.count)) MB), `bytePairMerge` and "
            + "the fast encoder give the same \(fast.count.formatted()) ids; in this run "
            + "the fast one took \(formatDuration(fastSeconds)) and the readable one "
            + "\(formatDuration(readableSeconds)), \(Int(readableSeconds / fastSeconds)) "
            + "times as long."
    }

    // Every file of the corpus, against tiktoken's ids (count and FNV-1a
    // hash per file, recorded by Tests/Fixtures/cl100k/make_fixture.py).
    let digest = try readJSON(Cl100kDigest.self, from: URL(
        fileURLWithPath: "Tests/Fixtures/cl100k/shakespeare.json"))
    var different: [String] = [], tokens = 0, bytes = 0
    for (name, expected) in digest.files.sorted(by: { $0.key < $1.key }) {
        let url = TokenizerPaths.shakespeare.appendingPathComponent("texts/\(name)")
        let data = try Array(Data(contentsOf: url))
        let ids = cl100k.encodeOrdinary(bytes: data)
        tokens += ids.count
        bytes += data.count
        if ids.count != expected.tokens || Hash64.digest(ofIDs: ids) != expected.fnv1a {
            different.append(name)
        }
    }
    guard different.isEmpty else { throw ChapterCheck.differsFromTiktoken(files: different) }
    try nb.table("cl100k-corpus", headers: ["", "value"], rows: [
        ["ranks in cl100k_base.tiktoken", cl100k.bytePairEncoder.ranks.count.formatted()],
        ["special tokens", "\(cl100k.specialTokens.count)"],
        ["files identical to tiktoken \(digest.tiktoken)",
         "\(digest.files.count) of \(digest.files.count)"],
        ["tokens (cl100k_base, whole corpus)", tokens.formatted()],
        ["bytes per token, cl100k_base", decimal(Double(bytes) / Double(tokens), 2)],
        ["bytes per token on validation, ours (\(ours.vocabularySize.formatted()))",
         decimal(bytesPerToken(validation, ours.encoding), 2)],
    ])
}

/// The per-file digest of tiktoken's ids for the corpus.
struct Cl100kDigest: Decodable {
    struct File: Decodable { let fnv1a: String; let tokens: Int }
    let files: [String: File]
    let tiktoken: String
}
