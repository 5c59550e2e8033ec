import Book

// listing: mlp
/// A neuron: tanh(w · x + b), written in `Value`s so every weight gets a grad.
public struct Neuron {
    public let weights: [Value]
    public let bias: Value

    public init(inputs: Int, rng: inout RandomGenerator) {
        weights = (0..<inputs).map { _ in Value(rng.uniform() * 2 - 1) }
        bias = Value(0)
    }

    public func callAsFunction(_ x: [Value]) -> Value {
        zip(weights, x).reduce(bias) { $0 + $1.0 * $1.1 }.tanh()
    }

    public var parameters: [Value] { weights + [bias] }
}

/// A multilayer perceptron: layers of neurons, each fed the last's outputs.
public struct MLP {
    public let layers: [[Neuron]]

    public init(sizes: [Int], rng: inout RandomGenerator) {
        layers = zip(sizes, sizes.dropFirst()).map { fanIn, fanOut in
            (0..<fanOut).map { _ in Neuron(inputs: fanIn, rng: &rng) }
        }
    }

    public func callAsFunction(_ x: [Value]) -> [Value] {
        layers.reduce(x) { h, layer in layer.map { $0(h) } }
    }

    public var parameters: [Value] {
        layers.flatMap { $0.flatMap(\.parameters) }
    }
}
// end listing
