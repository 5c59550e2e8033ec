extension Tape {
    // listing: embedding
    /// Looks up one row of `table` per token id.
    ///
    ///   table: [vocab, d]   ids: shape.product ids  →  [shape..., d]
    public func embedding(_ table: Variable, ids: [Int32],
                          shape: [Int]) -> Variable {
        precondition(table.value.rank == 2, "embedding: table must be 2-D")
        precondition(shape.reduce(1, *) == ids.count,
                     "embedding: \(ids.count) ids for shape \(shape)")
        let (vocab, d) = (table.shape[0], table.shape[1])
        let y = output(shape + [d], of: table, zeroed: false)
        let (W, Y) = (table.value.data, y.value.data)
        parallelRows(ids.count, columns: d) { i in
            let id = Int(ids[i])
            precondition(id >= 0 && id < vocab,
                         "embedding: id \(id) not in 0..<\(vocab)")
            (Y + i * d).update(from: W + id * d, count: d)
        }
        record(y) {
            // Scatter-add: a token seen k times gets k gradient rows. Serial,
            // since two positions may hold the same id.
            let (dW, dY) = (table.gradient.data, y.gradient.data)
            for (i, id) in ids.enumerated() {
                let row = dW + Int(id) * d
                zipMap(dY + i * d, row, row, count: d, +)
            }
        }
        return y
    }
    // end listing
}
