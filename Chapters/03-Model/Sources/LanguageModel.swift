import Book

/// What a training loop needs from a model: logits for a batch of token
/// sequences, recorded on a tape, and the weights to update, by name.
/// The Llama-style decoder and GPT-2 both are one.
public protocol LanguageModel {
    var vocabSize: Int { get }
    var contextLength: Int { get }
    /// Every trainable weight once (a tied matrix appears once), with a
    /// stable name for checkpoints and for weight decay's exclusions.
    var namedParameters: [(name: String, variable: Variable)] { get }

    /// ids: batch sequences of T tokens, row after row ([batch, T])
    ///   →  logits [batch, T, vocabSize]: position t predicts token t + 1.
    func logits(_ tape: Tape, ids: [Int32], batch: Int) throws -> Variable
}

extension LanguageModel {
    public var parameters: [Variable] { namedParameters.map(\.variable) }

    /// The number of trainable values.
    public var countedParameters: Int {
        parameters.reduce(0) { $0 + $1.value.count }
    }

    /// T for `ids` split into `batch` rows, or an error saying why the ids
    /// cannot be run: a model must reject bad input, not trap on it.
    public func sequenceLength(of ids: [Int32], batch: Int) throws -> Int {
        guard batch > 0, !ids.isEmpty, ids.count % batch == 0 else {
            throw InputError("\(ids.count) token ids do not split into "
                + "\(batch) sequences of equal, non-zero length")
        }
        let t = ids.count / batch
        guard t <= contextLength else {
            throw InputError("sequence length \(t) exceeds the context "
                + "length \(contextLength)")
        }
        if let bad = ids.first(where: { $0 < 0 || Int($0) >= vocabSize }) {
            throw InputError("token id \(bad) is not in 0..<\(vocabSize)")
        }
        return t
    }
}

