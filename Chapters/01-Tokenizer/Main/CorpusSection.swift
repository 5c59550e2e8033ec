import Book
import Corpus
import Foundation
import Notebook
import Tokenizer

/// The corpus as shipped, and what cleaning and the quality rules did to it.
/// Returns every stage, for the de-duplication section.
func cleanCorpus(_ nb: Notebook) throws -> CorpusBuild {
    let build = try nb.time("corpus pipeline") {
        try CorpusPipeline.run(from: TokenizerPaths.shakespeare)
    }
    let documents = build.documents
    try nb.table("corpus-overview", headers: ["edition", "documents", "MB", "words"],
                 rows: (Edition.allCases.map { edition in
                     (edition.rawValue, documents.filter { $0.edition == edition })
                 } + [("all", documents)]).map { name, docs in
                     [name, "\(docs.count)", megabytes(docs.reduce(0) { $0 + $1.byteCount }),
                      docs.reduce(0) { $0 + $1.wordCount }.formatted()]
                 })
    try nb.figure("document-lengths", Histogram(
        values: documents.map { Double($0.wordCount) }, bins: 20,
        xlabel: "words per document"))
    try nb.text("document-extremes") {
        let byLength = documents.sorted { ($0.wordCount, $0.id) < ($1.wordCount, $1.id) }
        func list(_ docs: some Sequence<Document>) -> String {
            let items = docs.map { "\(name($0)) (\($0.wordCount.formatted()) words)" }
            return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
        return "The shortest texts are \(list(byLength.prefix(3))); the longest, "
            + "\(list(byLength.suffix(2)))."
    }

    try nb.table("cleaning", headers: ["step", "count", "example"],
                 rows: CleaningStep.allCases.compactMap { step in
                     guard let count = build.cleaning.counts[step] else { return nil }
                     return [step.rawValue, count.formatted(),
                             build.cleaning.examples[step].map(shortExample) ?? ""]
                 } + [["bytes before → after", "",
                       "\(build.cleaning.bytesBefore.formatted()) → "
                       + "\(build.cleaning.bytesAfter.formatted())"]])

    // The article's two files, by the shingles de-duplication compares.
    let britannica = ["britannica_html", "britannica_txt"]
    func pair(_ docs: [Document]) throws -> (Shingles, Shingles) {
        let texts = try britannica.map { id in
            guard let doc = docs.first(where: { $0.id == id }) else {
                throw ChapterCheck.missingDocument(id)
            }
            return Shingles(doc.text)
        }
        return (texts[0], texts[1])
    }
    let (rawHTML, rawText) = try pair(build.documents)
    let (cleanHTML, cleanText) = try pair(build.cleaned)
    try nb.table("html-similarity", headers: ["Britannica 1911: HTML vs text", "Jaccard"],
                 rows: [["raw files (markup and all)", decimal(rawHTML.jaccard(rawText), 3)],
                        ["after HTML extraction and cleaning",
                         decimal(cleanHTML.jaccard(cleanText), 3)]])

    try nb.table("quality-table", headers: ["rule", "applies to", "removed", "bytes", "example"],
                 rows: QualityRule.allCases.compactMap { rule in
                     guard let removed = build.quality.removed[rule] else { return nil }
                     return [rule.rawValue, rule.scope.rawValue, removed.count.formatted(),
                             removed.bytes.formatted(), shortExample(removed.example)]
                 })
    try documentRules(nb, build)
    return build
}

/// Gopher's document rules and C4's line rules as published, measured on
/// every text: what they would do to plays.
func documentRules(_ nb: Notebook, _ build: CorpusBuild) throws {
    let texts = build.cleaned.map { ($0, build.quality.statistics[$0.id]!) }
    let ours = texts.map { QualityThresholds().documentChecks($1) }
    let gopher = texts.map { QualityThresholds.gopher.documentChecks($1) }
    try nb.table("document-rules",
                 headers: ["document rule", "Gopher", "ours", "nearest text to the limit",
                           "texts Gopher's limit drops"],
                 rows: ours[0].indices.map { k in
                     let check = ours[0][k]
                     let values = ours.map { $0[k].value }
                     // How far each text is from failing; a lower bound of 0
                     // is no limit (a fraction cannot go below it).
                     let (low, high) = (check.allowed.lowerBound, check.allowed.upperBound)
                     let margins = values.map { min(low > 0 ? $0 - low : .infinity, high - $0) }
                     let nearest = margins.indices.min { margins[$0] < margins[$1] }!
                     let dropped = texts.indices.filter { !gopher[$0][k].passes }
                     let who = Set(values).count == 1 ? "every text" : name(texts[nearest].0)
                     return [check.label, limit(gopher[0][k]), limit(check),
                             "\(format(values[nearest], check)) \(who)",
                             dropped.isEmpty ? "none"
                                 : dropped.map { name(texts[$0].0) }.joined(separator: ", ")]
                 })
    try nb.text("c4-lines") {
        let plays = texts.filter { $0.0.edition != .reference }.map(\.1)
        let lines = plays.reduce(0) { $0 + $1.lines }
        let noEndMark = plays.reduce(0) { $0 + $1.linesWithoutEndMark }
        let short = plays.reduce(0) { $0 + $1.linesUnderFiveWords }
        let shares = plays.map { Double($0.linesWithoutEndMark) / Double(max($0.lines, 1)) }
        return "C4 keeps only lines that end in . ? ! or \" and have at least five "
            + "words. Of the \(lines.formatted()) lines of the plays and poems, "
            + "\(percent(noEndMark, lines)) end otherwise (from "
            + "\(percent(shares.min() ?? 0)) to \(percent(shares.max() ?? 0)) of a text's "
            + "lines) and \(percent(short, lines)) are shorter."
    }
    try c4Example(nb, texts.map(\.0))
    try symbolRatioAtWork(nb, build)
}

/// C4's line rule on a famous speech: each line with its verdict.
func c4Example(_ nb: Notebook, _ documents: [Document]) throws {
    let opening = "To be, or not to be"
    guard let hamlet = documents.first(where: {
              $0.edition == .modern && $0.text.contains(opening) }),
          let speech = QualityFilter.blocks(of: hamlet.text).first(where: { block in
              block.contains { $0.contains(opening) } })
    else { throw ChapterCheck.missingDocument("the modern Hamlet's \"\(opening)\"") }
    let verdicts = speech.map { line in
        let c4 = DocumentStatistics.c4LineChecks(line)
        let reasons = (c4.endMark ? [] : ["no end mark"])
            + (c4.fiveWords ? [] : ["under 5 words"])
        return (line, reasons.isEmpty ? "keep" : "drop: " + reasons.joined(separator: ", "))
    }
    let shown = 12
    func row(_ verdict: (Substring, String)) -> String {
        verdict.1.padding(toLength: 28, withPad: " ", startingAt: 0) + verdict.0
    }
    let kept = verdicts.filter { $0.1 == "keep" }
    try nb.verbatim("c4-example") {
        verdicts.prefix(shown).map(row).joined(separator: "\n")
            + "\n…\n\nC4 keeps \(kept.count) of the \(verdicts.count) lines of this "
            + "block of \(hamlet.title):\n\n" + kept.map(row).joined(separator: "\n")
    }
}

/// The symbol-ratio rule at its threshold: the removed blocks with the
/// lowest ratios, and the kept blocks with the highest (one per work).
func symbolRatioAtWork(_ nb: Notebook, _ build: CorpusBuild) throws {
    let t = QualityThresholds()
    func judged(_ texts: [String]) -> [(ratio: Double, text: String)] {
        texts.flatMap { QualityFilter.blocks(of: $0) }.compactMap { lines in
            let measures = BlockMeasures(lines: lines)
            guard measures.visibleCharacters >= t.minCharactersForSymbolRule else { return nil }
            return (measures.symbolRatio, lines.joined(separator: "\n"))
        }
    }
    let removed = judged(build.quality.removals.filter { $0.rule == .symbols }.map(\.text))
        .sorted { $0.ratio < $1.ratio }
    // The kept block with the highest ratio in each work (the article's
    // two files are one), for three works.
    var seen = Set<String>()
    let kept = build.filtered.compactMap { document in
        judged([document.text]).max { $0.ratio < $1.ratio }.map { (document.title, $0) }
    }.sorted { $0.1.ratio > $1.1.ratio }.filter { seen.insert($0.0).inserted }.map(\.1)
    let rows = removed.prefix(3).map { ($0, "removed") } + kept.prefix(3).map { ($0, "kept") }
    try nb.table("symbol-ratio", headers: ["block", "symbols / visible characters", "verdict"],
                 rows: rows.sorted { $0.0.ratio > $1.0.ratio }.map { block, verdict in
                     [shortExample(block.text), decimal(block.ratio, 3), verdict]
                 })
}

/// A limit as the table shows it: "≤ 0.30", "≥ 2", "≥ 0.80" (a share
/// at least), "3–10".
private func limit(_ check: DocumentCheck) -> String {
    let (low, high) = (check.allowed.lowerBound, check.allowed.upperBound)
    if !high.isFinite || (low > 0 && high == 1) { return "≥ \(format(low, check))" }
    if low > 0 { return "\(format(low, check))–\(format(high, check))" }
    return "≤ \(format(high, check))"
}

private func format(_ value: Double, _ check: DocumentCheck) -> String {
    switch check.rule {
    case .wordCount, .stopWords: Int(value).formatted()
    case .meanWordLength: decimal(value, 1)
    default: decimal(value, 2)
    }
}

/// A document's title and, where a title has two texts, which one.
func name(_ document: Document) -> String {
    switch document.edition {
    case .modern: document.title
    case .firstFolio: "\(document.title) (Folio)"
    case .reference: "\(document.title), \(document.format.rawValue)"
    }
}

/// At most 60 characters of an example, on one line (" / " between lines).
func shortExample(_ text: String) -> String {
    let line = text.replacingOccurrences(of: "\n", with: " / ")
    return line.count <= 60 ? line : String(line.prefix(57)) + "…"
}

func decimal(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

func percent(_ part: Int, _ whole: Int) -> String {
    percent(Double(part) / Double(max(whole, 1)))
}

func percent(_ fraction: Double) -> String { String(format: "%.0f%%", 100 * fraction) }

/// "1.23" (megabytes, 10⁶ bytes).
func megabytes(_ bytes: Int) -> String { String(format: "%.2f", Double(bytes) / 1e6) }
