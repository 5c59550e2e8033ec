import Book
import Foundation

extension LlamaModel {
    // listing: hf-export
    /// Writes the model as a Hugging Face Llama checkpoint, `config.json` and
    /// `model.safetensors` (F32) under the names of `huggingFaceNames`:
    /// what this chapter's loader reads back, and what transformers'
    /// `LlamaForCausalLM.from_pretrained` reads too. Each file is written
    /// atomically.
    public func saveHuggingFace(to directory: URL) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true)
        var tensors: [String: Tensor] = [:]
        for (name, variable) in namedParameters {
            tensors[huggingFaceName(of: name)!] = variable.value
        }
        try SafetensorsFile.write(
            tensors, metadata: ["format": "pt"],
            to: directory.appendingPathComponent("model.safetensors"))
        try writeJSON(config,
                      to: directory.appendingPathComponent("config.json"))
    }
    // end listing
}
