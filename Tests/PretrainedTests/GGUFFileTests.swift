import Book
import Foundation
import Model
import XCTest
@testable import Pretrained

final class GGUFFileTests: XCTestCase {
    func testWrittenFileReadsBack() throws {
        let dir = try TinyModel.directory(self)
        let model = try TinyModel.model()
        let file = try GGUFFile(contentsOf: TinyModel.write(model, as: .f32, in: dir))
        XCTAssertEqual(file.version, 3)
        XCTAssertEqual(file.alignment, 32)
        XCTAssertEqual(file["general.architecture"], .string("llama"))
        XCTAssertEqual(try ModelConfig(gguf: file), TinyModel.config)
        XCTAssertEqual(file.tensors.count, model.namedParameters.count)
        // F32 round trip is exact, including the Q/K row permutation and back.
        let loaded = try LlamaModel(gguf: file)
        for ((name, a), (_, b)) in zip(model.namedParameters, loaded.namedParameters) {
            XCTAssertEqual(a.value.scalars, b.value.scalars, name)
        }
        let embedding = try XCTUnwrap(file.tensor(named: "token_embd.weight"))
        XCTAssertEqual(embedding.shape, [64, 265])
        XCTAssertEqual(embedding.offset % 32, 0)
    }

    func testEveryValueTypeRoundTrips() throws {
        var writer = GGUFWriter()
        let values: [GGUFValue] = [
            .uint8(200), .int8(-100), .uint16(60_000), .int16(-30_000), .uint32(4_000_000_000),
            .int32(-2_000_000_000), .uint64(1 << 60), .int64(-(1 << 60)), .float32(1.5),
            .float64(-2.25), .bool(true), .string("héllo"),
            .array([.string("a"), .string("b")]), .array([.array([.int32(1), .int32(2)])]),
        ]
        writer.metadata = values.enumerated().map { ("key.\($0)", $1) }
        let url = try TinyModel.directory(self).appendingPathComponent("values.gguf")
        try writer.write(to: url)
        let file = try GGUFFile(contentsOf: url)
        XCTAssertEqual(file.metadata.map(\.value), values)
        XCTAssertTrue(file.tensors.isEmpty)
    }

    // MARK: Bad input: one error naming the file and the field.

    /// The tiny model's Q8_0 file, as bytes to break.
    func validBytes() throws -> [UInt8] {
        let url = try TinyModel.write(TinyModel.model(), as: .q8_0, in: TinyModel.directory(self))
        return Array(try Data(contentsOf: url))
    }

    func assertError(_ bytes: [UInt8], _ expected: String,
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let url = try TinyModel.directory(self).appendingPathComponent("bad.gguf")
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try PretrainedModel(contentsOf: url), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix(url.path), message, file: file, line: line)
            XCTAssertTrue(message.contains(expected), "'\(message)' lacks '\(expected)'",
                          file: file, line: line)
        }
    }

    /// Overwrites the little-endian integer at `offset`.
    func patched<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, _ value: T) -> [UInt8] {
        var bytes = bytes
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (i, byte) in raw.enumerated() { bytes[offset + i] = byte }
        }
        return bytes
    }

    /// Where the first tensor info starts: after every metadata pair.
    func tensorInfoOffset(_ bytes: [UInt8]) throws -> Int {
        let url = try TinyModel.directory(self).appendingPathComponent("ok.gguf")
        try Data(bytes).write(to: url)
        let file = try GGUFFile(contentsOf: url)
        // Re-walk the header with the reader to find the position.
        return try bytes.withUnsafeBytes { raw in
            var reader = GGUFReader(bytes: raw, url: url)
            _ = try reader.bytes(4 + 4 + 8 + 8, for: "header")
            for _ in file.metadata {
                _ = try reader.string(for: "key")
                let type = try reader.read(UInt32.self, for: "type")
                _ = try reader.value(ofType: type, for: "value")
            }
            return reader.position
        }
    }

    func testBadFiles() throws {
        let good = try validBytes()
        try assertError([], "truncated: magic needs 4 bytes")
        try assertError(Array(good.prefix(200)), "is more than the 184 bytes left")
        try assertError(Array(good.prefix(3000)), "truncated")
        try assertError(Array("GGML".utf8) + good.dropFirst(4), "not a GGUF file")
        try assertError(patched(good, at: 4, UInt32(1)), "unsupported GGUF version 1")
        try assertError(patched(good, at: 8, UInt64(1) << 40), "tensor count")
        // The first key's length, larger than the file.
        try assertError(patched(good, at: 24, UInt64(1) << 50), "runs past the end")
        let info = try tensorInfoOffset(good)
        // The first tensor info: name, 2 dimensions, type, offset.
        let nameLength = Int(good[info])
        let dims = info + 8 + nameLength
        let type = dims + 4 + 2 * 8
        try assertError(patched(good, at: type, UInt32(14)),
                        "unsupported tensor type Q6_K (14) for tensor 'token_embd.weight'")
        try assertError(patched(good, at: dims + 4 + 8, UInt64(1) << 30), "runs past the end")
        // The second tensor's offset moved onto the first's bytes.
        let second = type + 4 + 8
        let secondName = Int(good[second])
        let secondType = second + 8 + secondName + 4 + 8  // a vector: one dimension
        try assertError(patched(good, at: secondType + 4, UInt64(32)), "overlap")
        try assertError(patched(good, at: dims, UInt32(7)), "has 7 dimensions")
    }

    func testUnimplementedArchitectureAndShortContext() throws {
        var writer = GGUFWriter()
        writer.metadata = [("general.architecture", .string("gpt2"))]
        let url = try TinyModel.directory(self).appendingPathComponent("gpt2.gguf")
        try writer.write(to: url)
        XCTAssertThrowsError(try ModelConfig(gguf: GGUFFile(contentsOf: url))) {
            XCTAssertTrue("\($0)".contains("'gpt2'; this chapter runs 'llama' models only"), "\($0)")
        }
    }

    /// Corrupted files are errors, never crashes (`make bench` runs 10,000).
    func testFuzzedFilesNeverCrash() throws {
        let result = try GGUFFuzzer(valid: validBytes(), directory: TinyModel.directory(self))
            .run(cases: 300, seed: 7)
        XCTAssertEqual(result.loaded + result.rejected, 300)
        XCTAssertGreaterThan(result.rejected, 100)  // most corruptions are caught
    }
}
