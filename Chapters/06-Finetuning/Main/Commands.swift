import Book
import Finetuning
import Foundation
import Model
import Notebook
import Pretrained

/// `ch06-finetuning chat`. Returns false, having done nothing, when the first
/// argument is not a subcommand (the executable then runs its notebook).
func runFinetuningCommand(_ arguments: [String]) -> Bool {
    guard arguments.dropFirst().first == "chat" else { return false }
    chatCommand(arguments)
}

// listing: chat-tuned
/// `chat --adapter DIR | --checkpoint DIR`: the tuned model, written as a
/// GGUF file (adapters merged onto their base first), in chapter 5's chat.
/// One REPL in the book: this command hands over to `ch05-pretrained chat`,
/// passing on any other options.
func chatCommand(_ arguments: [String]) -> Never {
    var parsed = CommandLineArguments(
        arguments, synopsis: "chat (--adapter DIR | --checkpoint DIR) [chapter 5's chat options]",
        help: """
            chat   talks with a fine-tuned model in chapter 5's chat

            --adapter DIR     LoRA adapters (adapter.safetensors), merged onto the
                              base model they name
            --checkpoint DIR  a fully fine-tuned model (config.json, model.safetensors)
            """)
    do {
        _ = parsed.subcommand("chat")
        let adapter = try parsed.option("--adapter"), checkpoint = try parsed.option("--checkpoint")
        guard (adapter == nil) != (checkpoint == nil) else {
            throw CommandLineError.missingArgument("--adapter DIR or --checkpoint DIR",
                                                   usage: parsed.usage)
        }
        let rest = Array(arguments.dropFirst(2)).droppingOption("--adapter")
            .droppingOption("--checkpoint")
        var model: LlamaModel, tokenizer: TunedTokenizer, name: String
        if let adapter {
            let directory = URL(fileURLWithPath: adapter)
            let base = try LoRAModel.base(ofAdapters: directory)
            (model, tokenizer) = try base.load()
            model = try LoRAModel(base: model, adapterDirectory: directory).merged()
            name = directory.lastPathComponent
        } else {
            let directory = URL(fileURLWithPath: checkpoint!)
            (model, tokenizer) = try BaseModel(directory).load()
            name = directory.lastPathComponent
        }
        let file = URL(fileURLWithPath: "build/chat/\(name).gguf")
        _ = try model.writeAssistant(to: file, name: name, type: .q8_0, tokenizer: tokenizer)
        let chat = Process()
        chat.executableURL = Bundle.main.executableURL!.deletingLastPathComponent()
            .appendingPathComponent("ch05-pretrained")
        chat.arguments = ["chat", "--model", file.path] + rest
        signal(SIGINT, SIG_IGN)  // Ctrl-C is for the chat, which stops an answer with it
        try chat.run()
        chat.waitUntilExit()
        exit(chat.terminationStatus)
    } catch let error as CommandLineError {
        error.reportAndExit()
    } catch {
        exitWithError("error: \(error)", status: 1)
    }
}
// end listing

extension Array where Element == String {
    /// The arguments without `name` and the value after it.
    func droppingOption(_ name: String) -> [String] {
        guard let i = firstIndex(of: name) else { return self }
        return Array(self[..<i] + self[Swift.min(i + 2, count)...])
    }
}
