import Book
import Foundation
import Model
import Notebook
import Pretrained

/// The same requests as raw text and through the chat template; then a
/// conversation.
func assistantSection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    guard let template = smol.template else { throw InputError("SmolLM2 has no chat template") }
    let requests = ["What is the capital of France?",
                    "Write a haiku about the sea.",
                    "Give me three tips for learning to program."]
    let tokens = nb.isQuick ? 12 : 64
    try nb.verbatim("base-vs-assistant") {
        try requests.map { request in
            let raw = try smol.reply(to: smol.tokenizer.encode(request), maxTokens: tokens,
                                sampler: .greedy).text
            let chat = try smol.reply(to: smol.tokenizer.encode(
                template.prompt([ChatMessage(.user, request)]), special: true),
                maxTokens: tokens, sampler: .greedy).text
            return "PROMPT     \(request)\nRAW TEXT   …\(raw)\nCHAT       \(chat)"
        }.joined(separator: "\n\n")
    }

    // A conversation: the cache keeps every turn, so each reply costs only
    // the new tokens.
    let turns = ["Hi! What are you?", "What is 12 + 30?", "Thanks. Say goodbye in French."]
    let sampler = try Sampler(temperature: 0.7, topP: 0.9)
    let cache = smol.engine.makeCache(capacity: 2_048)
    var history: [ChatMessage] = [], transcript = ""
    for turn in turns {
        history.append(ChatMessage(.user, turn))
        let ids = smol.tokenizer.encode(template.prompt(history), special: true)
        // The cache holds the conversation so far: run only what is new.
        let (text, result) = try smol.reply(to: cache.reuse(for: ids), maxTokens: tokens,
                                       sampler: sampler, seed: 42, cache: cache)
        history.append(ChatMessage(.assistant, text))
        transcript += "> \(turn)\n\(text)\n   [\(result.promptTokens) new prompt tokens, "
            + "\(result.tokens.count) generated, "
            + String(format: "%.0f tokens/s]\n\n", result.decodeTokensPerSecond)
    }
    try nb.verbatim("chat") { transcript.trimmingCharacters(in: .newlines) }
}
