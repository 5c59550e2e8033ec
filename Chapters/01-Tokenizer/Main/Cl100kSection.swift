import Book
import Notebook
import Foundation
import Tokenizer

/// GPT-4's tokenizer: what it does to real text, and the whole corpus
/// against the ids tiktoken gives (the digest in Tests/Fixtures/cl100k).
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
            let pieces = ids.map { quotedToken(cl100k.bytePairEncoder.bytes(of: $0)!) }
            return "\(quotedToken(Array(text.utf8)))\n  ids:    "
                + ids.map(String.init).joined(separator: " ")
                + "\n  tokens: " + pieces.joined(separator: " ")
        }.joined(separator: "\n\n")
    }

    // Every file of the corpus, against tiktoken's ids (count and FNV-1a
    // hash per file, recorded by Tests/Fixtures/cl100k/make_fixture.py).
    let digest = try readJSON(Cl100kDigest.self, from: URL(
        fileURLWithPath: "Tests/Fixtures/cl100k/shakespeare.json"))
    var identical = 0, tokens = 0, bytes = 0, seconds = 0.0
    for (name, expected) in digest.files.sorted(by: { $0.key < $1.key }) {
        let url = TokenizerPaths.shakespeare.appendingPathComponent("texts/\(name)")
        let data = try Array(Data(contentsOf: url))
        let clock = Stopwatch()
        let ids = cl100k.encodeOrdinary(bytes: data)
        seconds += clock.seconds
        tokens += ids.count
        bytes += data.count
        if ids.count == expected.tokens && Hash64.digest(ofIDs: ids) == expected.fnv1a { identical += 1 }
    }
    guard identical == digest.files.count else {
        throw TokenizerError("\(digest.files.count - identical) files differ from tiktoken")
    }
    let ourIDs = ours.encodeOrdinary(validation).count
    try nb.table("cl100k-corpus", headers: ["", "value"], rows: [
        ["files identical to tiktoken \(digest.tiktoken)", "\(identical) of \(digest.files.count)"],
        ["tokens (cl100k_base, whole corpus)", tokens.formatted()],
        ["bytes per token, cl100k_base", String(format: "%.2f", Double(bytes) / Double(tokens))],
        ["bytes per token on validation, ours (4,096)",
         String(format: "%.2f", Double(validation.utf8.count) / Double(ourIDs))],
        ["encoding speed, one thread", String(format: "%.1f MB/s", Double(bytes) / seconds / 1e6)],
    ])
}

/// The per-file digest of tiktoken's ids for the corpus.
struct Cl100kDigest: Decodable {
    struct File: Decodable { let fnv1a: String; let tokens: Int }
    let files: [String: File]
    let tiktoken: String
}
