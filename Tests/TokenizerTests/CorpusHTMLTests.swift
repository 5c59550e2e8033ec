import XCTest
@testable import Corpus

final class CorpusHTMLTests: XCTestCase {
    func testTokenizerSeesTagsTextCommentsAndDeclarations() {
        let tokens = Array(HTMLTokenizer(
            "<?xml version=\"1.0\"?><!DOCTYPE html><p class='a' id=x>Hi<br/></p><!-- c -->"))
        XCTAssertEqual(tokens, [
            .processingInstruction("xml version=\"1.0\"?"),
            .declaration("DOCTYPE html"),
            .startTag(name: "p", attributes: ["class": "a", "id": "x"], selfClosing: false),
            .text("Hi"),
            .startTag(name: "br", attributes: [:], selfClosing: true),
            .endTag(name: "p"),
            .comment(" c "),
        ])
    }

    func testALoneLessThanIsTextAndAnUnclosedCommentRunsToTheEnd() {
        XCTAssertEqual(Array(HTMLTokenizer("a < b")), [.text("a "), .text("<"), .text(" b")])
        XCTAssertEqual(Array(HTMLTokenizer("x<!-- never closed")),
                       [.text("x"), .comment(" never closed")])
    }

    func testEntitiesNamedDecimalAndHex() {
        XCTAssertEqual(HTMLEntities.decode("1564&ndash;1616 &amp; &lt;b&gt; &quot;q&quot;"),
                       "1564–1616 & <b> \"q\"")
        XCTAssertEqual(HTMLEntities.decode("&#8617; &#x2014; &#X41;"), "↩ — A")
    }

    func testUnknownOrBrokenReferencesStayAsWritten() {
        XCTAssertEqual(HTMLEntities.decode("AT&T &; &bogus; & x"), "AT&T &; &bogus; & x")
        XCTAssertEqual(HTMLEntities.decode("&#0; &#xD800; &#1114112;"), "\u{FFFD} \u{FFFD} \u{FFFD}")
    }

    func testScriptsStylesHeadAndCommentsAreDropped() {
        let html = """
            <html><head><title>Page title</title>
            <style>p { color: red }</style></head>
            <body><!-- a comment --><script>if (a < b) { document.write("<p>no</p>") }</script>
            <p>Kept text.</p><?import namespace="m"?></body></html>
            """
        XCTAssertEqual(HTMLText.extract(html), "Kept text.")
    }

    func testBlocksBecomeParagraphsAndWhitespaceCollapses() {
        let html = "<h2>Title</h2>\n<p>One\n   two  <em>three</em>.</p><p>Four<br />five</p>"
            + "<ul><li>a</li><li>b</li></ul>"
        XCTAssertEqual(HTMLText.extract(html),
                       "Title\n\nOne two three.\n\nFour\nfive\n\na\nb")
    }

    func testPreKeepsItsSpacing() {
        XCTAssertEqual(HTMLText.extract("<p>a</p><pre><code>x  = 1\n  y</code></pre>"),
                       "a\n\nx  = 1\n  y")
    }

    func testFootnoteMarkersGoButFootnotesStay() {
        let html = """
            <p>enough education<sup id="fnr3-1"><a href="#fn3-1">3</a></sup> with</p>
            <div class="footnote"><ol><li id="fn3-1"><p>Kempe said so.<a href="#fnr3-1" \
            class="footnoteBackLink" title="Jump back">&#8617;</a></p></li></ol></div>
            """
        XCTAssertEqual(HTMLText.extract(html), "enough education with\n\nKempe said so.")
    }

    func testUnclosedAndStrayTagsDoNotLoseText() {
        XCTAssertEqual(HTMLText.extract("<p>a <code>b</p><p>c</code> d"), "a b\n\nc d")
    }
}
