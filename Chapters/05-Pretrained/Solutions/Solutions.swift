import Book
import Foundation
import Pretrained

// Chapter 5 — answers to the exercises in ../Exercises.

public func dequantizeQ4_1(_ block: [UInt8]) throws -> [Float] {
    let d = Float(float16Bits: UInt16(block[0]) | UInt16(block[1]) << 8)
    let m = Float(float16Bits: UInt16(block[2]) | UInt16(block[3]) << 8)
    var values = [Float](repeating: 0, count: 32)
    for j in 0..<16 {
        values[j] = d * Float(block[4 + j] & 0x0f) + m
        values[j + 16] = d * Float(block[4 + j] >> 4) + m
    }
    return values
}

public func attendWithCache(query: [Float], key: [Float], value: [Float],
                            keys: inout [[Float]], values: inout [[Float]]) throws -> [Float] {
    keys.append(key)
    values.append(value)
    let scale = 1 / Float(query.count).squareRoot()
    let scores = keys.map { k in zip(query, k).reduce(0) { $0 + $1.0 * $1.1 } * scale }
    let top = scores.max()!
    let weights = scores.map { exp($0 - top) }
    let total = weights.reduce(0, +)
    var out = [Float](repeating: 0, count: query.count)
    for (w, v) in zip(weights, values) {
        for i in out.indices { out[i] += w / total * v[i] }
    }
    return out
}

public func chatPrompt(_ messages: [(role: String, content: String)],
                       defaultSystem: String) throws -> String {
    var text = messages.first?.role == "system"
        ? "" : "<|im_start|>system\n\(defaultSystem)<|im_end|>\n"
    for (role, content) in messages {
        text += "<|im_start|>\(role)\n\(content)<|im_end|>\n"
    }
    return text + "<|im_start|>assistant\n"
}
