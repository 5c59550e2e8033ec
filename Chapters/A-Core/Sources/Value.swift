import Foundation

// listing: value
/// A scalar that remembers how it was computed: micrograd's `Value`.
///
/// Each value keeps its parents together with the *local* derivative of
/// itself with respect to each one. That is all backpropagation needs: the
/// chain rule multiplies local derivatives along every path from the output.
public final class Value {
    public var data: Double
    /// ∂output/∂self, filled in by `backward()`.
    public var grad = 0.0
    /// (parent, ∂self/∂parent) for each input of the op that made this value.
    public let parents: [(value: Value, derivative: Double)]

    public init(_ data: Double,
                parents: [(value: Value, derivative: Double)] = []) {
        self.data = data
        self.parents = parents
    }
}

extension Value {
    public static func + (a: Value, b: Value) -> Value {
        Value(a.data + b.data, parents: [(a, 1), (b, 1)])
    }

    public static func * (a: Value, b: Value) -> Value {
        Value(a.data * b.data, parents: [(a, b.data), (b, a.data)])
    }

    public static prefix func - (a: Value) -> Value {
        Value(-a.data, parents: [(a, -1)])
    }

    public static func - (a: Value, b: Value) -> Value { a + -b }

    public func tanh() -> Value {
        let t = Foundation.tanh(data)
        return Value(t, parents: [(self, 1 - t * t)])
    }

    public func exp() -> Value {
        let e = Foundation.exp(data)
        return Value(e, parents: [(self, e)])
    }

    public func relu() -> Value {
        Value(max(data, 0), parents: [(self, data > 0 ? 1 : 0)])
    }

    public func pow(_ k: Double) -> Value {
        let derivative = k * Foundation.pow(data, k - 1)
        return Value(Foundation.pow(data, k), parents: [(self, derivative)])
    }
}
// end listing

extension Value {
    // listing: backward
    /// Backpropagation: sets ∂self/∂self = 1, then visits every value that
    /// self depends on, each after all the values that use it (reverse
    /// topological order), adding grad · local derivative into its parents.
    public func backward() {
        var order: [Value] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ v: Value) {
            guard seen.insert(ObjectIdentifier(v)).inserted else { return }
            for p in v.parents { visit(p.value) }
            order.append(v)  // after all its parents: topological order
        }
        visit(self)
        grad = 1
        for v in order.reversed() {
            for p in v.parents { p.value.grad += p.derivative * v.grad }
        }
    }
    // end listing
}

extension Value: CustomStringConvertible {
    public var description: String {
        String(format: "Value(data: %.4f, grad: %.4f)", data, grad)
    }
}
