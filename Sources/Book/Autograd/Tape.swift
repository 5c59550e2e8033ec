// listing: variable
/// A tensor on the autograd tape: its value, and the gradient of the loss with
/// respect to it once `Tape.backward` has run.
public final class Variable {
    public let value: Tensor
    /// Whether gradients flow to this variable. Setting it false before a
    /// forward pass freezes a weight: ops on frozen inputs record no
    /// backward step for it (chapter 6 freezes the base model for LoRA).
    public var requiresGrad: Bool
    /// A trainable addition to the linear layer this weight belongs to
    /// (`Tape.linear`): chapter 6's LoRA. Nil for a plain weight.
    public var adapter: (any LinearAdapter)?
    private var storedGrad: Tensor?

    public init(_ value: Tensor, requiresGrad: Bool = true) {
        self.value = value
        self.requiresGrad = requiresGrad
    }

    public var shape: [Int] { value.shape }

    /// ∂loss/∂value, or nil before any backward pass reached this variable.
    public var grad: Tensor? { storedGrad }

    /// The gradient buffer, created zero-filled on first use. Backward passes
    /// *add* into it, so a variable used twice collects both contributions.
    public var gradient: Tensor {
        if let storedGrad { return storedGrad }
        let g = Tensor(zeros: value.shape)
        storedGrad = g
        return g
    }

    /// Zeroes the gradient, keeping its buffer for the next step.
    public func zeroGrad() { storedGrad?.fill(0) }
}
// end listing

// listing: tape
/// The tape records, for each coarse op run in the forward pass, a closure
/// that runs its backward pass. `backward` replays them in reverse:
/// reverse-mode automatic differentiation, the chain rule op by op.
public final class Tape {
    private var steps: [() -> Void] = []
    /// For each step, the variables it was the first to read. The backward
    /// pass runs the steps newest first, so once that step has run no other
    /// adds to their gradients: they are final.
    private var firstRead: [Int: [Variable]] = [:]
    private var seen: Set<ObjectIdentifier> = []

    public init() {}

    /// How many backward steps are recorded.
    public var count: Int { steps.count }

    /// A fresh output variable for an op on `inputs`; it needs a gradient
    /// exactly when one of the inputs does. Zero-filled, unless the op
    /// writes every element itself (`zeroed: false`).
    public func output(_ shape: [Int], of inputs: Variable..., zeroed: Bool = true) -> Variable {
        for input in inputs where input.requiresGrad && seen.insert(ObjectIdentifier(input)).inserted {
            firstRead[steps.count, default: []].append(input)
        }
        return Variable(zeroed ? Tensor(zeros: shape) : Tensor(uninitialized: shape),
                        requiresGrad: inputs.contains { $0.requiresGrad })
    }

    /// Records `step` to run in the backward pass if `output` needs a gradient.
    public func record(_ output: Variable,
                       backward step: @escaping () -> Void) {
        if output.requiresGrad { steps.append(step) }
    }

    /// Seeds ∂loss/∂loss = 1 (or `seed`, for a non-scalar output) and runs
    /// every recorded backward step, newest first. The tape is then empty.
    /// `finished`, if given, is handed the variables whose gradients have
    /// just become final, as soon as they have: chapter 7 starts sending a
    /// layer's weight gradients to the other processes while the backward
    /// pass goes on through the layers before it.
    public func backward(from loss: Variable, seed: Tensor? = nil,
                         finished: (([Variable]) -> Void)? = nil) {
        if let seed {
            precondition(seed.shape == loss.shape,
                         "seed \(seed.shape) vs output \(loss.shape)")
            loss.gradient.data.update(from: seed.data, count: seed.count)
        } else {
            precondition(loss.value.count == 1,
                         "backward from non-scalar \(loss.shape) needs a seed")
            loss.gradient.fill(1)
        }
        for (index, step) in steps.enumerated().reversed() {
            step()
            if let finished, let done = firstRead[index] { finished(done) }
        }
        reset()
    }

    /// Forgets the recorded steps (for a forward pass used without gradients).
    public func reset() {
        steps.removeAll(keepingCapacity: true)
        (firstRead, seen) = ([:], [])
    }
}
// end listing
