import Book
import Foundation
import Model
import Notebook
import Pretrained

/// What is inside the GGUF file: its header, metadata and tensor types.
func fileSection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    let file = smol.file
    let size = try FileManager.default.attributesOfItem(atPath: file.url.path)[.size] as! Int
    try nb.table("gguf-header", headers: ["field", "value"], rows: [
        ["file", file.url.lastPathComponent],
        ["size", "\(size.formatted()) bytes"],
        ["version", "\(file.version)"],
        ["metadata pairs", "\(file.metadata.count)"],
        ["tensors", "\(file.tensors.count)"],
        ["alignment", "\(file.alignment) bytes"],
    ])
    func shown(_ value: GGUFValue) -> String {
        switch value {
        case .array(let a): "array of \(a.count.formatted()) \(a.first?.typeName ?? "")s"
        case .string(let s): s.count > 48 ? "\"\(s.prefix(45))…\" (\(s.count) characters)"
                                           : "\"\(s)\""
        case .float32(let x): "\(x)"
        default: value.integer.map(String.init) ?? value.bool.map(String.init) ?? "\(value)"
        }
    }
    try nb.table("gguf-metadata", headers: ["key", "type", "value"], rows: file.metadata.map {
        ["`\($0.key)`", $0.value.typeName, shown($0.value).replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "|", with: "\\|")]
    })
    var byType: [GGMLType: (tensors: Int, values: Int, bytes: Int)] = [:]
    for t in file.tensors {
        let old = byType[t.type] ?? (0, 0, 0)
        byType[t.type] = (old.tensors + 1, old.values + t.count, old.bytes + t.byteCount)
    }
    try nb.table("gguf-tensor-types",
                 headers: ["type", "tensors", "values", "bytes", "bits per value"],
                 rows: GGMLType.allCases.compactMap { type in
                     byType[type].map { [type.name, "\($0.tensors)", $0.values.formatted(),
                                         $0.bytes.formatted(),
                                         String(format: "%.2f", Double($0.bytes * 8) / Double($0.values))] }
                 })
    let c = smol.engine.config
    let stored = file.tensors.reduce(0) { $0 + $1.count }
    guard stored == c.parameterCount else {
        throw InputError("the file holds \(stored) values, chapter 3's formula says \(c.parameterCount)")
    }
    try nb.table("gguf-config", headers: ["ModelConfig", "value", "from"], rows: [
        ["vocabSize", "\(c.vocabSize.formatted())", "`llama.vocab_size`"],
        ["contextLength", "\(c.contextLength.formatted())", "`llama.context_length`"],
        ["width", "\(c.width)", "`llama.embedding_length`"],
        ["depth", "\(c.depth)", "`llama.block_count`"],
        ["heads / kvHeads", "\(c.heads) / \(c.kvHeads)", "`llama.attention.head_count(_kv)`"],
        ["ffnWidth", "\(c.ffnWidth.formatted())", "`llama.feed_forward_length`"],
        ["ropeBase", "\(Int(c.ropeBase).formatted())", "`llama.rope.freq_base`"],
        ["tiedEmbeddings", "\(c.tiedEmbeddings)", "no `output.weight` tensor"],
        ["parameters (chapter 3's formula)", c.parameterCount.formatted(), "= values stored"],
    ])
}
