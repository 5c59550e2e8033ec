import Book
import Foundation
import Finetuning

// Chapter 6 solutions: the chapter's own way, written out small.

public func maskedSequence(prompt: [Int32], reply: [Int32]) throws
    -> (ids: [Int32], targets: [Int32])
{
    let all = prompt + reply
    let targets = (1..<all.count).map { next in next < prompt.count ? Int32(-100) : all[next] }
    return (Array(all.dropLast()), targets)
}

public func loraForward(x: [Float], w: [[Float]], a: [[Float]], b: [[Float]],
                        alpha: Float) throws -> [Float] {
    func times(_ m: [[Float]], _ v: [Float]) -> [Float] {
        m.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
    }
    let scale = alpha / Float(a.count)
    return zip(times(w, x), times(b, times(a, x))).map { $0 + scale * $1 }
}

public func mergeAdapter(w: [[Float]], a: [[Float]], b: [[Float]], alpha: Float) throws
    -> [[Float]]
{
    let scale = alpha / Float(a.count)
    return w.indices.map { i in
        w[i].indices.map { j in
            w[i][j] + scale * a.indices.reduce(0) { $0 + b[i][$1] * a[$1][j] }
        }
    }
}

public func isExactMatch(_ reply: String, answer: String) throws -> Bool {
    func normalized(_ text: String) -> String {
        var line = text.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
        if line.hasSuffix(".") { line.removeLast() }
        return line.lowercased()
    }
    return normalized(reply) == normalized(answer)
}
