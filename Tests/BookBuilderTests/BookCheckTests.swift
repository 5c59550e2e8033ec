import Foundation
import XCTest
@testable import bookbuilder
import Notebook

final class BookCheckTests: XCTestCase {
    /// A book of two chapters, assembled from current runs.
    private func makeAssembledBook() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("Sources/Book/Tensor.swift", "struct Tensor {}")
        try repo.write("scripts/data.sh", "# sha256s")
        try repo.write("Chapters/01-Tokenizer/chapter.md", """
            # Tokenizer

            <!-- listing: Chapters/01-Tokenizer/Sources/BPE.swift -->
            """)
        try repo.write("Chapters/01-Tokenizer/Sources/BPE.swift", "struct BPE {}\n")
        try repo.write("Chapters/01-Tokenizer/Main/main.swift", "// notebook\n")
        try repo.write("Chapters/01-Tokenizer/inputs.txt", "scripts/data.sh\n")
        try repo.write("Chapters/02-Attention/chapter.md", "# Attention\n")
        try repo.write("Chapters/02-Attention/inputs.txt", "Chapters/01-Tokenizer\n")
        try repo.write("Chapters/A-Core/chapter.md", "# Core\n")
        for id in ["01", "02", "A"] { try repo.recordRun(id) }
        _ = try BookAssembler(layout: repo.layout()).write()
        return repo
    }

    private func check(_ repo: TemporaryRepository) -> [String] {
        diagnostics { try BookCheck(layout: repo.layout()).run() }
    }

    func testAFreshlyAssembledBookPasses() throws {
        let repo = try makeAssembledBook()
        XCTAssertNoThrow(try BookCheck(layout: repo.layout()).run())
        XCTAssertTrue(repo.exists("book-manifest.json"))
    }

    func testEditingANotebookMakesItAndEveryChapterThatReadsItStale() throws {
        let repo = try makeAssembledBook()
        try repo.write("Chapters/01-Tokenizer/Main/main.swift", "// a vocabulary of 8,192\n")
        XCTAssertEqual(check(repo), [
            "Chapter 1 is stale: the run book.md shows was made from other sources "
                + "(Chapters/01-Tokenizer/Main/main.swift changed); run `make book` to rerun it",
            "Chapter 2 is stale: the run book.md shows was made from other sources "
                + "(Chapters/01-Tokenizer/Main/main.swift changed); run `make book` to rerun it",
        ])
    }

    func testDataCoreAndNewFilesAreNamed() throws {
        let repo = try makeAssembledBook()
        try repo.write("scripts/data.sh", "# another sha256")
        try repo.write("Sources/Book/Kernels.swift", "// new")
        XCTAssertEqual(check(repo).first, "Chapter 1 is stale: the run book.md shows was made from other "
            + "sources (Sources/Book/Kernels.swift is new, scripts/data.sh changed); run `make book` to rerun it")
        XCTAssertEqual(check(repo).count, 3)
    }

    func testProseAndListingChangesNeedOnlyAssembly() throws {
        let repo = try makeAssembledBook()
        try repo.write("Chapters/02-Attention/chapter.md", "# Attention\n\nMore prose.\n")
        XCTAssertEqual(check(repo), [
            "Chapter 2's text changed since book.md was assembled "
                + "(Chapters/02-Attention/chapter.md changed); run `make book` (no rerun needed)",
        ])
    }

    func testAHandEditedBookOrAMissingManifestFails() throws {
        let repo = try makeAssembledBook()
        try repo.write("book.md", try repo.read("book.md") + "\nA number typed in: 42.\n")
        XCTAssertEqual(check(repo), [
            "book.md: edited after it was assembled (its SHA-256 is not the one book-manifest.json "
                + "records); run `make book`",
        ])
        try FileManager.default.removeItem(at: repo.url("book-manifest.json"))
        XCTAssertEqual(check(repo), [
            "book-manifest.json: missing or unreadable: it records what book.md was made from; run `make book`",
        ])
    }

    func testANewChapterIsNotInTheBook() throws {
        let repo = try makeAssembledBook()
        try repo.write("Chapters/05-Pretrained/chapter.md", "# Pretrained\n")
        XCTAssertEqual(check(repo), ["Chapter 5 is not in book.md; run `make book`"])
    }
}
