import Foundation
import XCTest
@testable import book

final class InputsManifestTests: XCTestCase {
    func testSHA256KnownAnswers() {
        func hex(_ text: String) -> String { SHA256.hash(Data(text.utf8)).hexString }
        XCTAssertEqual(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // 56 bytes: the padding no longer fits in the first block.
        XCTAssertEqual(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(hex(String(repeating: "a", count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testSHA256InPiecesEqualsAtOnce() {
        let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        var hasher = SHA256()
        for start in stride(from: 0, to: data.count, by: 37) {
            hasher.update(data[start..<min(start + 37, data.count)])
        }
        XCTAssertEqual(hasher.finalize(), SHA256.hash(data))
    }

    private func makeRepository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("Package.swift", "// package")
        try repo.write("Sources/Book/Tensor/Tensor.swift", "struct Tensor {}")
        try repo.write("Sources/CBLAS/shim.h", "#include <cblas.h>")
        try repo.write("Sources/BookBuilder/main.swift", "// not an input")
        for name in ["01-Tokenizer", "02-Attention", "03-Model"] {
            try repo.write("Chapters/\(name)/chapter.md", "# \(name)")
            try repo.write("Chapters/\(name)/Sources/Code.swift", "// \(name)")
            try repo.write("Chapters/\(name)/Main/main.swift", "// \(name) notebook")
        }
        try repo.write("Chapters/A-Core/Main/main.swift", "// core notebook")
        return repo
    }

    private func hash(_ id: String, _ repo: TemporaryRepository, mode: Mode = .full) throws -> String {
        let layout = repo.layout(mode)
        let chapters = try Chapter.discover(in: layout)
        let chapter = try XCTUnwrap(chapters.first { $0.id == id })
        return try InputsManifest(for: chapter, among: chapters, layout: layout).hash
    }

    func testManifestListsTheRightFilesLikeSha256sum() throws {
        let repo = try makeRepository()
        let layout = repo.layout()
        let chapters = try Chapter.discover(in: layout)
        let manifest = try InputsManifest(for: chapters[1], among: chapters, layout: layout)
        XCTAssertEqual(manifest.entries.map(\.path), [
            "Chapters/01-Tokenizer/Sources/Code.swift",
            "Chapters/02-Attention/Main/main.swift",
            "Chapters/02-Attention/Sources/Code.swift",
            "Package.swift",
            "Sources/Book/Tensor/Tensor.swift",
            "Sources/CBLAS/shim.h",
        ])
        // The same line `sha256sum` prints for the file (checked with the system tool).
        XCTAssertTrue(manifest.text.hasPrefix("1f096ebce55e7e8d532ff21e1a05b37bd64b3136a8b6fa75f4de3c1d7ebc93ea"
            + "  Chapters/01-Tokenizer/Sources/Code.swift\n"))
        XCTAssertTrue(manifest.text.hasSuffix("  Sources/CBLAS/shim.h\nmode full\n"))
        XCTAssertEqual(manifest.hash, SHA256.hash(Data(manifest.text.utf8)).hexString)
    }

    func testHashFollowsSourcesButNotProse() throws {
        let repo = try makeRepository()
        let original = try hash("02", repo)
        XCTAssertEqual(try hash("02", repo), original)

        try repo.write("Chapters/02-Attention/chapter.md", "# Attention, rewritten")
        try repo.write("Chapters/03-Model/Sources/Code.swift", "// a later chapter")
        try repo.write("Sources/BookBuilder/main.swift", "// the builder changed")
        XCTAssertEqual(try hash("02", repo), original, "prose, later chapters and the builder are not inputs")
        XCTAssertNotEqual(try hash("02", repo, mode: .quick), original, "the mode is an input")

        for (path, text) in [("Sources/Book/Tensor/Tensor.swift", "struct Tensor { var shape: [Int] }"),
                             ("Sources/CBLAS/shim.h", "// changed"),
                             ("Chapters/01-Tokenizer/Sources/Code.swift", "// earlier chapter changed"),
                             ("Chapters/02-Attention/Main/main.swift", "// notebook changed"),
                             ("Chapters/02-Attention/Sources/New.swift", "// a new file"),
                             ("Package.swift", "// manifest changed")] {
            let before = try hash("02", repo)
            try repo.write(path, text)
            XCTAssertNotEqual(try hash("02", repo), before, "changing \(path) must rerun chapter 2")
        }
    }

    func testAppendixDependsOnEveryNumberedChapter() throws {
        let repo = try makeRepository()
        let before = try hash("A", repo)
        try repo.write("Chapters/03-Model/Sources/Code.swift", "// changed")
        XCTAssertNotEqual(try hash("A", repo), before)
    }
}
