import Book
import Foundation
import XCTest
@testable import Pretrained

/// The real file's tokenizer and chat template against transformers'.
final class SmolLM2Tests: XCTestCase {
    struct Fixture: Decodable {
        struct Text: Decodable { let text: String; let ids: [Int32] }
        struct Chat: Decodable {
            struct Message: Decodable { let role: String; let content: String }
            let messages: [Message]; let prompt: String; let ids: [Int32]
        }
        let texts: [Text], specialTexts: [Text]
        let chats: [Chat]
        enum CodingKeys: String, CodingKey { case texts, specialTexts = "special_texts", chats }
    }

    func testTokenizerAndTemplateMatchTransformers() throws {
        let file = try GGUFFile(contentsOf: TestData.smolLM2())
        let tokenizer = try GGUFTokenizer(gguf: file)
        let template = try ChatTemplate(gguf: file)
        XCTAssertEqual(template.defaultSystemPrompt,
                       "You are a helpful AI assistant named SmolLM, trained by Hugging Face")
        let fixture = try readJSON(Fixture.self, from: TestData.fixture("tokenizer.json"))
        XCTAssertEqual(tokenizer.encode("The meaning of life is"), [504, 2455, 282, 1029, 314])
        for text in fixture.texts {
            XCTAssertEqual(tokenizer.encode(text.text), text.ids, text.text)
            XCTAssertEqual(String(decoding: try tokenizer.decode(text.ids), as: UTF8.self),
                           text.text)
        }
        for text in fixture.specialTexts {
            XCTAssertEqual(tokenizer.encode(text.text, special: true), text.ids, text.text)
            XCTAssertNotEqual(tokenizer.encode(text.text), text.ids, "plain text stays text")
        }
        for chat in fixture.chats {
            let messages = chat.messages.map {
                ChatMessage(ChatMessage.Role(rawValue: $0.role)!, $0.content)
            }
            XCTAssertEqual(template.prompt(messages), chat.prompt)
            XCTAssertEqual(tokenizer.encode(chat.prompt, special: true), chat.ids)
        }
    }
}
