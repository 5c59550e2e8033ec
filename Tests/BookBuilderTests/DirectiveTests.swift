import XCTest
@testable import bookbuilder
import Notebook

final class DirectiveTests: XCTestCase {
    func testTheThreeKinds() throws {
        XCTAssertEqual(try Directive.parse("<!-- listing: Chapters/02-Attention/Sources/RoPE.swift#rotate -->"),
                       .listing(path: "Chapters/02-Attention/Sources/RoPE.swift", marker: "rotate"))
        XCTAssertEqual(try Directive.parse("  <!--listing: Package.swift-->  "),
                       .listing(path: "Package.swift", marker: nil))
        XCTAssertEqual(try Directive.parse("<!-- output: causal-weights -->"), .output(name: "causal-weights"))
        XCTAssertEqual(try Directive.parse(#"<!-- figure: heatmap "Weights of "the" model" -->"#),
                       .figure(name: "heatmap", caption: #"Weights of "the" model"#))
    }

    func testOrdinaryLinesAndCommentsAreProse() throws {
        XCTAssertNil(try Directive.parse("Some prose: with a colon."))
        XCTAssertNil(try Directive.parse("<!-- TODO tighten this paragraph -->"))
        XCTAssertNil(try Directive.parse("<!-- 2024: a year -->"))
        XCTAssertNil(try Directive.parse("Text <!-- output: x --> in a paragraph"))
    }

    func testMalformedDirectivesSayWhy() {
        XCTAssertEqual(syntaxError("<!-- lisitng: a.swift -->"),
                       "unknown directive 'lisitng' (expected listing, output, figure or bench)")
        XCTAssertEqual(syntaxError("<!-- figure: loss -->"),
                       #"figure needs a name and a quoted caption: <!-- figure: loss-curve "Training loss" -->"#)
        XCTAssertEqual(syntaxError("<!-- output: ../secrets -->"),
                       "output name '../secrets' must be one word without '/', e.g. loss-curve")
        XCTAssertEqual(syntaxError("<!-- listing: a.swift# -->"), "listing marker after '#' in 'a.swift#' is empty")
    }

    private func syntaxError(_ line: String) -> String? {
        do throws(DirectiveError) {
            _ = try Directive.parse(line)
            return nil
        } catch {
            return error.message
        }
    }
}
