import Book
import Foundation

extension LlamaModel {
    /// Loads a Hugging Face Llama checkpoint directory, as `save_pretrained`
    /// writes it: `config.json` and one `model.safetensors` (F32, F16 or
    /// BF16; the weights become Float32). Every tensor must be present with
    /// the shape the config implies, and every tensor in the file must be
    /// used: a missing, misshapen or unexpected tensor is a `FileError`
    /// naming it, with the expected and found shapes. (A tied model's
    /// `lm_head.weight`, which some exporters write anyway, is ignored.)
    public init(huggingFaceDirectory directory: URL) throws {
        let config = try ModelConfig(
            huggingFaceConfig: directory.appendingPathComponent("config.json"))
        try self.init(config)
        let url = directory.appendingPathComponent("model.safetensors")
        let index = directory
            .appendingPathComponent("model.safetensors.index.json")
        if !FileManager.default.fileExists(atPath: url.path),
           FileManager.default.fileExists(atPath: index.path) {
            throw FileError(index, "sharded checkpoints are not supported; "
                + "save the model as one model.safetensors")
        }
        let file = try SafetensorsFile(contentsOf: url)
        var unused = Set(file.entries.map(\.name))
        for (name, variable) in namedParameters {
            guard let theirs = huggingFaceName(of: name) else {
                fatalError("no Hugging Face name for parameter \(name)")
            }
            guard let entry = file.entries.first(where: { $0.name == theirs })
            else {
                throw FileError(url, "missing tensor '\(theirs)' (shape "
                    + "\(variable.shape), for \(name))")
            }
            guard entry.shape == variable.shape else {
                throw FileError(url, "tensor '\(theirs)' has shape "
                    + "\(entry.shape), expected \(variable.shape)")
            }
            let tensor = try file.tensor(named: theirs)  // throws on dtype
            variable.value.data.update(from: tensor.data, count: tensor.count)
            unused.remove(theirs)
        }
        unused = unused.filter { !$0.hasSuffix("rotary_emb.inv_freq") }
        if config.tiedEmbeddings { unused.remove("lm_head.weight") }
        if let extra = unused.sorted().first {
            throw FileError(url, "unexpected tensor '\(extra)' for a model "
                + "with depth \(config.depth), tied embeddings "
                + "\(config.tiedEmbeddings)")
        }
    }
}
