import Book
import Pretrained

// Chapter 5 exercises. Replace each `throw` with your code, then run
// `make exercises CH=5`. The answers are in ../Solutions — try first!

/// Exercise 5.1 — the 32 values of one Q4_1 block, given as its 20 bytes:
/// a float16 scale d, a float16 minimum m, then 16 bytes whose low nibble
/// is value j and high nibble value j + 16. Each value is d · q + m.
/// (`Float(float16Bits:)` widens a float16.)
public func dequantizeQ4_1(_ block: [UInt8]) throws -> [Float] {
    throw ExerciseError.notImplemented("5.1")
}

/// Exercise 5.2 — one step of cached attention for one head: append `key`
/// and `value` to the cache (the rows seen so far), then return the
/// attention output of `query` over every cached position:
/// softmax(q · kᵢ / √d) weighted sum of the vᵢ.
public func attendWithCache(query: [Float], key: [Float], value: [Float],
                            keys: inout [[Float]], values: inout [[Float]]) throws -> [Float] {
    throw ExerciseError.notImplemented("5.2")
}

/// Exercise 5.3 — the ChatML prompt for `messages` (role, content pairs):
/// each as "<|im_start|>ROLE\nCONTENT<|im_end|>\n", a system message first
/// if the conversation has none (`defaultSystem`), and "<|im_start|>assistant\n"
/// at the end so the model answers.
public func chatPrompt(_ messages: [(role: String, content: String)],
                       defaultSystem: String) throws -> String {
    throw ExerciseError.notImplemented("5.3")
}
