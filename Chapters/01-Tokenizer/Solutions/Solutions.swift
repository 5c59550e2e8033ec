import Book
import Corpus
import Tokenizer

// Answers to the chapter 1 exercises.

/// 1.1: one pass over the adjacent pairs.
public func countPairs(_ ids: [Int]) throws -> [TokenPair: Int] {
    var counts: [TokenPair: Int] = [:]
    for (left, right) in zip(ids, ids.dropFirst()) {
        counts[TokenPair(left, right), default: 0] += 1
    }
    return counts
}

/// 1.2: a merged pair consumes both of its ids, so scanning skips two.
public func applyMerge(_ pair: TokenPair, into id: Int, in ids: [Int]) throws -> [Int] {
    var merged: [Int] = []
    var i = 0
    while i < ids.count {
        if i + 1 < ids.count && ids[i] == pair.left && ids[i + 1] == pair.right {
            merged.append(id)
            i += 2
        } else {
            merged.append(ids[i])
            i += 1
        }
    }
    return merged
}

/// 1.3: count visible characters and the symbols among them.
public func symbolRatio(_ block: String) throws -> Double {
    var visible = 0, symbols = 0
    for scalar in block.unicodeScalars where !scalar.properties.isWhitespace {
        visible += 1
        let isDigit = scalar.isASCII && ("0"..."9").contains(scalar)
        if !scalar.properties.isAlphabetic && !isDigit
            && !BlockMeasures.ordinaryPunctuation.contains(scalar) {
            symbols += 1
        }
    }
    return visible == 0 ? 0 : Double(symbols) / Double(visible)
}

/// 1.4: the 128-bit product's remainder modulo p, plus b, modulo p again.
public func minHashSignature(of shingles: [UInt64], a: [UInt64],
                             b: [UInt64]) throws -> [UInt64] {
    let p: UInt64 = (1 << 61) - 1
    return zip(a, b).map { a, b in
        shingles.map { x in
            let product = p.dividingFullWidth(a.multipliedFullWidth(by: x % p)).remainder
            return (product + b) % p  // both below 2⁶¹: no overflow
        }.min() ?? .max
    }
}
