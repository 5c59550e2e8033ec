import Book
import Foundation

/// The references of `Tests/Fixtures/smollm2/make_fixture.py`, made by
/// transformers and gguf-py from the same file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: "Tests/Fixtures/smollm2")

    struct Tokenized: Decodable { let text: String; let ids: [Int32] }
    struct Chat: Decodable {
        struct Message: Decodable { let role: String; let content: String }
        let messages: [Message]
        let prompt: String
        let ids: [Int32]
    }
    struct Tokenizer: Decodable {
        let texts: [Tokenized], specialTexts: [Tokenized]
        let chats: [Chat]
        enum CodingKeys: String, CodingKey { case texts, specialTexts = "special_texts", chats }
    }
    struct Logits: Decodable {
        let prompt: String
        let ids: [Int32]
        let logits: [Float]
        let greedy: [Int32]
    }

    static func tokenizer() throws -> Tokenizer { try read("tokenizer.json") }
    static func logits() throws -> [Logits] { try read("logits.json") }

    static func read<T: Decodable>(_ name: String) throws -> T {
        try readJSON(T.self, from: directory.appendingPathComponent(name))
    }
}
