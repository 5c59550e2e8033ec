import Foundation
import XCTest
@testable import Book

/// Tests/Fixtures/safetensors/<name>, made by make_fixture.py there.
private func fixture(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/safetensors/\(name)")
}

/// Bit patterns compare NaN, -0 and infinities exactly.
private func bits(_ tensor: Tensor) -> [UInt32] { tensor.scalars.map(\.bitPattern) }

final class SafetensorsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeIOTestDirectory("SafetensorsTests")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func testRoundTripKeepsNamesShapesValuesAndMetadata() throws {
        var random = RandomGenerator(seed: 7)
        let matrix = Tensor(shape: [3, 5], (0 ..< 15).map { _ in Float(random.normal()) })
        let tall = Tensor(shape: [4, 2], (0 ..< 8).map(Float.init))
        let tensors: [String: Tensor] = [
            "matrix": matrix,
            "special": Tensor(shape: [5],
                              [.nan, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude]),
            "scalar": Tensor(shape: [], [42]),
            "empty": Tensor(zeros: [0, 7]),
            "view": tall.rows(1 ..< 3),  // a view at an offset: rows 1 and 2
        ]
        let metadata = ["step": "1200", "note": "ünïcode / \"quotes\"\n"]
        let url = directory.appendingPathComponent("model.safetensors")
        try SafetensorsFile.write(tensors, metadata: metadata, to: url)

        let file = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(file.entries.map(\.name), ["empty", "matrix", "scalar", "special", "view"])
        XCTAssertEqual(file.entries.map(\.dtype), Array(repeating: "F32", count: 5))
        XCTAssertEqual(file.metadata, metadata)
        for (name, original) in tensors {
            let loaded = try file.tensor(named: name)
            XCTAssertEqual(loaded.shape, original.shape, name)
            XCTAssertEqual(bits(loaded), bits(original), name)
        }
        XCTAssertEqual(try file.tensor(named: "view").scalars, [2, 3, 4, 5])
        XCTAssertEqual(try file.tensors().keys.sorted(), tensors.keys.sorted())

        // The header is padded so the data starts 8-byte aligned.
        let bytes = try Data(contentsOf: url)
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(headerLength % 8, 0)
        XCTAssertEqual(bytes.count, 8 + headerLength + (15 + 5 + 1 + 0 + 4) * 4)
    }

    func testWritesTheReferenceLibrarysBytesExactly() throws {
        let tensors: [String: Tensor] = [
            "layers.0/attn.weight": Tensor(shape: [3, 4], (0 ..< 12).map { Float($0) * 0.5 - 2 }),
            "bias": Tensor(shape: [3], [-1.5, 0, 2.25]),
            "scale": Tensor(shape: [], [3]),
            "empty": Tensor(zeros: [0, 4]),
            "été": Tensor(shape: [1], [7]),
        ]
        let url = directory.appendingPathComponent("exact.safetensors")
        try SafetensorsFile.write(
            tensors, metadata: ["note": "a \"quoted\" \\ path/x\n\t\u{01} é"], to: url)
        XCTAssertEqual(try Data(contentsOf: url),
                       try Data(contentsOf: fixture("exact.safetensors")))
    }

    func testReadsReferenceF32F16AndBF16Values() throws {
        struct Expected: Decodable {
            let dtype: String
            let shape: [Int]
            let float32_bits: [UInt32]
        }
        let expected = try readJSON([String: Expected].self, from: fixture("mixed.json"))
        let file = try SafetensorsFile(contentsOf: fixture("mixed.safetensors"))
        XCTAssertEqual(file.metadata, ["format": "np"])
        XCTAssertEqual(file.entries.map(\.name),
                       ["brain", "empty", "half", "int8", "scalar", "weight"])
        XCTAssertEqual(expected.count, 5)
        for (name, want) in expected {
            let entry = try XCTUnwrap(file.entries.first { $0.name == name })
            XCTAssertEqual(entry.dtype, want.dtype, name)
            let tensor = try file.tensor(named: name)
            XCTAssertEqual(tensor.shape, want.shape, name)
            XCTAssertEqual(bits(tensor), want.float32_bits, name)
        }
    }

    func testListsButRefusesToLoadOtherDTypes() throws {
        let url = fixture("mixed.safetensors")
        let file = try SafetensorsFile(contentsOf: url)
        let int8 = try XCTUnwrap(file.entries.first { $0.name == "int8" })
        XCTAssertEqual(int8.dtype, "I8")
        XCTAssertEqual(int8.shape, [3])
        XCTAssertEqual(int8.dataOffsets.count, 3)
        let message = "\(url.path): tensor 'int8' has dtype I8; "
            + "only F32, F16 and BF16 can be loaded"
        XCTAssertThrowsError(try file.tensor(named: "int8")) { XCTAssertEqual("\($0)", message) }
        XCTAssertThrowsError(try file.tensors()) { XCTAssertEqual("\($0)", message) }
        XCTAssertThrowsError(try file.tensor(named: "nope")) {
            XCTAssertEqual("\($0)", "\(url.path): no tensor named 'nope'")
        }
    }

    func testWriterRejectsTheReservedName() {
        let url = directory.appendingPathComponent("bad.safetensors")
        let tensors = ["__metadata__": Tensor(zeros: [1])]
        XCTAssertThrowsError(try SafetensorsFile.write(tensors, to: url)) {
            XCTAssertEqual("\($0)",
                           "\(url.path): '__metadata__' is reserved and cannot name a tensor")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testFloat16ConversionAgreesWithSwiftFloat16OnEveryBitPattern() {
        #if !(os(macOS) && arch(x86_64))  // Float16 is missing there
        for pattern in 0 ... UInt16.max {
            let ours = Float(float16Bits: pattern)
            let swift = Float(Float16(bitPattern: pattern))
            if swift.isNaN {
                // Hardware conversion may quiet a signaling NaN; we keep its bits.
                XCTAssertTrue(ours.isNaN, "\(pattern)")
                XCTAssertEqual(ours.sign, swift.sign, "\(pattern)")
            } else {
                XCTAssertEqual(ours.bitPattern, swift.bitPattern, "\(pattern)")
            }
        }
        #endif
    }

    func testHalfPrecisionKnownValues() {
        XCTAssertEqual(Float(float16Bits: 0x3C00), 1)
        XCTAssertEqual(Float(float16Bits: 0x7BFF), 65504)
        XCTAssertEqual(Float(float16Bits: 0x3555), 0.333251953125)
        XCTAssertEqual(Float(float16Bits: 0x0001), 0x1p-24)
        XCTAssertEqual(Float(float16Bits: 0x83FF), -1023 * 0x1p-24)
        XCTAssertEqual(Float(float16Bits: 0x8000).bitPattern, (-Float.zero).bitPattern)
        XCTAssertEqual(Float(float16Bits: 0xFC00), -.infinity)
        XCTAssertEqual(Float(float16Bits: 0x7D01).bitPattern, 0x7FA0_2000)  // payload kept
        XCTAssertEqual(Float(bfloat16Bits: 0x3F80), 1)
        XCTAssertEqual(Float(bfloat16Bits: 0xC000), -2)
        XCTAssertEqual(Float(bfloat16Bits: 0x0001), 0x1p-133)
        XCTAssertEqual(Float(bfloat16Bits: 0x7F80), .infinity)
        XCTAssertTrue(Float(bfloat16Bits: 0x7FC0).isNaN)
    }
}

/// Malformed files: each gives one message naming the file and the fault.
final class SafetensorsMalformedTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeIOTestDirectory("SafetensorsMalformedTests")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Raw bytes in a file called `bad.safetensors`.
    private func file(_ bytes: [UInt8]) throws -> URL {
        let url = directory.appendingPathComponent("bad.safetensors")
        try Data(bytes).write(to: url)
        return url
    }

    /// A file with this header, its length in front, and `dataSize` zero bytes.
    private func file(header: [UInt8], dataSize: Int = 0) throws -> URL {
        try file(withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
            + header + Array(repeating: 0, count: dataSize))
    }

    private func file(header: String, dataSize: Int = 0) throws -> URL {
        try file(header: Array(header.utf8), dataSize: dataSize)
    }

    /// Opening and loading everything fails with exactly "<path>: <problem>".
    private func assertRejects(_ url: URL, _ problem: String, line: UInt = #line) {
        XCTAssertThrowsError(try SafetensorsFile(contentsOf: url).tensors(), line: line) { error in
            XCTAssertTrue(error is FileError, "\(type(of: error))", line: line)
            XCTAssertEqual("\(error)", "\(url.path): \(problem)", line: line)
        }
    }

    /// A file whose header maps each name to the given JSON text.
    private func file(tensors: KeyValuePairs<String, String>, dataSize: Int = 0) throws -> URL {
        let fields = tensors.map { "\"\($0.key)\":\($0.value)" }
        return try file(header: "{\(fields.joined(separator: ","))}", dataSize: dataSize)
    }

    /// One tensor's header entry, as JSON text.
    private func entry(_ shape: String, _ offsets: String, dtype: String = "F32") -> String {
        #"{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}"#
    }

    func testTooShortForTheHeaderLength() throws {
        assertRejects(try file([1, 2, 3, 4, 5]),
                      "file is 5 bytes, too short for the 8-byte header length")
        assertRejects(try file([]), "file is 0 bytes, too short for the 8-byte header length")
    }

    func testHeaderLengthZeroOrPastTheEnd() throws {
        assertRejects(try file(Array(repeating: 0, count: 16)),
                      "header length is 0, but a header holds at least '{}'")
        let length = withUnsafeBytes(of: UInt64(1_000_000).littleEndian, Array.init)
        assertRejects(try file(length + Array(repeating: 32, count: 112)),
                      "header length 1000000 runs past the end of the file (120 bytes)")
        assertRejects(try file(Array(repeating: 0xFF, count: 20)),  // 2^64 - 1
                      "header length \(UInt64.max) runs past the end of the file (20 bytes)")
    }

    func testTruncatedFiles() throws {
        let url = directory.appendingPathComponent("whole.safetensors")
        try SafetensorsFile.write(["w": Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])], to: url)
        let whole = Array(try Data(contentsOf: url))
        let headerLength = whole.count - 24 - 8
        assertRejects(try file(Array(whole.prefix(18))),
                      "header length \(headerLength) runs past the end of the file (18 bytes)")
        assertRejects(try file(Array(whole.dropLast(4))),
                      "tensor 'w' data_offsets [0, 24] run past the end of the data (20 bytes)")
    }

    func testHeaderThatIsNotAJSONObject() throws {
        assertRejects(try file(header: "{not json"), "header is not valid JSON")
        assertRejects(try file(header: [0x7B, 0xFF, 0x7D]), "header is not valid JSON")  // not UTF-8
        let deep = "{\"w\":" + String(repeating: "[", count: 100_000) + "}"
        assertRejects(try file(header: deep), "header is not valid JSON")  // no stack overflow
        assertRejects(try file(header: "[1, 2]"), "header is not a JSON object")
        assertRejects(try file(header: #"{"w": 3}"#), "tensor 'w' is not a JSON object")
    }

    func testMissingOrMistypedFields() throws {
        assertRejects(try file(tensors: ["w": #"{"shape":[1],"data_offsets":[0,4]}"#], dataSize: 4),
                      "tensor 'w' has no 'dtype'")
        assertRejects(try file(tensors: ["w": #"{"dtype":"F32","data_offsets":[0,4]}"#], dataSize: 4),
                      "tensor 'w' has no 'shape'")
        assertRejects(try file(tensors: ["w": #"{"dtype":7,"shape":[1],"data_offsets":[0,4]}"#]),
                      "tensor 'w' has a 'dtype' that is not a string")
        for shape in ["[true]", "[1.5]", "[1e30]", "[18446744073709551616]", "\"3\"", "[[1]]"] {
            assertRejects(try file(tensors: ["w": entry(shape, "[0,4]")], dataSize: 4),
                          "tensor 'w' has a 'shape' that is not a list of integers")
        }
        assertRejects(try file(tensors: ["w": entry("[1]", "[0,null]")], dataSize: 4),
                      "tensor 'w' has a 'data_offsets' that is not a list of integers")
        assertRejects(try file(tensors: ["__metadata__": "[1]"]),
                      "__metadata__ is not a JSON object")
        assertRejects(try file(tensors: ["__metadata__": #"{"k":1}"#]),
                      "__metadata__ 'k' is not a string (metadata maps strings to strings)")
    }

    func testBadDataOffsets() throws {
        for (offsets, shown) in [("[0]", "[0]"), ("[0,4,8]", "[0, 4, 8]"),
                                 ("[8,4]", "[8, 4]"), ("[-4,0]", "[-4, 0]")] {
            assertRejects(try file(tensors: ["w": entry("[1]", offsets)], dataSize: 8),
                          "tensor 'w' has data_offsets \(shown), "
                              + "not [begin, end] with 0 <= begin <= end")
        }
        assertRejects(try file(tensors: ["w": entry("[10,20]", "[0,400]")], dataSize: 400),
                      "tensor 'w' has data_offsets [0, 400] but F32 [10, 20] needs 800 bytes")
        assertRejects(try file(tensors: ["w": entry("[10,20]", "[0,800]")], dataSize: 600),
                      "tensor 'w' data_offsets [0, 800] run past the end of the data (600 bytes)")
        assertRejects(try file(tensors: ["w": entry("[3]", "[0,3]", dtype: "I8")], dataSize: 2),
                      "tensor 'w' data_offsets [0, 3] run past the end of the data (2 bytes)")
    }

    func testNegativeAndOverflowingShapes() throws {
        assertRejects(try file(tensors: ["w": entry("[-1,3]", "[0,12]")], dataSize: 12),
                      "tensor 'w' has shape [-1, 3] with a negative dimension")
        let twoTo62 = 4_611_686_018_427_387_904
        assertRejects(try file(tensors: ["w": entry("[\(twoTo62),\(twoTo62)]", "[0,8]")], dataSize: 8),
                      "tensor 'w' has shape [\(twoTo62), \(twoTo62)], too large to address")
        // 2^62 elements fit an Int; their 2^64 bytes do not.
        assertRejects(try file(tensors: ["w": entry("[\(twoTo62)]", "[0,8]")], dataSize: 8),
                      "tensor 'w' has shape [\(twoTo62)], too large to address")
        // A zero first makes every partial product zero: an empty tensor, not a trap.
        let empty = try SafetensorsFile(contentsOf: try file(
            tensors: ["w": entry("[0,\(twoTo62),\(twoTo62)]", "[0,0]")]))
        XCTAssertEqual(try empty.tensor(named: "w").count, 0)
    }

    func testTensorsMustTileTheData() throws {
        let two = "[2]"
        assertRejects(try file(tensors: ["a": entry(two, "[0,8]"), "b": entry(two, "[4,12]")],
                               dataSize: 12),
                      "tensors 'a' and 'b' overlap in the data")
        assertRejects(try file(tensors: ["a": entry(two, "[0,8]"), "b": entry(two, "[12,20]")],
                               dataSize: 20),
                      "bytes 8..<12 of the data belong to no tensor")
        assertRejects(try file(tensors: ["a": entry(two, "[0,8]")], dataSize: 12),
                      "bytes 8..<12 of the data belong to no tensor")
    }

    func testUnknownDTypeIsListedButNotLoaded() throws {
        let url = try file(tensors: ["q": entry("[4]", "[0,2]", dtype: "Q9"),
                                     "w": entry("[1]", "[2,6]")],
                           dataSize: 6)
        let file = try SafetensorsFile(contentsOf: url)
        XCTAssertEqual(file.entries.map(\.dtype), ["Q9", "F32"])
        XCTAssertEqual(try file.tensor(named: "w").scalars, [0])
        XCTAssertThrowsError(try file.tensor(named: "q")) {
            XCTAssertEqual("\($0)", "\(url.path): tensor 'q' has dtype Q9; "
                + "only F32, F16 and BF16 can be loaded")
        }
    }

    func testMissingFileAndDirectory() throws {
        let missing = directory.appendingPathComponent("missing.safetensors")
        assertRejects(missing, "cannot open: No such file or directory")
        assertRejects(directory, "not a regular file")
    }

    /// Whatever the bytes, opening and loading throws or succeeds; it never traps.
    func testRandomCorruptionNeverCrashes() throws {
        let original = Array(try Data(contentsOf: fixture("mixed.safetensors")))
        var random = RandomGenerator(seed: 2024)
        var rejected = 0
        for _ in 0 ..< 400 {
            var bytes = original
            for _ in 0 ... random.int(below: 3) {
                // Mostly the header, where the structure is.
                let index = random.int(below: random.int(below: 4) == 0 ? bytes.count : 100)
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            }
            if random.int(below: 4) == 0 { bytes.removeLast(random.int(below: bytes.count)) }
            let url = try file(bytes)
            do {
                let file = try SafetensorsFile(contentsOf: url)
                for entry in file.entries where ["F32", "F16", "BF16"].contains(entry.dtype) {
                    XCTAssertEqual(try file.tensor(named: entry.name).shape, entry.shape)
                }
            } catch let error as FileError {
                XCTAssertTrue("\(error)".hasPrefix(url.path + ": "))
                rejected += 1
            }
        }
        XCTAssertGreaterThan(rejected, 100)
    }
}
