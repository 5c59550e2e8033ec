import Book
import Finetuning
import Foundation
import Model
import Notebook
import Pretrained
import Pretraining

/// What one fine-tuning run did and cost.
struct TuningRun {
    let name: String
    let trainable: Int
    let history: [StepRecord]
    /// (step, mean reply loss on the validation split)
    let validation: [(step: Int, loss: Float)]
    let secondsPerStep: Double
    /// The most tensor memory training added at once on top of what was
    /// alive before it (the weights, and anything else the process holds):
    /// gradients, AdamW's moments, activations.
    let peakBytes: Int
}

/// Trains `model` for `config.steps` steps on `data`, with the reply loss
/// on the validation split every `config.evalEvery` steps.
func tune(_ model: some LanguageModel, _ config: TrainingConfig, _ data: SFTData,
          name: String) throws -> TuningRun {
    guard !data.train.isEmpty, !data.validation.isEmpty else {
        throw InputError("\(name): no example fits the model's context")
    }
    let before = BufferPool.shared.liveBytes
    BufferPool.shared.resetPeak()
    let trainer = Trainer(model: model, config: config)
    var validation = [(step: 0, loss: try replyLoss(model, on: data.validation, batch: config.batch))]
    let bar = ProgressBar(total: config.steps, label: name, unit: "step")
    var seconds = 0.0
    while trainer.step < config.steps {
        let clock = Stopwatch()
        let record = try trainer.trainStep(on: data.train)
        seconds += clock.seconds
        bar.update(completed: trainer.step, info: String(format: "loss %.3f", record.loss))
        if trainer.step % config.evalEvery == 0 || trainer.step == config.steps {
            validation.append((trainer.step,
                               try replyLoss(model, on: data.validation, batch: config.batch)))
        }
    }
    return TuningRun(name: name, trainable: model.countedParameters, history: trainer.history,
                     validation: validation, secondsPerStep: seconds / Double(config.steps),
                     peakBytes: BufferPool.shared.peakBytes - before)
}

/// A model's replies to the test prompts that fit its context, scored.
struct Evaluation {
    let examples: [InstructionExample]
    let replies: [String]
    var scores: [FamilyScore] { score(examples, replies: replies) }

    /// All families together.
    var overall: Proportion {
        Proportion(count: zip(examples, replies).filter { ExactMatch.matches($1, $0.answer) }.count,
                   total: examples.count)
    }
}

/// Writes `model` as a GGUF file and asks it every test prompt.
func evaluate(_ model: LlamaModel, name: String, type: GGMLType, tokenizer: TunedTokenizer,
              format: SFTFormat, on examples: [InstructionExample], nb: Notebook) throws
    -> Evaluation
{
    let url = nb.locations.chapterDirectory("06").appendingPathComponent("models/\(name).gguf")
    let assistant = Assistant(
        model: try model.writeAssistant(to: url, name: name, type: type, tokenizer: tokenizer),
        format: format)
    let room = model.config.contextLength - Assistant.maxReplyTokens
    let fitting = examples.filter { format.encode(format.prefix($0.prompt)).count < room }
    return Evaluation(examples: fitting,
                      replies: try assistant.replies(to: fitting, label: "asking \(name)"))
}

/// "73 % (64–81)": a proportion with its 95 % interval.
func percent(_ p: Proportion) -> String {
    String(format: "%.0f %% (%.0f–%.0f)", 100 * p.value, 100 * p.interval.lowerBound,
           100 * p.interval.upperBound)
}
