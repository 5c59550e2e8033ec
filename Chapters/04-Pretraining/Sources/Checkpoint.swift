import Book
import Foundation
import Model

/// Everything about a run that is not a tensor, saved as `trainer.json`.
public struct TrainerState: Codable, Sendable, Equatable {
    public let step: Int
    /// The data generator's state: where the next windows come from.
    public let rng: [UInt64]
    public let training: TrainingConfig
    /// The tokenizer the token files were made with (chapter 1's).
    public let tokenizerFingerprint: UInt64
    public let history: [StepRecord]
    public let evaluations: [EvaluationRecord]

    public init(step: Int, rng: [UInt64], training: TrainingConfig, tokenizerFingerprint: UInt64,
                history: [StepRecord], evaluations: [EvaluationRecord]) {
        (self.step, self.rng, self.training) = (step, rng, training)
        self.tokenizerFingerprint = tokenizerFingerprint
        (self.history, self.evaluations) = (history, evaluations)
    }
}

// listing: checkpoint-save
/// A checkpoint is a directory `step-NNNNNN` in the run directory:
///
///   config.json, model.safetensors  the model, in Hugging Face's format
///   optimizer.safetensors           AdamW's moments: m.<name>, v.<name>
///   trainer.json                    step, RNG state, settings, history
///
/// It is written as `step-NNNNNN.partial` and renamed when complete: a
/// crash or Ctrl-C mid-write leaves the previous checkpoints untouched, and
/// only complete directories carry the final name. The two newest are kept.
extension Trainer where Model == LlamaModel {
    @discardableResult
    public func save(in run: URL, tokenizerFingerprint: UInt64) throws -> URL {
        var moments: [String: Tensor] = [:]
        for (i, name) in names.enumerated() {
            moments["m." + name] = optimizer.m[i]
            moments["v." + name] = optimizer.v[i]
        }
        let state = TrainerState(
            step: step, rng: rng.stateWords, training: config,
            tokenizerFingerprint: tokenizerFingerprint, history: history,
            evaluations: evaluations)
        return try saveCheckpoint(in: run, model: model, moments: moments, state: state)
    }
}

/// Writes checkpoint `step-NNNNNN` of `state.step` into `run`, as above,
/// from its parts (chapter 7 gathers the moments from every process first).
@discardableResult
public func saveCheckpoint(in run: URL, model: LlamaModel, moments: [String: Tensor],
                           state: TrainerState) throws -> URL {
    let name = String(format: "step-%06d", state.step)
    let final = run.appendingPathComponent(name)
    let partial = run.appendingPathComponent(name + ".partial")
    let files = FileManager.default
    try? files.removeItem(at: partial)
    try model.saveHuggingFace(to: partial)
    try SafetensorsFile.write(moments, to: partial.appendingPathComponent("optimizer.safetensors"))
    try writeJSON(state, to: partial.appendingPathComponent("trainer.json"))
    try? files.removeItem(at: final)
    try files.moveItem(at: partial, to: final)
    for old in try checkpoints(in: run).dropLast(2) {
        try files.removeItem(at: old)
    }
    return final
}
// end listing

extension Trainer where Model == LlamaModel {
    /// Rebuilds a trainer from a checkpoint directory, or from a run
    /// directory's newest checkpoint: the model, AdamW's moments and step,
    /// the data generator and the history, so that training continues
    /// exactly as if it had never stopped.
    public static func resume(from url: URL) throws
        -> (trainer: Trainer, state: TrainerState, directory: URL)
    {
        let (model, state, directory) = try loadCheckpoint(url)
        let trainer = Trainer(model: model, config: state.training)
        let momentsURL = directory.appendingPathComponent("optimizer.safetensors")
        let moments = try SafetensorsFile(contentsOf: momentsURL)
        for (i, name) in trainer.names.enumerated() {
            for (prefix, tensor) in [("m.", trainer.optimizer.m[i]),
                                     ("v.", trainer.optimizer.v[i])] {
                let saved = try moments.tensor(named: prefix + name)
                guard saved.shape == tensor.shape else {
                    throw FileError(momentsURL, "'\(prefix + name)' has shape "
                        + "\(saved.shape), expected \(tensor.shape)")
                }
                tensor.data.update(from: saved.data, count: saved.count)
            }
        }
        trainer.optimizer.step = state.step
        trainer.rng = RandomGenerator(state: state.rng)
        (trainer.history, trainer.evaluations) = (state.history, state.evaluations)
        return (trainer, state, directory)
    }
}

/// A checkpoint's model and trainer state, without AdamW's moments (all
/// that sampling needs), from a checkpoint directory or a run directory's
/// newest; `directory` is the checkpoint it read.
public func loadCheckpoint(_ url: URL) throws
    -> (model: LlamaModel, state: TrainerState, directory: URL)
{
    let (state, directory) = try loadTrainerState(url)
    return (try LlamaModel(huggingFaceDirectory: directory), state, directory)
}

/// Only a checkpoint's trainer state (`trainer.json`): what a run needs to
/// know before it builds the model, without reading the weights.
public func loadTrainerState(_ url: URL) throws -> (state: TrainerState, directory: URL) {
    let directory = try checkpointDirectory(url)
    let stateURL = directory.appendingPathComponent("trainer.json")
    let state = try readJSON(TrainerState.self, from: stateURL)
    guard state.rng.count == 4, state.step >= 0 else {
        throw FileError(stateURL, "rng must be 4 words and step ≥ 0")
    }
    return (state, directory)
}

/// The complete checkpoints in a run directory, oldest first.
public func checkpoints(in run: URL) throws -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: run.path)) ?? []
    return names.filter { $0.hasPrefix("step-") && !$0.hasSuffix(".partial") }
        .sorted().map { run.appendingPathComponent($0) }
}

/// `url` itself if it is a checkpoint, else the newest one inside it.
func checkpointDirectory(_ url: URL) throws -> URL {
    let files = FileManager.default
    if files.fileExists(atPath: url.appendingPathComponent("trainer.json").path) {
        return url
    }
    guard let newest = try checkpoints(in: url).last else {
        throw FileError(url, "no checkpoint here (a step-NNNNNN directory "
            + "with trainer.json)")
    }
    return newest
}
