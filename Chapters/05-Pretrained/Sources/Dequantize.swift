import Book

extension GGUFFile {
    /// The values of `tensor` as Float32, row-major: [rows, columns] for a
    /// matrix, [columns] for a vector. Quantized blocks are expanded by
    /// `QuantizedBlock.dequantize`; this is the readable path that every
    /// fast kernel in the chapter is tested against.
    public func dequantized(_ tensor: GGUFTensor) -> Tensor {
        let shape = tensor.shape.count == 1 ? tensor.shape : [tensor.rows, tensor.columns]
        let out = Tensor(zeros: shape)
        dequantize(data(of: tensor), type: tensor.type, count: tensor.count, into: out.data)
        return out
    }
}

/// Expands `count` values of `type` stored in `bytes` into `out`.
public func dequantize(_ bytes: UnsafeRawBufferPointer, type: GGMLType, count: Int,
                       into out: UnsafeMutablePointer<Float>) {
    let base = bytes.baseAddress!
    switch type {
    case .f32:
        for i in 0..<count { out[i] = base.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
    case .f16:
        for i in 0..<count {
            out[i] = Float(float16Bits: base.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
        }
    case .q4_0, .q4_1, .q8_0:
        for b in 0..<count / 32 {
            QuantizedBlock.dequantize(type, base + b * type.bytesPerBlock, into: out + 32 * b)
        }
    }
}

/// Quantizes `count` values (a multiple of the block size) from `x` into
/// bytes of `type`.
public func quantize(_ x: UnsafePointer<Float>, count: Int, as type: GGMLType) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count / type.blockSize * type.bytesPerBlock)
    bytes.withUnsafeMutableBytes { raw in
        let base = raw.baseAddress!
        switch type {
        case .f32:
            for i in 0..<count { base.storeBytes(of: x[i], toByteOffset: 4 * i, as: Float.self) }
        case .f16:
            for i in 0..<count {
                base.storeBytes(of: float16Bits(x[i]), toByteOffset: 2 * i, as: UInt16.self)
            }
        case .q4_0, .q4_1, .q8_0:
            for b in 0..<count / 32 {
                QuantizedBlock.quantize(type, x + 32 * b, into: base + b * type.bytesPerBlock)
            }
        }
    }
    return bytes
}
