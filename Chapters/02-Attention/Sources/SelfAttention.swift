import Book

// listing: simple-attention
/// Self-attention with no trainable weights, the idea in four lines: every
/// token scores every other by a dot product, the scores become weights by
/// a softmax, and each token's context vector is the weighted average of
/// all the tokens.
///
///   x: [T, d]  →  weights [T, T], context [T, d]
public func simpleSelfAttention(_ tape: Tape, _ x: Variable)
    -> (weights: Variable, context: Variable)
{
    let scores = tape.matmul(x, x, transposeB: true)  // [T, T]: xᵢ · xⱼ
    let weights = tape.softmax(scores)                 // each row sums to 1
    let context = tape.matmul(weights, x)              // [T, d]
    return (weights, context)
}
// end listing
