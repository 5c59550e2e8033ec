import Book
import Corpus
import Foundation
import Notebook
import Tokenizer

/// De-duplication, which also pairs the editions of each play, the check
/// of LSH's arithmetic against the exact similarities, and the split.
/// Returns the two splits' text.
func removeDuplicates(_ nb: Notebook, _ build: CorpusBuild) throws
    -> (train: String, validation: String)
{
    let dedup = build.deduplication
    let docs = dedup.documents
    var cluster = [Int](repeating: 0, count: docs.count)
    for (c, members) in dedup.clusters.enumerated() { for i in members { cluster[i] = c } }
    // Every pair of texts of different works, with its exact Jaccard
    // similarity: what LSH avoids computing, affordable for a few dozen texts.
    var unrelated: [(i: Int, j: Int, jaccard: Double)] = []
    for i in docs.indices {
        for j in docs.indices where j > i && cluster[i] != cluster[j] {
            unrelated.append((i, j, dedup.shingles[i].jaccard(dedup.shingles[j])))
        }
    }
    let maxUnrelated = unrelated.map(\.jaccard).max() ?? 0
    let editions = dedup.candidates.filter { pair in
        pair.isDuplicate && Set([docs[pair.first].edition, docs[pair.second].edition])
            == [.modern, .firstFolio]
    }
    try nb.text("edition-pairing") {
        let folio = docs.filter { $0.edition == .firstFolio }.count
        let renamed = editions.filter { docs[$0.first].title != docs[$0.second].title }
        let scores = editions.map(\.jaccard)
        let paired = editions.count == folio ? "each of the \(folio)"
            : "\(editions.count) of the \(folio)"
        return "De-duplication paired \(paired) First Folio texts with a modern text, "
            + "by their text alone; the titles of \(renamed.count) of these pairs differ. "
            + "The pairs' Jaccard similarity runs from \(decimal(scores.min() ?? 0, 2)) to "
            + "\(decimal(scores.max() ?? 0, 2)); the highest between texts of different "
            + "works is \(decimal(maxUnrelated, 3))."
    }
    try minHashCheck(nb, dedup)
    try lshCheck(nb, dedup, unrelated: unrelated, weakestEdition: editions.map(\.jaccard).min())

    try nb.table("dedup-table", headers: ["kept", "dropped", "Jaccard", "MinHash"],
                 rows: dedup.dropped.map { dropped in
                     let kept = docs.first { $0.id == dropped.keptID }!
                     let pair = dedup.candidates.first {
                         Set([docs[$0.first].id, docs[$0.second].id])
                             == [kept.id, dropped.document.id]
                     }
                     return [name(kept), name(dropped.document), decimal(dropped.jaccard, 2),
                             pair.map { decimal($0.estimatedJaccard, 2) } ?? ""]
                 }.sorted { $0[0] < $1[0] })

    // The editions of a work side by side: modern, Folio, the article's files.
    let order = dedup.clusters.flatMap { members in
        members.sorted {
            (Edition.allCases.firstIndex(of: docs[$0].edition)!, docs[$0].id)
                < (Edition.allCases.firstIndex(of: docs[$1].edition)!, docs[$1].id)
        }
    }
    func estimate(_ i: Int, _ j: Int) -> Double {
        MinHash.estimatedJaccard(dedup.signatures[i], dedup.signatures[j])
    }
    try nb.figure("similarity", Heatmap(
        order.map { i in order.map { j in i == j ? 1 : estimate(i, j) } },
        xlabel: "document (editions of a work side by side)", ylabel: "document",
        colorLabel: "MinHash estimate of Jaccard similarity", palette: .viridis))
    let sameWork = docs.indices.flatMap { i in
        docs.indices.filter { $0 > i && cluster[$0] == cluster[i] }.map { (i, $0) }
    }
    let unrelatedEstimates = unrelated.map { estimate($0.i, $0.j) }
    let sameWorkEstimates = sameWork.map { estimate($0.0, $0.1) }
    try nb.figure("similarity-histogram", Histogram(
        values: unrelatedEstimates + sameWorkEstimates, bins: 50,
        xlabel: "MinHash estimate of the Jaccard similarity of a pair of documents",
        ylabel: "pairs", logY: true))
    try nb.text("similarity-ranges") {
        func range(_ values: [Double]) -> String {
            "\(decimal(values.min() ?? 0, 2)) to \(decimal(values.max() ?? 0, 2))"
        }
        return "MinHash estimates run from \(range(unrelatedEstimates)) for the "
            + "\(unrelated.count.formatted()) pairs of texts of different works, and "
            + "from \(range(sameWorkEstimates)) for the \(sameWork.count) pairs of "
            + "texts of one work."
    }
    return try writeSplit(nb, build.split)
}

/// The listed, readable MinHash signature against the fast one that
/// de-duplication used: the same values for every text (quick mode: the
/// first eight), and the time each took.
func minHashCheck(_ nb: Notebook, _ dedup: DeduplicationResult) throws {
    let minHash = Deduplicator().minHash         // the pipeline's functions
    let sets = Array(dedup.shingles.prefix(nb.isQuick ? 8 : dedup.shingles.count))
    let fastClock = Stopwatch()
    let fast = sets.map { minHash.signature(of: $0) }
    let fastSeconds = fastClock.seconds
    let readableClock = Stopwatch()
    let readable = sets.map { minHash.referenceSignature(of: $0) }
    let readableSeconds = readableClock.seconds
    guard readable == fast, fast == Array(dedup.signatures.prefix(sets.count)) else {
        throw ChapterCheck.signaturesDisagree
    }
    let shingles = sets.reduce(0) { $0 + $1.count }
    try nb.text("minhash-reference") {
        "For the \(sets.count) texts (\(shingles.formatted()) shingles), "
            + "`referenceSignature` and `signature` give the same "
            + "\((sets.count * minHash.permutations).formatted()) values; in this run "
            + "the fast one took \(formatDuration(fastSeconds)) and the readable one "
            + "\(formatDuration(readableSeconds)), "
            + "\(decimal(readableSeconds / fastSeconds, 1)) times as long."
    }
}

/// LSH's promise against what it did: the expected number of false
/// candidates from the exact similarities, next to the observed number, and
/// where the observed ones came from.
func lshCheck(_ nb: Notebook, _ dedup: DeduplicationResult,
              unrelated: [(i: Int, j: Int, jaccard: Double)],
              weakestEdition: Double?) throws {
    let index = dedup.index
    let docs = dedup.documents
    let related = Set(dedup.candidates.filter(\.isDuplicate).map { [$0.first, $0.second] })
    let falseCandidates = dedup.candidates.filter { !$0.isDuplicate }
    let expected = unrelated.reduce(0) { $0 + index.candidateProbability(jaccard: $1.jaccard) }
    let maxUnrelated = unrelated.map(\.jaccard).max() ?? 0
    let meanJaccard = unrelated.reduce(0) { $0 + $1.jaccard } / Double(max(unrelated.count, 1))
    let agreement = unrelated.reduce(0) {
        $0 + MinHash.estimatedJaccard(dedup.signatures[$1.i], dedup.signatures[$1.j])
    } / Double(max(unrelated.count, 1))
    // Buckets that hold texts of different works: where false candidates come from.
    let mixed = index.sharedBuckets.filter { bucket in
        bucket.ids.indices.contains { x in
            bucket.ids.indices.contains { y in
                y > x && !related.contains([bucket.ids[x], bucket.ids[y]])
            }
        }
    }
    try nb.text("lsh-check") {
        let (b, r) = (index.bands, index.rows)
        var text = "The signatures have \(b * r) values in \(b) bands of \(r), so two "
            + "texts become candidates with probability 1 − (1 − J^\(r))^\(b): "
        if let weakest = weakestEdition {
            text += "\(decimal(index.candidateProbability(jaccard: weakest), 3)) for the "
                + "least similar editions (J = \(decimal(weakest, 2))), "
        }
        text += "at most \(decimal(index.candidateProbability(jaccard: maxUnrelated), 4)) "
            + "for texts of different works (J ≤ \(decimal(maxUnrelated, 3))). LSH proposed "
            + "\(dedup.candidates.count) pairs of \((docs.count * (docs.count - 1) / 2).formatted()); "
            + "the exact check accepted \(related.count) and rejected "
            + "\(falseCandidates.count). Summed over the \(unrelated.count.formatted()) pairs "
            + "of texts of different works, with their exact Jaccard similarities, the "
            + "formula expects \(decimal(expected, 2)) false candidates."
        if !mixed.isEmpty {
            let largest = mixed.max { $0.ids.count < $1.ids.count }!
            text += " The \(falseCandidates.count) come from \(mixed.count) "
                + (mixed.count == 1 ? "bucket" : "buckets") + ", the largest holding "
                + "\(largest.ids.count) texts in band \(largest.band + 1) ("
                + largest.ids.map { name(docs[$0]) }.joined(separator: ", ")
                + "): a bucket of k texts makes k(k − 1)/2 pairs at once, so false "
                + "candidates arrive in clumps rather than one by one."
        }
        text += " Over the same pairs, the signatures' rows agree \(decimal(agreement, 4)) "
            + "of the time, where the mean exact Jaccard similarity is "
            + "\(decimal(meanJaccard, 4))."
        return text
    }
}

/// The split's table, the validation works, and the two files.
func writeSplit(_ nb: Notebook, _ split: CorpusSplit) throws
    -> (train: String, validation: String)
{
    try split.write(to: TokenizerPaths.output)
    let rows = [("train", split.train, "train.txt"),
                ("validation", split.validation, "val.txt")]
    try nb.table("split", headers: ["split", "works", "MB", "file"],
                 rows: rows.map { name, docs, file in
                     [name, "\(docs.count)", megabytes(docs.reduce(0) { $0 + $1.byteCount }),
                      TokenizerPaths.output.appendingPathComponent(file).relativePath]
                 })
    try nb.text("validation-works") {
        "The validation split holds " + split.validation.map(name).sorted()
            .joined(separator: ", ") + "."
    }
    return (try CorpusSplit.joined(split.train), try CorpusSplit.joined(split.validation))
}
