import Foundation
import XCTest
@testable import bookbuilder
import Notebook

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
        try repo.write("Sources/Notebook/Notebook.swift", "struct Notebook {}")
        try repo.write("Sources/CBLAS/shim.h", "#include <cblas.h>")
        try repo.write("Sources/BookBuilder/main.swift", "// not an input")
        try repo.write("scripts/data.sh", "# sha256s")
        try repo.write("Tests/Fixtures/f.json", "{}")
        for name in ["01-Tokenizer", "02-Attention", "03-Model"] {
            try repo.write("Chapters/\(name)/chapter.md", "# \(name)")
            try repo.write("Chapters/\(name)/Sources/Code.swift", "// \(name)")
            try repo.write("Chapters/\(name)/Main/main.swift", "// \(name) notebook")
        }
        try repo.write("Chapters/01-Tokenizer/inputs.txt", "scripts/data.sh   # the data\n")
        try repo.write("Chapters/02-Attention/inputs.txt", """
            # what chapter 2 reads
            Chapters/01-Tokenizer
            Tests/Fixtures/f.json

            """)
        try repo.write("Chapters/A-Core/Main/main.swift", "// core notebook")
        return repo
    }

    private func hash(_ id: String, _ repo: TemporaryRepository, mode: RunMode = .full) throws -> String {
        try repo.currentInputs(id, mode: mode)
    }

    func testManifestListsTheRightFilesLikeSha256sum() throws {
        let repo = try makeRepository()
        let layout = repo.layout()
        let chapters = try Chapter.discover(in: layout)
        let manifest = try ChapterInputs.manifest(for: chapters[1], layout: layout)
        XCTAssertEqual(manifest.entries.map(\.path), [
            "Chapters/01-Tokenizer/Main/main.swift",
            "Chapters/01-Tokenizer/Sources/Code.swift",
            "Chapters/01-Tokenizer/inputs.txt",
            "Chapters/02-Attention/Main/main.swift",
            "Chapters/02-Attention/Sources/Code.swift",
            "Chapters/02-Attention/inputs.txt",
            "Package.swift",
            "Sources/Book/Tensor/Tensor.swift",
            "Sources/CBLAS/shim.h",
            "Sources/Notebook/Notebook.swift",
            "Tests/Fixtures/f.json",
            "scripts/data.sh",  // chapter 1's declaration comes with it
        ])
        // The same line `sha256sum` prints for the file (checked with the system tool).
        XCTAssertTrue(manifest.text.contains("1f096ebce55e7e8d532ff21e1a05b37bd64b3136a8b6fa75f4de3c1d7ebc93ea"
            + "  Chapters/01-Tokenizer/Sources/Code.swift\n"))
        XCTAssertTrue(manifest.text.hasSuffix("  scripts/data.sh\nmode full\n"))
        XCTAssertEqual(manifest.hash, SHA256.hash(Data(manifest.text.utf8)).hexString)
    }

    func testHashFollowsInputsButNotProse() throws {
        let repo = try makeRepository()
        let original = try hash("02", repo)
        XCTAssertEqual(try hash("02", repo), original)

        try repo.write("Chapters/02-Attention/chapter.md", "# Attention, rewritten")
        try repo.write("Chapters/01-Tokenizer/chapter.md", "# Tokenizer, rewritten")
        try repo.write("Chapters/03-Model/Sources/Code.swift", "// a later chapter")
        try repo.write("Sources/BookBuilder/main.swift", "// the builder changed")
        XCTAssertEqual(try hash("02", repo), original, "prose, later chapters and the builder are not inputs")
        XCTAssertNotEqual(try hash("02", repo, mode: .quick), original, "the mode is an input")

        for (path, text) in [("Sources/Book/Tensor/Tensor.swift", "struct Tensor { var shape: [Int] }"),
                             ("Sources/Notebook/Notebook.swift", "// changed"),
                             ("Sources/CBLAS/shim.h", "// changed"),
                             ("Chapters/01-Tokenizer/Sources/Code.swift", "// earlier chapter changed"),
                             ("Chapters/01-Tokenizer/Main/main.swift", "// earlier notebook changed"),
                             ("scripts/data.sh", "# other data"),
                             ("Tests/Fixtures/f.json", "[]"),
                             ("Chapters/02-Attention/Main/main.swift", "// notebook changed"),
                             ("Chapters/02-Attention/Sources/New.swift", "// a new file"),
                             ("Package.swift", "// manifest changed")] {
            let before = try hash("02", repo)
            try repo.write(path, text)
            XCTAssertNotEqual(try hash("02", repo), before, "changing \(path) must rerun chapter 2")
        }
    }

    func testOnlyPackageSettingsAreInputs() throws {
        let repo = try makeRepository()
        try repo.write("Package.swift", "let native = [\"-O\"]\n// book inputs: end\nlet targets = [1]\n")
        let before = try hash("02", repo)
        try repo.write("Package.swift", "let native = [\"-O\"]\n// book inputs: end\nlet targets = [1, 5]\n")
        XCTAssertEqual(try hash("02", repo), before, "a new chapter's target reruns nothing")
        try repo.write("Package.swift", "let native = [\"-Onone\"]\n// book inputs: end\nlet targets = [1, 5]\n")
        XCTAssertNotEqual(try hash("02", repo), before, "a build setting reruns every chapter")
    }

    func testUndeclaredChaptersAreNotInputs() throws {
        let repo = try makeRepository()
        let before = try hash("A", repo)
        try repo.write("Chapters/03-Model/Sources/Code.swift", "// changed")
        try repo.write("Chapters/01-Tokenizer/Main/main.swift", "// changed")
        XCTAssertEqual(try hash("A", repo), before)
    }

    func testBadDeclarationsNameTheLine() throws {
        let repo = try makeRepository()
        try repo.write("Chapters/03-Model/inputs.txt", "Chapters/02-Attention\nTests/Fixtures/llama\n../secret\n")
        let layout = repo.layout()
        let model = try XCTUnwrap(try Chapter.discover(in: layout).first { $0.id == "03" })
        XCTAssertThrowsError(try ChapterInputs.manifest(for: model, layout: layout)) { error in
            XCTAssertEqual((error as? Diagnostic)?.description,
                           "Chapters/03-Model/inputs.txt:2: no file or directory 'Tests/Fixtures/llama'")
        }
        try repo.write("Chapters/03-Model/inputs.txt", "../secret\n")
        XCTAssertThrowsError(try ChapterInputs.manifest(for: model, layout: layout)) { error in
            XCTAssertEqual((error as? Diagnostic)?.description, "Chapters/03-Model/inputs.txt:1: "
                + "'../secret' must be a path inside the repository, relative to its root")
        }
    }
}
