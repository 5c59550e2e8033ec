import Book
import Finetuning
import Foundation
import Model
import Notebook
import Pretrained
import Pretraining
import Tokenizer

/// The instruction data, made from chapter 1's corpus files and written
/// as JSON Lines beside the chapter's other outputs.
func instructionData(_ nb: Notebook) throws -> InstructionSplits {
    let training = try CorpusPlays.load(TokenizerPaths.output.appendingPathComponent("train.txt"))
    let heldOut = try CorpusPlays.load(TokenizerPaths.output.appendingPathComponent("val.txt"))
    let sizes = nb.isQuick ? SplitSizes(train: 24, validation: 4, test: 6) : .standard
    let data = try InstructionData.make(trainingPlays: training, heldOutPlays: heldOut,
                                        sizes: sizes)
    let directory = nb.locations.chapterDirectory("06").appendingPathComponent("data")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (examples, name) in [(data.train, "train"), (data.validation, "validation"),
                             (data.test, "test")] {
        try InstructionFile.write(examples, to: directory.appendingPathComponent("\(name).jsonl"))
    }
    try nb.table("plays", headers: ["", "plays", "speeches", "lines"], rows: [
        ("chapter 1's training plays", training), ("held-out plays", heldOut),
    ].map { label, plays in
        [label, "\(plays.count)", plays.reduce(0) { $0 + $1.speeches.count }.formatted(),
         plays.reduce(0) { $0 + $1.lines.count }.formatted()]
    })
    try nb.table("families", headers: ["family", "train", "validation", "test", "answer"],
                 rows: TaskFamily.allCases.map { family in
        let example = data.test.first { $0.family == family }!
        return [family.rawValue] + [data.train, data.validation, data.test].map { split in
            "\(split.filter { $0.family == family }.count)"
        } + [example.answer]
    })
    try nb.verbatim("examples") {
        TaskFamily.allCases.map { family in
            let e = data.test.first { $0.family == family }!
            return "[\(family.rawValue)]\n\(e.prompt)\n→ \(e.answer)"
        }.joined(separator: "\n\n")
    }
    return data
}

/// Chapter 4's model and tokenizer, checked to belong together.
struct ShakespeareBase {
    /// The checkpoint: chapter 4's last.
    let checkpoint: BaseModel
    let tokenizer: BPETokenizer
    let format: SFTFormat

    init(_ nb: Notebook) throws {
        let run = nb.locations.chapterDirectory("04").appendingPathComponent("run")
        let url = TokenizerPaths.tokenizer
        let tokenizer = try BPETokenizer(contentsOf: url)
        let (model, state, directory) = try loadCheckpoint(run)
        guard state.tokenizerFingerprint == tokenizer.fingerprint else {
            throw FileError(directory, "trained with another tokenizer than \(url.relativePath)")
        }
        guard model.config.vocabSize == tokenizer.vocabularySize else {
            throw FileError(directory, "the model has \(model.config.vocabSize) tokens, "
                            + "the tokenizer \(tokenizer.vocabularySize)")
        }
        (self.tokenizer, checkpoint) = (tokenizer, BaseModel(directory))
        // Chapter 1 reserved ChatML's two markers as special tokens, which
        // pretraining never saw: fine-tuning teaches them.
        let markers: Set = [BPETokenizer.imStart, BPETokenizer.imEnd]
        format = SFTFormat(template: ChatTemplate(defaultSystemPrompt: nil)) { text in
            tokenizer.encode(text, allowedSpecial: markers).map(Int32.init)
        }
    }

    /// A fresh copy of the pretrained model.
    func model() throws -> LlamaModel { try checkpoint.load().model }
}

/// SmolLM2 as Float32 weights (chapter 5's file, dequantized), trainable,
/// with its own tokenizer and chat template.
struct SmolBase {
    let file: GGUFFile
    let format: SFTFormat
    let location = BaseModel(PretrainedPaths.smolLM2)

    init() throws {
        let model = try PretrainedModel(contentsOf: PretrainedPaths.smolLM2)
        guard let template = model.template else {
            throw FileError(PretrainedPaths.smolLM2, "has no chat template")
        }
        file = model.file
        let tokenizer = model.tokenizer
        format = SFTFormat(template: template) { tokenizer.encode($0, special: true) }
    }

    func model() throws -> LlamaModel { try LlamaModel(gguf: file) }
}

/// The examples as training sequences in `format`; those longer than the
/// model's context are left out and counted. The validation sequences are
/// the first `validationPerFamily` of each family, always masked, so that
/// every run's validation loss is the same measure: the loss on the replies.
struct SFTData {
    let train: [SFTSequence], validation: [SFTSequence]
    let dropped: Int

    init(_ data: InstructionSplits, _ format: SFTFormat, context: Int, maskPrompt: Bool = true,
         validationPerFamily: Int = 16) {
        func fitting(_ examples: [InstructionExample], masked: Bool) -> [SFTSequence] {
            examples.map { format.sequence($0, maskPrompt: masked) }
                .filter { $0.ids.count <= context }
        }
        let validation = TaskFamily.allCases.flatMap { family in
            data.validation.filter { $0.family == family }.prefix(validationPerFamily)
        }
        train = fitting(data.train, masked: maskPrompt)
        self.validation = fitting(validation, masked: true)
        dropped = data.train.count + validation.count - train.count - self.validation.count
    }
}
