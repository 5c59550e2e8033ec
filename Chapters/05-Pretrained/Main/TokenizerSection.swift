import Book
import Foundation
import Notebook
import Pretrained

/// The file's tokenizer at work, and against transformers' on the fixture.
func tokenizerSection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    let tokenizer = smol.tokenizer
    try nb.table("tokenizer-summary", headers: ["", "value"], rows: [
        ["model (`tokenizer.ggml.model`)", "gpt2: byte-level BPE"],
        ["pre-tokenizer (`tokenizer.ggml.pre`)", tokenizer.pre],
        ["tokens", tokenizer.vocabularySize.formatted()],
        ["control tokens", tokenizer.specialTokens.count.formatted()],
        ["merges", (try smol.file.strings("tokenizer.ggml.merges")).count.formatted()],
        ["end of text / start of prompt", "\(tokenizer.eos.map(String.init) ?? "none") / "
            + (tokenizer.addsBOS ? "BOS added" : "nothing added")],
    ])
    let sample = "It's 2024: naïve café-goers don't pay $3.50!"
    let ids = tokenizer.encode(sample)
    try nb.verbatim("tokenized") {
        "\(sample)\n\n" + ids.map { id in
            let text = String(decoding: tokenizer.tokenBytes[Int(id)], as: UTF8.self)
            return "\(id):\"\(text)\""
        }.joined(separator: " ")
    }
    let fixture = try Fixtures.tokenizer()
    var agree = 0
    for text in fixture.texts where tokenizer.encode(text.text) == text.ids { agree += 1 }
    var specialAgree = 0
    for text in fixture.specialTexts
    where tokenizer.encode(text.text, special: true) == text.ids {
        specialAgree += 1
    }
    var chatsAgree = 0
    for chat in fixture.chats {
        let messages = try chat.messages.map { m in
            guard let role = ChatMessage.Role(rawValue: m.role) else {
                throw InputError("fixture role '\(m.role)'")
            }
            return ChatMessage(role, m.content)
        }
        let prompt = smol.template!.prompt(messages)
        if prompt == chat.prompt, tokenizer.encode(prompt, special: true) == chat.ids {
            chatsAgree += 1
        }
    }
    try nb.table("tokenizer-parity", headers: ["check against transformers", "equal"], rows: [
        ["ids of texts (digits, spaces, code, 5 scripts, emoji)",
         "\(agree) of \(fixture.texts.count)"],
        ["ids of text with control tokens written in it (`special: true`)",
         "\(specialAgree) of \(fixture.specialTexts.count)"],
        ["chat prompts (template rendered by Jinja) and their ids",
         "\(chatsAgree) of \(fixture.chats.count)"],
    ])
    guard agree == fixture.texts.count, specialAgree == fixture.specialTexts.count,
          chatsAgree == fixture.chats.count else {
        throw InputError("the tokenizer differs from transformers on the fixture")
    }
}
