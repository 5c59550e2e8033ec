import Book
import Foundation
import Model
import Tokenizer

/// Adapters saved apart from the model: `adapter.safetensors` holds each
/// A and B by name (PEFT's names), and its metadata the LoRA settings and
/// the base model they were trained on: where it is, and its fingerprint. A few megabytes
/// instead of the whole model; loading checks that they fit the base.
extension LoRAModel {
    public static let fileName = "adapter.safetensors"

    /// Writes the adapters, naming `base` (where the base model is) so
    /// that they can be loaded onto it later, and checked against it.
    public func save(to directory: URL, base location: BaseModel) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var tensors: [String: Tensor] = [:]
        for (name, variable) in namedParameters { tensors[name] = variable.value }
        let metadata = ["rank": String(config.rank), "alpha": String(config.alpha),
                        "targets": config.targets.joined(separator: ","),
                        "base": base.fingerprint, "base_path": location.url.relativePath]
        try SafetensorsFile.write(tensors, metadata: metadata,
                                  to: directory.appendingPathComponent(Self.fileName))
    }

    /// Where the adapters in `directory` say their base model is.
    public static func base(ofAdapters directory: URL) throws -> BaseModel {
        let url = directory.appendingPathComponent(fileName)
        guard let path = try SafetensorsFile(contentsOf: url).metadata["base_path"] else {
            throw FileError(url, "metadata has no 'base_path'; not an adapter file")
        }
        return BaseModel(URL(fileURLWithPath: path))
    }

    // listing: load-adapter
    /// The adapters in `directory` attached to `base`. Adapters trained on
    /// another model would load without complaint if only the shapes were
    /// checked, and silently compute nonsense; the fingerprint refuses them.
    public convenience init(base: LlamaModel, adapterDirectory directory: URL) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        let file = try SafetensorsFile(contentsOf: url)
        func field(_ key: String) throws -> String {
            guard let value = file.metadata[key] else {
                throw FileError(url, "metadata has no '\(key)'; not an adapter file")
            }
            return value
        }
        guard let rank = Int(try field("rank")), let alpha = Float(try field("alpha")) else {
            throw FileError(url, "metadata 'rank' and 'alpha' must be numbers")
        }
        let saved = try field("base")
        guard saved == base.fingerprint else {
            throw FileError(url, "adapters were trained on base model \(saved), "
                            + "not on this one (\(base.fingerprint))")
        }
        let config = LoRAConfig(rank: rank, alpha: alpha,
                                targets: try field("targets").split(separator: ",").map(String.init))
        try self.init(base: base, config: config)
        for (name, variable) in namedParameters {
            let tensor = try file.tensor(named: name)
            guard tensor.shape == variable.shape else {
                throw FileError(url, "'\(name)' has shape \(tensor.shape), "
                                + "expected \(variable.shape) (rank \(rank))")
            }
            variable.value.data.update(from: tensor.data, count: tensor.count)
        }
    }
    // end listing
}

extension LlamaModel {
    /// Names the model: its shape, and a hash of a strided sample of every
    /// weight (every 97th value), enough to tell two trained models apart
    /// without reading all of a large one.
    public var fingerprint: String {
        let c = config
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (_, variable) in namedParameters {
            let data = variable.value.data
            for i in stride(from: 0, to: variable.value.count, by: 97) {
                hash = Hash64.mix(hash ^ UInt64(data[i].bitPattern))
            }
        }
        return "llama-\(c.depth)x\(c.width)-v\(c.vocabSize)-"
            + String(hash, radix: 16, uppercase: false)
    }
}
