import Book
import Foundation
import Model
import Notebook
import Pretrained
import Pretraining
import Tokenizer

/// Both directions: SmolLM2 as a Hugging Face checkpoint, and chapter 4's
/// model as GGUF (written in the quantization section), read back.
func exportSection(_ nb: Notebook) throws {
    let exports = nb.locations.chapterDirectory("05").appendingPathComponent("exports")
    let smol = try GGUFFile(contentsOf: PretrainedPaths.smolLM2)
    let model = try LlamaModel(gguf: smol)
    let directory = exports.appendingPathComponent("smollm2-hf")
    try model.saveHuggingFace(to: directory)
    let reloaded = try LlamaModel(huggingFaceDirectory: directory)
    let ids: [Int32] = [504, 2455, 282, 1029, 314]  // "The meaning of life is"
    let a = try model.logits(Tape(), ids: ids, batch: 1).value.scalars
    let b = try reloaded.logits(Tape(), ids: ids, batch: 1).value.scalars
    let difference = zip(a, b).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }

    let run = nb.locations.chapterDirectory("04").appendingPathComponent("run")
    let (shakespeare, _, _) = try loadCheckpoint(run)
    let f32 = try LlamaModel(gguf: try GGUFFile(
        contentsOf: exports.appendingPathComponent("shakespeare-F32.gguf")))
    let window = Array((0..<Int32(32)).map { $0 * 97 % Int32(shakespeare.vocabSize) })
    let c = try shakespeare.logits(Tape(), ids: window, batch: 1).value.scalars
    let d = try f32.logits(Tape(), ids: window, batch: 1).value.scalars
    let roundTrip = zip(c, d).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
    try nb.table("exports", headers: ["export", "read back by", "largest logit difference"],
                 rows: [
        ["SmolLM2 → Hugging Face directory (F32 safetensors)", "chapter 3's loader",
         String(format: "%g", difference)],
        ["chapter 4's model → GGUF F32", "this chapter's loader", String(format: "%g", roundTrip)],
    ])
}
