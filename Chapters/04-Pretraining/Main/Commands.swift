import Book
import Notebook
import Foundation
import Model
import Pretraining
import Tokenizer

/// `ch04-pretraining train` and `ch04-pretraining sample`. Returns false,
/// having done nothing, when the first argument is not a subcommand (the
/// executable then runs its notebook); otherwise runs it and exits: 0 when
/// done, 2 for a bad command line, 1 for bad files or a failed run.
func runPretrainingCommand(_ arguments: [String]) -> Bool {
    switch arguments.dropFirst().first {
    case "train": trainCommand(arguments)
    case "sample": sampleCommand(arguments)
    default: return false
    }
    return true
}

/// Trains the chapter's model, with a checkpoint every 250 steps in
/// `--out`; `--resume DIR` continues a run from its newest checkpoint.
func trainCommand(_ arguments: [String]) -> Never {
    var parsed = CommandLineArguments(
        arguments, synopsis: "train [--out DIR | --resume DIR] [--steps N] [--quick]",
        help: """
            train   trains the chapter's model on chapter 1's token files

            --out DIR     where checkpoints go (default build/runs/pretraining)
            --resume DIR  continue from the newest checkpoint in DIR
            --steps N     total steps of a new run (default 1000;
                          warmup is capped at a tenth of them)
            --quick       the tiny configuration of the quick book run
            """)
    _ = parsed.subcommand("train")
    let out: String?, resume: String?, steps: String?, quick: Bool
    do {
        (out, resume) = (try parsed.option("--out"), try parsed.option("--resume"))
        (steps, quick) = (try parsed.option("--steps"), parsed.flag("--quick"))
        try parsed.finish()
    } catch { error.reportAndExit() }
    if out != nil, resume != nil {
        exitWithError("give --out or --resume, not both\n\(parsed.usage)", status: 2)
    }
    var stepCount: Int?
    if let steps {
        guard let n = Int(steps), n > 0, resume == nil else {
            exitWithError("--steps takes a positive number, for a new run only\n"
                          + parsed.usage, status: 2)
        }
        stepCount = n
    }
    do {
        let trainer: Trainer<LlamaModel>, run: URL
        if let resume {
            let (state, directory): (TrainerState, URL)
            (trainer, state, directory) = try Trainer<LlamaModel>.resume(
                from: URL(fileURLWithPath: resume))
            run = directory.deletingLastPathComponent()
            let corpus = try Corpus(context: trainer.config.context)
            try check(state, from: directory, against: corpus.tokenizer)
            try train(trainer, corpus: corpus, run: run)
        } else {
            var training = try chapterTraining(quick: quick)
            if let n = stepCount {
                training.steps = n
                training.warmup = min(training.warmup, n / 10)  // 5% of 1,000
                try training.validate()
            }
            let corpus = try Corpus(context: training.context)
            let config = try ModelConfig.pretraining(
                vocabulary: corpus.data.train.file.vocabularySize, quick: quick)
            trainer = Trainer(model: try LlamaModel(config, seed: training.seed),
                              config: training)
            run = URL(fileURLWithPath: out ?? "build/runs/pretraining")
            guard try checkpoints(in: run).isEmpty else {
                throw FileError(run, "holds checkpoints of another run; continue "
                    + "it with --resume, or choose another --out")
            }
            try train(trainer, corpus: corpus, run: run)
        }
    } catch {
        exitWithError("\(error)", status: 1)
    }
    exit(0)
}

func train(_ trainer: Trainer<LlamaModel>, corpus: Corpus, run: URL) throws {
    try trainer.run(on: corpus.data, label: "training", checkpoint: {
        try $0.save(in: run, tokenizerFingerprint: corpus.fingerprint)
    }, evaluated: { e in
        print(String(format: "step %d: validation loss %.3f, %.3f bits/byte",
                     e.step, e.loss, e.bitsPerByte))
    })
    print("checkpoints in \(run.relativePath)")
}

/// Continues a prompt with a checkpoint's model, streaming the text.
func sampleCommand(_ arguments: [String]) -> Never {
    var parsed = CommandLineArguments(
        arguments, synopsis: "sample --checkpoint DIR --prompt TEXT [--tokens N] "
            + "[--temperature T] [--top-k K] [--top-p P] [--seed S]",
        help: """
            sample   continues TEXT with a trained model, token by token

            --checkpoint DIR  a checkpoint, or a run directory (its newest)
            --prompt TEXT     the text to continue
            --tokens N        how many tokens to add (default 200)
            --temperature T   0 is greedy (default 0.8)
            --top-k K, --top-p P  keep only the likeliest tokens (default off)
            --seed S          the sampling seed (default 1)
            """)
    _ = parsed.subcommand("sample")
    let options: [String: String]
    do {
        var found: [String: String] = [:]
        for name in ["--checkpoint", "--prompt", "--tokens", "--temperature",
                     "--top-k", "--top-p", "--seed"] {
            found[name] = try parsed.option(name)
        }
        options = found
        try parsed.finish()
    } catch { error.reportAndExit() }
    func number<T: LosslessStringConvertible>(_ name: String, _ default: T?) -> T? {
        guard let text = options[name] else { return `default` }
        guard let value = T(text) else {
            exitWithError("\(name) '\(text)' is not a number\n\(parsed.usage)", status: 2)
        }
        return value
    }
    guard let checkpoint = options["--checkpoint"], let prompt = options["--prompt"] else {
        exitWithError("sample needs --checkpoint DIR and --prompt TEXT\n\(parsed.usage)",
                      status: 2)
    }
    let (temperature, topK, topP): (Float, Int?, Float?) = (
        number("--temperature", 0.8)!, number("--top-k", nil), number("--top-p", nil))
    let sampler: Sampler
    do {
        sampler = try Sampler(temperature: temperature, topK: topK, topP: topP)
    } catch {
        exitWithError("\(error)\n\(parsed.usage)", status: 2)
    }
    var rng = RandomGenerator(seed: number("--seed", 1)!)
    let count: Int = number("--tokens", 200)!
    do {
        let (model, state, directory) = try loadCheckpoint(
            URL(fileURLWithPath: checkpoint))
        let tokenizer = try chapterTokenizer()
        try check(state, from: directory, against: tokenizer)
        let ids = tokenizer.encodeOrdinary(prompt).map(Int32.init)
        print(prompt, terminator: "")
        var pending: [UInt8] = []  // a character's bytes may span tokens
        _ = try generate(model, prompt: ids, count: count, sampler: sampler,
                         rng: &rng) { token in
            pending += tokenizer.bytes(of: Int(token))
            if let text = String(validating: pending, as: UTF8.self) {
                print(text, terminator: "")
                fflush(nil)  // stream: show it now
                pending = []
            }
        }
        print()
    } catch {
        exitWithError("\(error)", status: 1)
    }
    exit(0)
}
