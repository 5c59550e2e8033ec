// listing: readme-example
/// The expression from micrograd's README, line for line. Returns the output
/// g and the inputs a and b, with gradients filled in by `g.backward()`.
public func microgradReadmeExample() -> (g: Value, a: Value, b: Value) {
    let a = Value(-4), b = Value(2)
    var c = a + b
    var d = a * b + b.pow(3)
    c = c + c + Value(1)
    c = c + Value(1) + c + -a
    d = d + d * Value(2) + (b + a).relu()
    d = d + Value(3) * d + (b - a).relu()
    let e = c - d
    let f = e.pow(2)
    var g = f * Value(0.5)
    g = g + Value(10) * f.pow(-1)
    g.backward()
    return (g, a, b)
}
// end listing
