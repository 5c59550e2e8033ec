import Book
import Foundation
import Model
import Notebook
import Pretrained
import Synchronization

/// `ch05-pretrained chat | generate | perplexity`. Returns false, having done
/// nothing, when the first argument is not a subcommand (the executable then
/// runs its notebook); otherwise runs it and exits: 0 when done, 2 for a bad
/// command line, 1 for a bad model file or input.
func runPretrainedCommand(_ arguments: [String]) -> Bool {
    switch arguments.dropFirst().first {
    case "chat": chatCommand(arguments)
    case "generate": generateCommand(arguments)
    case "perplexity": perplexityCommand(arguments)
    default: return false
    }
}

let modelHelp = """
    --model FILE   a Llama-architecture GGUF file of types F32, F16, Q8_0,
                   Q4_0, Q4_1 (default: SmolLM2-135M-Instruct from `make data`)
    """
let samplingHelp = """
    --temperature T  0 is greedy (default 0.7 for chat, 0 for generate)
    --top-k K        sample among the K likeliest tokens only
    --top-p P        sample among the likeliest tokens whose probability reaches P
    --seed S         the sampler's seed (default 0)
    """

/// The options every command shares: the model and the sampler.
struct CommonOptions {
    let model: PretrainedModel
    let sampler: Sampler
    let seed: UInt64

    init(_ parsed: inout CommandLineArguments, defaultTemperature: Float) throws {
        let path = try parsed.option("--model")
        let temperature = try parsed.option("--temperature")
        let topK = try parsed.option("--top-k"), topP = try parsed.option("--top-p")
        let seed = try parsed.option("--seed")
        try parsed.finish()
        let usage = parsed.usage
        func number<T: LosslessStringConvertible>(_ text: String?, _ name: String) throws -> T? {
            guard let text else { return nil }
            guard let value = T(text) else {
                throw UsageError("\(name) takes a number, not '\(text)'\n\(usage)")
            }
            return value
        }
        sampler = try Sampler(temperature: try number(temperature, "--temperature") ?? defaultTemperature,
                              topK: try number(topK, "--top-k"), topP: try number(topP, "--top-p"))
        self.seed = try number(seed, "--seed") ?? 0
        model = try PretrainedModel(contentsOf: path.map(URL.init(fileURLWithPath:))
            ?? PretrainedPaths.smolLM2)
    }
}

/// A command line that cannot work: the message ends with the usage line.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Runs `body`; a bad command line exits with 2, any other error with 1.
func command(_ body: () throws -> Void) -> Never {
    do {
        try body()
        exit(0)
    } catch let error as CommandLineError {
        error.reportAndExit()
    } catch let error as UsageError {
        exitWithError(error.message, status: 2)
    } catch {
        exitWithError("error: \(error)", status: 1)
    }
}

/// `generate --prompt TEXT`: one reply, streamed to standard output.
func generateCommand(_ arguments: [String]) -> Never {
    var parsed = CommandLineArguments(
        arguments, synopsis: "generate --prompt TEXT [--max-tokens N] [--chat] "
            + "[--temperature T] [--top-k K] [--top-p P] [--seed S] [--model FILE]",
        help: """
            generate   continues a prompt and prints the text as it comes

            --prompt TEXT   the text to continue
            --max-tokens N  at most N new tokens (default 128)
            --chat          wrap the prompt as a user turn in the chat template
            \(samplingHelp)
            \(modelHelp)
            """)
    command {
        _ = parsed.subcommand("generate")
        let prompt = try parsed.option("--prompt"), maxTokens = try parsed.option("--max-tokens")
        let chat = parsed.flag("--chat")
        let options = try CommonOptions(&parsed, defaultTemperature: 0)
        guard let prompt else {
            throw CommandLineError.missingArgument("--prompt TEXT", usage: parsed.usage)
        }
        guard let limit = Int(maxTokens ?? "128"), limit > 0 else {
            throw UsageError("--max-tokens takes a positive number\n\(parsed.usage)")
        }
        let smol = options.model
        var text = prompt
        if chat {
            guard let template = smol.template else {
                throw InputError("\(smol.file.url.path) has no chat template for --chat")
            }
            text = template.prompt([ChatMessage(.user, prompt)])
        }
        let ids = smol.tokenizer.encode(text, special: chat)
        let answer = try stream(smol, ids, maxTokens: limit, options: options,
                                cache: smol.engine.makeCache(capacity: ids.count + limit + 1))
        FileHandle.standardError.write(Data(summary(answer.result).utf8))
    }
}

/// Set by Ctrl-C while a reply streams; the reply then stops.
let interrupted = Atomic<Bool>(false)

/// `chat`: a conversation at the terminal, the cache kept across turns.
func chatCommand(_ arguments: [String]) -> Never {
    var parsed = CommandLineArguments(
        arguments, synopsis: "chat [--system TEXT] [--max-tokens N] [--temperature T] "
            + "[--top-k K] [--top-p P] [--seed S] [--model FILE]",
        help: """
            chat   talks with the model; /reset starts over, Ctrl-C stops an
                   answer, Ctrl-D quits

            --system TEXT   the system message (default: the template's)
            --max-tokens N  at most N tokens per answer (default 512)
            \(samplingHelp)
            \(modelHelp)
            """)
    command {
        _ = parsed.subcommand("chat")
        let system = try parsed.option("--system"), maxTokens = try parsed.option("--max-tokens")
        let options = try CommonOptions(&parsed, defaultTemperature: 0.7)
        guard let limit = Int(maxTokens ?? "512"), limit > 0 else {
            throw UsageError("--max-tokens takes a positive number\n\(parsed.usage)")
        }
        let smol = options.model
        guard let template = smol.template else {
            throw InputError("\(smol.file.url.path) has no chat template")
        }
        signal(SIGINT) { _ in interrupted.store(true, ordering: .relaxed) }
        let start = system.map { [ChatMessage(.system, $0)] } ?? []
        var history = start
        let cache = smol.engine.makeCache()
        print("\(smol.name): \(cache.capacity.formatted()) tokens of context. "
              + "/reset starts over, Ctrl-C stops an answer, Ctrl-D quits.")
        while true {
            print("\n> ", terminator: "")
            fflush(nil)  // all streams: stdout itself is not concurrency-safe to name
            guard let line = readLine() else { print(); break }
            if line == "/reset" {
                history = start
                cache.reset()
                print("(the conversation starts over)")
                continue
            }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            history.append(ChatMessage(.user, line))
            let ids = smol.tokenizer.encode(template.prompt(history), special: true)
            interrupted.store(false, ordering: .relaxed)
            do {
                let answer = try stream(smol, cache.reuse(for: ids), maxTokens: limit,
                                        options: options, cache: cache)
                history.append(ChatMessage(.assistant, answer.text))
                print("\n" + summary(answer.result), terminator: "")
            } catch let error as InputError {
                history.removeLast()
                print("(\(error); /reset starts over)")
            }
        }
    }
}

/// `reply`, printing the text as it comes; Ctrl-C stops it.
func stream(_ smol: PretrainedModel, _ ids: [Int32], maxTokens: Int,
            options: CommonOptions, cache: KVCache) throws
    -> (text: String, result: GenerationResult)
{
    let answer = try smol.reply(to: ids, maxTokens: maxTokens, sampler: options.sampler,
                           seed: options.seed, cache: cache) { piece in
        print(piece, terminator: "")
        fflush(nil)  // all streams: stdout itself is not concurrency-safe to name
        return !interrupted.load(ordering: .relaxed)
    }
    print()
    fflush(nil)
    return answer
}

/// The decode rate counts the tokens after the first, so a reply of one
/// token has none.
func summary(_ r: GenerationResult) -> String {
    func tokens(_ n: Int) -> String { n == 1 ? "1 token" : "\(n) tokens" }
    let prompt = tokens(r.promptTokens) + String(format: " at %.0f tokens/s", r.prefillTokensPerSecond)
    let reply = tokens(r.tokens.count)
        + (r.tokens.count > 1 ? String(format: " at %.1f tokens/s", r.decodeTokensPerSecond) : "")
    return "[prompt: \(prompt); reply: \(reply); \(r.stopReason.rawValue)]\n"
}

/// `perplexity --text FILE --ctx N`, scored as `llama-perplexity -c N` does.
func perplexityCommand(_ arguments: [String]) -> Never {
    var parsed = CommandLineArguments(
        arguments, synopsis: "perplexity --text FILE --ctx N [--model FILE]",
        help: """
            perplexity   the model's perplexity on a text, as llama-perplexity
                         computes it: windows of N tokens, each scoring its
                         second half

            --text FILE  a UTF-8 text of at least 2·N tokens
            --ctx N      the window length
            \(modelHelp)
            """)
    command {
        _ = parsed.subcommand("perplexity")
        let path = try parsed.option("--text"), context = try parsed.option("--ctx")
        let options = try CommonOptions(&parsed, defaultTemperature: 0)
        guard let path else { throw CommandLineError.missingArgument("--text FILE", usage: parsed.usage) }
        guard let window = Int(context ?? ""), window > 0 else {
            throw UsageError("--ctx takes a positive number\n\(parsed.usage)")
        }
        let url = URL(fileURLWithPath: path)
        let data = try MappedFile(contentsOf: url)
        guard let text = String(validating: data.bytes, as: UTF8.self) else {
            throw FileError(url, "not UTF-8 text")
        }
        let ids = options.model.tokenizer.encode(text)
        let result = try options.model.engine.perplexity(of: ids, context: window) { w, r in
            FileHandle.standardError.write(Data(String(format: "[%d]%.4f ", w, r.perplexity).utf8))
        }
        print(String(format: "\nFinal estimate: PPL = %.4f over %d windows of %d tokens "
                     + "(%d scored tokens)", result.perplexity, result.windows, window,
                     result.scoredTokens))
    }
}
