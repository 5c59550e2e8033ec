import Book
import Foundation

/// One turn of a conversation.
public struct ChatMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case system, user, assistant }
    public let role: Role
    public let content: String
    public init(_ role: Role, _ content: String) { (self.role, self.content) = (role, content) }
}

/// How a conversation becomes the one text an assistant model reads. The
/// file stores this as a Jinja program (`tokenizer.chat_template`), which
/// transformers runs; rather than implement Jinja, we recognize the format
/// it writes, ChatML, and read the default system prompt out of it:
///
///     <|im_start|>system
///     You are a helpful AI assistant named SmolLM …<|im_end|>
///     <|im_start|>user
///     What is 2 + 2?<|im_end|>
///     <|im_start|>assistant
///
/// The model then writes its answer and ends it with <|im_end|>. Tests
/// check our prompts against transformers' rendering of the template.
public struct ChatTemplate: Sendable {
    /// The system message the template adds when a conversation has none.
    public let defaultSystemPrompt: String?

    public static let start = "<|im_start|>", end = "<|im_end|>"

    public init(gguf file: GGUFFile) throws {
        let template = try file.string("tokenizer.chat_template")
        guard template.contains(Self.start), template.contains(Self.end) else {
            throw FileError(file.url, "metadata 'tokenizer.chat_template' is not a "
                + "ChatML template (no \(Self.start) … \(Self.end)); only ChatML is implemented")
        }
        self.init(defaultSystemPrompt: Self.defaultSystemPrompt(in: template))
    }

    public init(defaultSystemPrompt: String?) {
        self.defaultSystemPrompt = defaultSystemPrompt
    }

    /// The text between "<|im_start|>system\n" and "<|im_end|>" in a string
    /// literal of the template, if it has one.
    static func defaultSystemPrompt(in template: String) -> String? {
        guard let open = template.range(of: "'\(start)system\n"),
              let close = template.range(of: end, range: open.upperBound..<template.endIndex)
        else { return nil }
        return String(template[open.upperBound..<close.lowerBound])
    }

    // listing: chatml
    /// The prompt for `messages`, ending with the assistant's turn opened
    /// (`addGenerationPrompt`) so the model writes the reply.
    public func prompt(_ messages: [ChatMessage], addGenerationPrompt: Bool = true) -> String {
        var text = ""
        if messages.first?.role != .system, let system = defaultSystemPrompt {
            text += "\(Self.start)system\n\(system)\(Self.end)\n"
        }
        for message in messages {
            text += "\(Self.start)\(message.role.rawValue)\n\(message.content)\(Self.end)\n"
        }
        if addGenerationPrompt { text += "\(Self.start)assistant\n" }
        return text
    }
    // end listing
}
