/// How a tensor's numbers are stored in a GGUF file (ggml's `ggml_type`).
/// The quantized types cut each row into blocks of 32 values; a block
/// keeps one or two 16-bit floats (a scale, perhaps a minimum) and a small
/// integer per value. We implement the five that SmolLM2's file and our
/// exports use; the others are named, so an error can say what a file has.
public enum GGMLType: UInt32, Sendable, CaseIterable {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q8_0 = 8

    /// Values per block: 1 for the float types, 32 for the quantized ones.
    public var blockSize: Int {
        switch self {
        case .f32, .f16: 1
        case .q4_0, .q4_1, .q8_0: 32
        }
    }

    /// Bytes per block (`Q4_0`: a 16-bit scale and 32 4-bit values).
    public var bytesPerBlock: Int {
        switch self {
        case .f32: 4
        case .f16: 2
        case .q4_0: 2 + 16
        case .q4_1: 2 + 2 + 16
        case .q8_0: 2 + 32
        }
    }

    /// Bits of storage per value: 32, 16, 4.5, 5 and 8.5.
    public var bitsPerValue: Double {
        Double(bytesPerBlock * 8) / Double(blockSize)
    }

    public var name: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q8_0: "Q8_0"
        }
    }

    /// ggml's names for every type id, for "unsupported tensor type" errors.
    static func name(ofID id: UInt32) -> String {
        let names = ["F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1",
                     "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K",
                     "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",
                     "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M",
                     "BF16"]
        return id < names.count ? "\(names[Int(id)]) (\(id))" : "\(id)"
    }
}
