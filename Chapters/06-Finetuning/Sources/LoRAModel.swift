import Book
import Foundation
import Model

/// Which weights get adapters, of what rank, and how strong.
public struct LoRAConfig: Codable, Sendable, Equatable {
    public var rank: Int
    public var alpha: Float
    /// Weight names inside a block, as `DecoderBlock.namedParameters` has
    /// them: "attention.wq", …, "ffn.down".
    public var targets: [String]

    public init(rank: Int = 8, alpha: Float = 16, targets: [String] = LoRAConfig.allProjections) {
        (self.rank, self.alpha, self.targets) = (rank, alpha, targets)
    }

    /// The attention and MLP projections: every matrix in a block.
    public static let allProjections = ["attention.wq", "attention.wk", "attention.wv",
                                        "attention.wo", "ffn.gate", "ffn.up", "ffn.down"]
}

// listing: lora-model
/// A Llama with LoRA adapters on the chosen projections of every block and
/// every base weight frozen: the trainer sees only the adapters' A and B
/// as parameters, and the frozen weights get no gradient at all, so the
/// backward pass skips their weight products.
public final class LoRAModel: LanguageModel {
    public let base: LlamaModel
    public let config: LoRAConfig
    /// (weight name, its adapter), in block order.
    public let adapters: [(name: String, lora: LoRA)]

    public init(base: LlamaModel, config: LoRAConfig, seed: UInt64 = 0) throws {
        let known = Set(LoRAConfig.allProjections)
        if let bad = config.targets.first(where: { !known.contains($0) }) {
            throw InputError("LoRA target '\(bad)' is not one of \(LoRAConfig.allProjections)")
        }
        guard config.rank >= 1 else { throw InputError("LoRA rank \(config.rank) must be ≥ 1") }
        var rng = RandomGenerator(seed: seed)
        base.parameters.forEach { $0.requiresGrad = false }
        var adapters: [(String, LoRA)] = []
        for (i, block) in base.blocks.enumerated() {
            for (name, weight) in block.namedParameters where config.targets.contains(name) {
                let lora = LoRA(in: weight.shape[1], out: weight.shape[0], rank: config.rank,
                                alpha: config.alpha, rng: &rng)
                weight.adapter = lora
                adapters.append(("blocks.\(i).\(name)", lora))
            }
        }
        (self.base, self.config, self.adapters) = (base, config, adapters)
    }
    // end listing

    public var vocabSize: Int { base.vocabSize }
    public var contextLength: Int { base.contextLength }

    /// Each adapter's A and B, named as PEFT names them.
    public var namedParameters: [(name: String, variable: Variable)] {
        adapters.flatMap { name, lora in
            [("\(name).lora_A", lora.a), ("\(name).lora_B", lora.b)]
        }
    }

    public func logits(_ tape: Tape, ids: [Int32], batch: Int) throws -> Variable {
        try base.logits(tape, ids: ids, batch: batch)
    }

    // listing: lora-merge
    /// Folds every adapter into its weight, W ← W + (α/r) B A, and removes
    /// it: the merged model computes what the adapted one did, at the base
    /// model's cost, and can be saved and exported like any other. The base
    /// model is changed in place: save the adapters first.
    public func merged() -> LlamaModel {
        let weights = Dictionary(uniqueKeysWithValues: base.namedParameters.map { ($0.name, $0.variable) })
        for (name, lora) in adapters {
            let w = weights[name]!
            let delta = lora.delta
            zipMap(w.value.data, delta.data, w.value.data, count: w.value.count) { $0 + $1 }
            w.adapter = nil
        }
        base.parameters.forEach { $0.requiresGrad = true }
        return base
    }
    // end listing
}
