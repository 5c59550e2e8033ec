import Book
import Finetuning
import Foundation
import Model
import Notebook
import Pretrained
import Pretraining

/// SmolLM2, already an assistant, tuned with LoRA to this house's tasks
/// and refusal: before and after on a sample of the test split.
func smolRun(_ nb: Notebook, _ data: InstructionSplits) throws
    -> (run: TuningRun, evaluation: Evaluation)
{
    let base = try SmolBase()
    let perFamily = nb.isQuick ? 2 : 25
    let sample = TaskFamily.allCases.flatMap { family in
        data.test.filter { $0.family == family }.prefix(perFamily)
    }
    let tokenizer = TunedTokenizer.gguf(base.file)
    func ask(_ model: LlamaModel, _ name: String) throws -> Evaluation {
        try evaluate(model, name: name, type: .q8_0, tokenizer: tokenizer, format: base.format,
                     on: sample, nb: nb)
    }
    let before = try ask(base.model(), "smollm2-base")
    let context = 512
    let sequences = SFTData(data, base.format, context: context, validationPerFamily: 8)
    let lora = try LoRAModel(base: try base.model(), config: LoRAConfig(rank: 8, alpha: 16))
    let run = try tune(lora, try recipe(nb, steps: 100, batch: 4, lr: 1e-3, weightDecay: 0,
                                        context: context), sequences, name: "SmolLM2 LoRA")
    try lora.save(to: nb.locations.chapterDirectory("06").appendingPathComponent("adapters/smollm2"),
                  base: base.location)
    let after = try ask(lora.merged(), "smollm2-lora")

    try nb.figure("smollm2-curves", LinePlot(
        [LinePlot.Series("training loss (batch)", x: run.history.map(\.step),
                         y: run.history.map(\.loss)),
         LinePlot.Series("validation loss", x: run.validation.map(\.step),
                         y: run.validation.map(\.loss))],
        xlabel: "step", ylabel: "loss on the replies (nats/token)"))
    try scoreTable(nb, "smollm2-scores", [("SmolLM2-135M-Instruct", before), ("+ LoRA", after)])
    try transcripts(nb, "smollm2-transcripts", before, [("LoRA", after)])
    return (run, after)
}
