import XCTest
@testable import bookbuilder
import Notebook

final class ListingTests: XCTestCase {
    private let source = """
        import Book

        struct RoPE {
            // listing: rotate
            func rotate(_ x: Tensor) -> Tensor {
                // listing: inner
                let half = x.count / 2
                // end listing

                return x
            }
            // end listing
        }

        """

    func testMarkedRegionIsDedentedWithoutMarkerLines() throws {
        let repo = try TemporaryRepository()
        try repo.write("Sources/RoPE.swift", source)
        let listing = try Listing(path: "Sources/RoPE.swift", marker: "rotate", root: repo.root)
        XCTAssertEqual(listing.code, """
            func rotate(_ x: Tensor) -> Tensor {
                let half = x.count / 2

                return x
            }
            """)
        XCTAssertEqual(listing.lines.map(\.number), [5, 7, 9, 10, 11])
    }

    func testNestedRegionEndsAtItsOwnEndMarker() throws {
        let repo = try TemporaryRepository()
        try repo.write("Sources/RoPE.swift", source)
        let listing = try Listing(path: "Sources/RoPE.swift", marker: "inner", root: repo.root)
        XCTAssertEqual(listing.code, "let half = x.count / 2")
        XCTAssertEqual(listing.lines.map(\.number), [7])
    }

    func testWholeFileListingDropsMarkerLines() throws {
        let repo = try TemporaryRepository()
        try repo.write("Sources/RoPE.swift", source)
        let listing = try Listing(path: "Sources/RoPE.swift", marker: nil, root: repo.root)
        XCTAssertFalse(listing.code.contains("listing"))
        XCTAssertTrue(listing.code.hasPrefix("import Book\n\nstruct RoPE {\n    func rotate"))
        XCTAssertTrue(listing.code.hasSuffix("        return x\n    }\n}"))
    }

    func testWindowsLineEndingsSplitIntoLines() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.swift", "// listing: x\r\n  let a = 1\r\n  let b = 2\r\n// end listing\r\n")
        let listing = try Listing(path: "a.swift", marker: "x", root: repo.root)
        XCTAssertEqual(listing.code, "let a = 1\nlet b = 2")
    }

    func testMissingMarkerFileAndEndAreNamed() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.swift", "// listing: open\nlet a = 1\n// listing: twice\n// listing: twice\n")
        XCTAssertEqual(message { try Listing(path: "a.swift", marker: "rotate", root: repo.root) },
                       "no listing marker 'rotate' in a.swift")
        XCTAssertEqual(message { try Listing(path: "b.swift", marker: nil, root: repo.root) },
                       "no such file b.swift")
        XCTAssertEqual(message { try Listing(path: "a.swift", marker: "open", root: repo.root) },
                       "listing marker 'open' at a.swift:1 has no matching '// end listing'")
        XCTAssertEqual(message { try Listing(path: "a.swift", marker: "twice", root: repo.root) },
                       "listing marker 'twice' appears more than once in a.swift (lines 3, 4)")
    }

    func testLongLinesAreFoundWithTheirSourceLineNumbers() throws {
        let repo = try TemporaryRepository()
        let long = "    let x = " + String(repeating: "1 + ", count: 20) + "1"
        try repo.write("a.swift", "// listing: x\n    let y = 0\n\(long)\n// end listing\n")
        let listing = try Listing(path: "a.swift", marker: "x", root: repo.root)
        XCTAssertEqual(listing.lines(longerThan: 80).map(\.number), [3])
        XCTAssertEqual(listing.lines(longerThan: 80).first?.text.count, long.count - 4)
    }

    private func message(_ body: () throws -> Listing) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? DirectiveError)?.message
        }
    }
}
