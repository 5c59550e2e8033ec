import Book
import Notebook
import Foundation
import Tokenizer

/// The corpus, from the package as shipped to clean training text: loading
/// and pairing editions, cleaning, HTML, quality rules, de-duplication and
/// the split by work. Returns the two splits' text.
func cleanCorpus(_ nb: Notebook) throws -> (train: String, validation: String) {
    let build = try nb.time("corpus pipeline") {
        try CorpusPipeline.run(from: TokenizerPaths.shakespeare)
    }
    let documents = build.corpus.documents
    try nb.table("corpus-overview",
                 headers: ["edition", "documents", "MB", "words"],
                 rows: [Edition.modern, .firstFolio, .reference].map { edition in
                     let docs = documents.filter { $0.edition == edition }
                     return ["\(edition)", "\(docs.count)",
                             String(format: "%.2f", Double(docs.reduce(0) { $0 + $1.byteCount }) / 1e6),
                             docs.reduce(0) { $0 + $1.wordCount }.formatted()]
                 })
    let matches = build.corpus.workMatches
    try nb.text("edition-pairing") {
        let scores = matches.map(\.jaccard)
        let runnerUp = matches.map(\.runnerUpJaccard).max() ?? 0
        return String(format: """
            Each of the %d Folio texts was paired with its modern edition by \
            text alone: their Jaccard similarity (spelling-folded word \
            3-grams) is %.2f to %.2f, while the best score of any Folio text \
            against another play is %.3f.
            """, matches.count, scores.min() ?? 0, scores.max() ?? 0, runnerUp)
    }
    try nb.figure("document-lengths", Histogram(
        values: build.wordsPerDocument, bins: 20, xlabel: "words per document"))

    try nb.table("cleaning", headers: ["step", "count", "example"],
                 rows: CleaningStep.allCases.compactMap { step in
                     guard let tally = build.cleaning.tallies[step], tally.count > 0 else {
                         return nil
                     }
                     return [step.rawValue, tally.count.formatted(),
                             tally.examples.first.map(shortExample) ?? ""]
                 } + [["bytes before → after", "",
                       "\(build.cleaning.bytesBefore.formatted()) → "
                       + "\(build.cleaning.bytesAfter.formatted())"]])

    try nb.table("html-similarity", headers: ["Britannica 1911: HTML vs text", "Jaccard"],
                 rows: try britannicaSimilarity(build))

    try nb.table("quality-table", headers: ["rule", "applies to", "removed", "bytes", "example"],
                 rows: QualityRule.allCases.compactMap { rule in
                     guard let tally = build.quality.tallies[rule], tally.units > 0 else {
                         return nil
                     }
                     return [rule.rawValue, rule.scope.rawValue, tally.units.formatted(),
                             tally.bytes.formatted(),
                             tally.examples.first.map { shortExample($0.text) } ?? ""]
                 })

    let dedup = build.deduplication
    let byID = Dictionary(uniqueKeysWithValues: build.filtered.map { ($0.id, $0) })
    /// "modern", "Folio", or the format of a reference text.
    func version(_ id: String) -> String {
        switch byID[id]?.edition {
        case .modern: "modern"
        case .firstFolio: "Folio"
        case .reference: byID[id]!.format.rawValue
        case nil: id
        }
    }
    try nb.table("dedup-table", headers: ["work", "kept", "dropped", "Jaccard", "MinHash"],
                 rows: dedup.dropped.map { dropped in
                     let id = dropped.document.id
                     switch dropped.reason {
                     case .exactDuplicate(let kept):
                         return [dropped.document.title, version(kept), version(id), "1", ""]
                     case .nearDuplicate(let kept, let jaccard):
                         let estimate = dedup.duplicates.first {
                             Set([$0.first, $0.second]) == Set([kept, id])
                         }?.estimatedJaccard
                         return [byID[kept]?.title ?? kept, version(kept), version(id),
                                 String(format: "%.2f", jaccard),
                                 estimate.map { String(format: "%.2f", $0) } ?? ""]
                     }
                 }.sorted { $0[0] < $1[0] })
    try nb.text("dedup-summary") {
        let rejected = dedup.candidates.filter { !$0.isDuplicate }
        return """
            LSH proposed \(dedup.candidates.count) candidate pairs out of \
            \(dedup.documentIDs.count * (dedup.documentIDs.count - 1) / 2); the exact \
            check accepted \(dedup.duplicates.count) and rejected \(rejected.count) \
            (exact Jaccard at most \
            \(String(format: "%.3f", rejected.map(\.jaccard).max() ?? 0))). \
            \(dedup.kept.count) documents are kept and \(dedup.dropped.count) dropped.
            """
    }
    try nb.figure("similarity", Heatmap(
        build.similarityMatrix, xlabel: "document (editions of a work side by side)",
        ylabel: "document", colorLabel: "MinHash estimate of Jaccard similarity",
        palette: .viridis))
    try nb.figure("similarity-histogram", Histogram(
        values: dedup.pairwiseEstimates(), bins: 50,
        xlabel: "MinHash estimate of the Jaccard similarity of a pair of documents",
        ylabel: "pairs", logY: true))

    let manifest = try CorpusWriter.write(build.split, to: TokenizerPaths.output)
    let split = build.split
    try nb.table("split", headers: ["split", "documents", "works", "MB", "file"],
                 rows: [("train", split.train, manifest.train),
                        ("validation", split.validation, manifest.validation)].map {
                     name, docs, file in
                     [name, "\(docs.count)", "\(Set(docs.map(\.workID)).count)",
                      String(format: "%.2f", Double(file.bytes) / 1e6), file.file]
                 })
    try nb.text("validation-works") {
        "The validation split holds " + split.validation.map(\.title)
            .sorted().joined(separator: ", ") + "."
    }
    return (try CorpusWriter.joined(split.train), try CorpusWriter.joined(split.validation))
}

/// The Britannica article's two formats, by word 5-gram Jaccard: raw files,
/// and after each went through cleaning (HTML extraction for the XHTML).
func britannicaSimilarity(_ build: CorpusBuild) throws -> [[String]] {
    let ids = ShakespeareCorpus.ancillaryFiles.map(\.id)
    func texts(_ docs: [Document]) -> [String] {
        ids.compactMap { id in docs.first { $0.id == id }?.text }
    }
    let raw = texts(build.corpus.documents), clean = texts(build.cleaned)
    guard raw.count == 2, clean.count == 2 else {
        throw TokenizerError("the Britannica article is missing from the corpus")
    }
    func jaccard(_ pair: [String]) -> String {
        String(format: "%.3f", Shingles.words(pair[0], n: 5).jaccard(Shingles.words(pair[1], n: 5)))
    }
    return [["raw files (markup and all)", jaccard(raw)],
            ["after HTML extraction and cleaning", jaccard(clean)]]
}

/// At most 60 characters of an example, on one line (" / " between lines).
func shortExample(_ text: String) -> String {
    let line = text.replacingOccurrences(of: "\n", with: " / ")
    return line.count <= 60 ? line : String(line.prefix(57)) + "…"
}
