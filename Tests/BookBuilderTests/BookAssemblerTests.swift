import XCTest
@testable import bookbuilder
import Notebook

final class BookAssemblerTests: XCTestCase {
    /// Two chapters with everything they reference in place, runs recorded in `mode`.
    private func makeBook(mode: RunMode = .full) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("Chapters/01-Tokenizer/Sources/BPE.swift", """
            struct BPE {
                // listing: merge
                func merge(_ pair: Pair) {
                    ranks[pair] = ranks.count
                }
                // end listing
            }

            """)
        try repo.write("Chapters/01-Tokenizer/chapter.md", """
            # Tokenizer

            Byte pair encoding merges the most frequent pair:
            <!-- listing: Chapters/01-Tokenizer/Sources/BPE.swift#merge -->
            The whole file:

            <!-- listing: Chapters/01-Tokenizer/Sources/BPE.swift -->

            <!-- output: merges -->

            <!-- figure: vocab-growth "Vocabulary size, merge by merge" -->

            ```markdown
            <!-- output: shown-not-expanded -->
            # Not a title
            ```
            """)
        try repo.write("Chapters/A-Core/chapter.md", """

            # The Core

            <!-- figure: tape "The tape, \\(x) → y" -->
            """)
        for id in ["01", "A"] { try repo.recordRun(id, mode: mode) }
        try repo.recordOutput("01", "merges", "| pair | rank |\n|---|---|\n| e r | 0 |\n\n", mode: mode)
        try repo.drawFigure("01", "vocab-growth", mode: mode)
        try repo.drawFigure("A", "tape", mode: mode)
        return repo
    }

    func testChaptersAreRenumberedWithTheirRunLine() throws {
        let repo = try makeBook()
        let book = try BookAssembler(layout: repo.layout()).write()
        let text = try repo.read("book.md")
        XCTAssertEqual(text, book.markdown)
        XCTAssertTrue(text.contains("""
            # Chapter 1 — Tokenizer

            *Run in full mode at commit 8745da1 in 1 min 12 s on Test CPU, 2 threads, OpenBLAS kernel Haswell.*

            Byte pair encoding
            """))
        XCTAssertTrue(text.contains("# Appendix A — The Core\n\n*Run in full mode"))
        XCTAssertLessThan(text.range(of: "# Chapter 1")!.lowerBound, text.range(of: "# Appendix A")!.lowerBound)
    }

    func testTitleBlockAndContents() throws {
        let repo = try makeBook()
        let text = try BookAssembler(layout: repo.layout()).assemble().markdown
        XCTAssertTrue(text.hasPrefix("""
            ---
            title: "Build a Large Language Model from Scratch"
            subtitle: "in Swift"
            date: "2026-11-30"
            ---

            <!-- contents -->

            **Contents**

            - [Chapter 1 — Tokenizer](#chapter-1--tokenizer)
            - [Appendix A — The Core](#appendix-a--the-core)

            <!-- end contents -->
            """))
    }

    func testListingsAreFencedCaptionedAndNumbered() throws {
        let repo = try makeBook()
        let text = try BookAssembler(layout: repo.layout()).assemble().markdown
        // A directive right under a paragraph still becomes its own block.
        XCTAssertTrue(text.contains("""
            merges the most frequent pair:

            *Listing 1.1 — `Chapters/01-Tokenizer/Sources/BPE.swift`*

            ```swift
            func merge(_ pair: Pair) {
                ranks[pair] = ranks.count
            }
            ```

            The whole file:
            """))
        XCTAssertTrue(text.contains("""
            *Listing 1.2 — `Chapters/01-Tokenizer/Sources/BPE.swift`*

            ```swift
            struct BPE {
                func merge(_ pair: Pair) {
            """))
    }

    func testOutputsAndFiguresAreSubstitutedAndNumberedPerChapter() throws {
        let repo = try makeBook()
        let text = try BookAssembler(layout: repo.layout()).assemble().markdown
        XCTAssertTrue(text.contains("\n\n| pair | rank |\n|---|---|\n| e r | 0 |\n\n"))
        XCTAssertTrue(text.contains("\n![Figure 1.1: Vocabulary size, merge by merge](figures/ch01-vocab-growth.png)\n"))
        XCTAssertTrue(text.contains("\n![Figure A.1: The tape, \\(x) → y](figures/chA-tape.png)\n"))
        // Inside a code block, directives and headings are shown, not expanded.
        XCTAssertTrue(text.contains("```markdown\n<!-- output: shown-not-expanded -->\n# Not a title\n```"))
    }

    func testQuickBookLinksItsOwnFiguresFromWhereverItIsWritten() throws {
        let repo = try makeBook(mode: .quick)
        let layout = repo.layout(.quick)
        _ = try BookAssembler(layout: layout).write()
        let text = try repo.read("build/quick/book.md")
        XCTAssertTrue(text.contains("](figures/ch01-vocab-growth.png)"))
        XCTAssertTrue(text.contains("*Run in quick mode at commit 8745da1 in 1 min 12 s on Test CPU"))
        XCTAssertTrue(text.contains("date: \"2026-11-30 — quick mode"))

        let elsewhere = repo.url("out/book.md")
        _ = try BookAssembler(layout: layout, bookFile: elsewhere).write()
        XCTAssertTrue(try repo.read("out/book.md").contains("](../build/quick/figures/ch01-vocab-growth.png)"))
    }

    func testDanglingListingNamesTheLineAndLeavesTheOldBookAlone() throws {
        let repo = try makeBook()
        try repo.write("book.md", "the previous book\n")
        try repo.write("Chapters/A-Core/chapter.md", """
            # The Core

            <!-- listing: Chapters/01-Tokenizer/Sources/BPE.swift#rotate -->
            """)
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).write() }, [
            "Chapters/A-Core/chapter.md:3: no listing marker 'rotate' in Chapters/01-Tokenizer/Sources/BPE.swift",
        ])
        XCTAssertEqual(try repo.read("book.md"), "the previous book\n")

        try FileManager.default.removeItem(at: repo.url("book.md"))
        _ = diagnostics { try BookAssembler(layout: repo.layout()).write() }
        XCTAssertFalse(repo.exists("book.md"))
    }

    func testEveryBrokenReferenceIsReportedAtOnce() throws {
        let repo = try makeBook()
        try repo.write("Chapters/01-Tokenizer/chapter.md", """
            # Tokenizer
            <!-- output: missing -->
            <!-- figure: absent "Not drawn" -->
            <!-- listing: Sources/Nowhere.swift -->
            <!-- table: merges -->
            """)
        try FileManager.default.removeItem(at: repo.url("build/book/A/run.json"))
        try repo.write("Chapters/A-Core/chapter.md", "# The Core\n\n<!-- figure: gone \"Gone\" -->\n")
        try repo.write("Chapters/02-Attention/Sources/RoPE.swift", "")
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).assemble() }, [
            "Chapters/01-Tokenizer/chapter.md:2: no output 'missing' recorded for chapter 01 "
                + "(build/book/01/outputs/missing.md; run ch01-tokenizer)",
            "Chapters/01-Tokenizer/chapter.md:3: no figure 'absent' (figures/ch01-absent.png; run ch01-tokenizer)",
            "Chapters/01-Tokenizer/chapter.md:4: no such file Sources/Nowhere.swift",
            "Chapters/01-Tokenizer/chapter.md:5: unknown directive 'table' "
                + "(expected listing, output, figure or bench)",
            "Chapters/02-Attention/chapter.md: no such file, or not UTF-8 text; every chapter needs its prose",
            "build/book/A/run.json: Appendix A (Chapters/A-Core) has no run recorded: "
                + "run `bookbuilder run A`",
            // Without a run, the chapter's own references are still checked.
            "Chapters/A-Core/chapter.md:3: no figure 'gone' (figures/chA-gone.png; run chA-core)",
        ])
    }

    func testRunRecordMustMatchTheChapterAndMode() throws {
        let repo = try makeBook()
        try repo.write("build/book/A/run.json",
                       #"{"chapter": "A", "mode": "quick", "commit": "x", "seconds": 1, "date": "2026", "cells": [], "timings": [], "machine": {"cpu": "c", "threads": 1, "blasKernel": "k"}}"#)
        try repo.write("build/book/01/run.json", #"{"chapter": "01", "mode": "full", "commit": "x"}"#)
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).assemble() }, [
            "build/book/01/run.json: not a run record: missing field 'seconds'",
            "build/book/A/run.json: records mode 'quick', expected 'full'",
        ])
    }

    func testTitleMustComeFirst() throws {
        let repo = try makeBook()
        try repo.write("Chapters/A-Core/chapter.md", "Stray text\n\n## Not a title\n")
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).assemble() }, [
            "Chapters/A-Core/chapter.md:1: text before the chapter's '# Title' heading",
            "Chapters/A-Core/chapter.md:3: text before the chapter's '# Title' heading",
            "Chapters/A-Core/chapter.md:1: no '# Title' heading",
        ])
    }

    func testLongListingLinesAreWarnings() throws {
        let repo = try makeBook()
        try repo.write("Chapters/01-Tokenizer/Sources/BPE.swift", """
            // listing: merge
            let long = "\(String(repeating: "x", count: 80))"
            // end listing

            """)
        try repo.recordRun("01")
        // Both listings show the long line; it is reported once.
        let book = try BookAssembler(layout: repo.layout()).write()
        XCTAssertEqual(book.warnings.map(\.description), [
            "Chapters/01-Tokenizer/Sources/BPE.swift:2: warning: listing line is 93 characters, over 80; "
                + "the PDF wraps it",
        ])
        XCTAssertTrue(repo.exists("book.md"))
    }

    func testAStaleRunOrARunByHandIsAnError() throws {
        let repo = try makeBook()
        try repo.write("book.md", "the previous book\n")
        try repo.write("Chapters/01-Tokenizer/Sources/BPE.swift",
                       "// listing: merge\nlet changed = true\n// end listing\n")
        try repo.recordRun("A", inputs: "")
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).write() }, [
            "build/book/01/run.json: Chapter 1's sources changed since this run; "
                + "`bookbuilder run 01` reruns it",
            "build/book/A/run.json: Appendix A's run was not started by `bookbuilder run`, so nothing "
                + "says which sources made it; `bookbuilder run A` reruns it",
        ])
        XCTAssertEqual(try repo.read("book.md"), "the previous book\n")
    }

    func testAChapterWithoutItsRunIsTakenFromTheCommittedBookOnlyWhileUnchanged() throws {
        let repo = try makeBook()
        try repo.recordRun("A", date: "2026-12-01T08:00:00Z")
        let committed = try BookAssembler(layout: repo.layout()).write()
        XCTAssertEqual(committed.reused.map(\.id), [])
        // A clone: neither run is here, and the sources are those of the book.
        try FileManager.default.removeItem(at: repo.url("build"))
        let again = try BookAssembler(layout: repo.layout()).write()
        XCTAssertEqual(again.reused.map(\.id), ["01", "A"])
        XCTAssertEqual(again.markdown, committed.markdown)
        XCTAssertEqual(again.chapters.map(\.heading), committed.chapters.map(\.heading))
        XCTAssertEqual(try repo.read("book-manifest.json"),
                       String(decoding: try BookManifest(book: SHA256.hash(Data(committed.markdown.utf8))
                            .hexString, chapters: committed.sources).json(), as: UTF8.self))
        // Appendix A rerun, chapter 1 not: chapter 1 still comes from the book.
        try repo.recordRun("A", date: "2026-11-01T08:00:00Z")
        let mixed = try BookAssembler(layout: repo.layout()).assemble()
        XCTAssertEqual(mixed.reused.map(\.id), ["01"])
        XCTAssertTrue(mixed.markdown.contains("date: \"2026-12-01\""), "the committed book's date")
        // Chapter 1's prose changed: its run is needed again.
        try repo.write("Chapters/01-Tokenizer/chapter.md", "# Tokenizer\n\nNew prose.\n")
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).assemble() },
                       ["build/book/01/run.json: Chapter 1 (Chapters/01-Tokenizer) has no run recorded: "
                        + "run `bookbuilder run 01`"])
    }

    func testAChapterTakenFromTheBookEndsWhereTheBooksNextChapterBegins() throws {
        let repo = try makeBook()
        let committed = try BookAssembler(layout: repo.layout()).write()
        // Appendix A is gone from the sources but still in the committed book.
        try FileManager.default.removeItem(at: repo.url("build"))
        try FileManager.default.removeItem(at: repo.url("Chapters/A-Core"))
        let book = try BookAssembler(layout: repo.layout()).assemble()
        XCTAssertEqual(book.reused.map(\.id), ["01"])
        XCTAssertEqual(book.chapters.map(\.markdown), [committed.chapters[0].markdown])
    }

    func testAnEditedBookIsNeverCopiedFrom() throws {
        let repo = try makeBook()
        try BookAssembler(layout: repo.layout()).write()
        try repo.write("book.md", try repo.read("book.md") + "edited\n")
        try FileManager.default.removeItem(at: repo.url("build/book/01"))
        XCTAssertTrue(diagnostics { try BookAssembler(layout: repo.layout()).assemble() }.contains(
            "build/book/01/run.json: Chapter 1 (Chapters/01-Tokenizer) has no run recorded: "
                + "run `bookbuilder run 01`"))
    }

    func testBenchTablesAreQuotedAndPartOfTheText() throws {
        let repo = try makeBook()
        try repo.write("Chapters/A-Core/chapter.md", "# The Core\n\n<!-- bench: gemm -->\n")
        XCTAssertEqual(diagnostics { try BookAssembler(layout: repo.layout()).assemble() }, [
            "Chapters/A-Core/chapter.md:3: no benchmark 'gemm' (bench/results/gemm.md; run `make bench`)",
        ])
        try repo.write("bench/results/gemm.md", "| sgemm | 190 GFLOP/s |\n\n*Measured by `make bench`.*\n")
        let book = try BookAssembler(layout: repo.layout()).write()
        XCTAssertTrue(book.markdown.contains("\n\n| sgemm | 190 GFLOP/s |\n\n*Measured by `make bench`.*\n"))
        XCTAssertNotNil(book.sources.last?.text["bench/results/gemm.md"])
    }

    func testLongerFenceAroundCodeThatContainsFences() throws {
        XCTAssertEqual(ChapterRenderer.longestBacktickRun(in: "let s = \"\"\"\n```swift\n\"\"\""), 3)
        let repo = try makeBook()
        try repo.write("Chapters/01-Tokenizer/Sources/BPE.swift", "// listing: merge\nprint(\"```\")\n// end listing\n")
        try repo.recordRun("01")
        let text = try BookAssembler(layout: repo.layout()).assemble().markdown
        XCTAssertTrue(text.contains("````swift\nprint(\"```\")\n````"))
    }

    func testListingLanguageFollowsTheFileType() {
        XCTAssertEqual(ChapterRenderer.language(of: "Chapters/02-Attention/Sources/RoPE.swift"), "swift")
        XCTAssertEqual(ChapterRenderer.language(of: "Sources/CBLAS/shim.h"), "c")
        XCTAssertEqual(ChapterRenderer.language(of: "Tests/Fixtures/make_fixtures.py"), "python")
        XCTAssertEqual(ChapterRenderer.language(of: "Makefile"), "makefile")
        XCTAssertEqual(ChapterRenderer.language(of: "Sources/CBLAS/module.modulemap"), "")
    }

    func testAnchors() {
        XCTAssertEqual(anchor(for: "Appendix A — Tensors, Autograd & the Tape"),
                       "appendix-a--tensors-autograd--the-tape")
        // Expected values are what `pandoc -f markdown+gfm_auto_identifiers` gives.
        XCTAssertEqual(anchor(for: "Chapter 4 — Pretraining on Shakespeare's 9.3 MB, `v0.1` & *more*"),
                       "chapter-4--pretraining-on-shakespeares-93-mb-v01--more")
        XCTAssertEqual(anchor(for: "Chapter 2 — Attention (RoPE, GQA) — über"), "chapter-2--attention-rope-gqa--über")
    }
}
