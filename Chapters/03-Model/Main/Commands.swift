import Book
import Notebook
import Foundation
import Model

/// `ch03-model logits`: runs a Hugging Face Llama checkpoint on token ids
/// and prints the last position's logits as a JSON array, so the model can
/// be compared with any other implementation from the shell:
///
///     swift run -c release ch03-model logits --model DIR --ids 1 2 3
///
/// Returns false, having done nothing, when the first argument is not a
/// subcommand (the executable then runs its notebook). Otherwise it prints
/// and returns true, or exits: 2 for a bad command line, 1 for bad files.
func runModelCommand(_ arguments: [String]) -> Bool {
    guard arguments.dropFirst().first == "logits" else { return false }
    // --ids takes every following argument up to the next option.
    var rest = Array(arguments), idWords: [String] = []
    if let i = rest.firstIndex(of: "--ids") {
        let end = rest[(i + 1)...].firstIndex { $0.hasPrefix("--") }
            ?? rest.endIndex
        idWords = Array(rest[(i + 1)..<end])
        rest.removeSubrange(i..<end)
    }
    var parsed = CommandLineArguments(
        rest, synopsis: "logits --model DIR --ids ID...",
        help: """
            logits   prints the logits at the last position as a JSON array

            --model DIR  a Hugging Face Llama checkpoint directory
                         (config.json and model.safetensors)
            --ids ID...  the token ids to run, separated by spaces
            """)
    _ = parsed.subcommand("logits")
    let directory: String?
    do {
        directory = try parsed.option("--model")
        try parsed.finish()
    } catch {
        error.reportAndExit()
    }
    guard let directory else {
        exitWithError("logits needs --model DIR\n\(parsed.usage)", status: 2)
    }
    guard !idWords.isEmpty else {
        exitWithError("logits needs --ids followed by token ids\n\(parsed.usage)",
             status: 2)
    }
    var ids: [Int32] = []
    for word in idWords {
        guard let id = Int32(word) else {
            exitWithError("'\(word)' is not a token id (an integer)\n\(parsed.usage)",
                 status: 2)
        }
        ids.append(id)
    }
    do {
        let model = try LlamaModel(
            huggingFaceDirectory: URL(fileURLWithPath: directory))
        let logits = try model.logits(Tape(), ids: ids, batch: 1)
        let vocab = model.vocabSize
        let last = (0..<vocab).map { logits.value.data[(ids.count - 1) * vocab + $0] }
        let text = "[" + last.map { "\($0)" }.joined(separator: ", ") + "]\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    } catch {
        exitWithError("\(error)", status: 1)
    }
    return true
}
