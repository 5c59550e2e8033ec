/// A pair of documents that LSH proposed, with its scores.
public struct CandidatePair: Sendable, Equatable {
    /// Positions of the two documents in the input, first < second.
    public var first: Int
    public var second: Int
    /// From the MinHash signatures.
    public var estimatedJaccard: Double
    /// From the shingle sets themselves.
    public var jaccard: Double
    /// Whether `jaccard` reached the threshold.
    public var isDuplicate: Bool
}

/// A document left out, and the copy that was kept instead.
public struct DroppedDocument: Sendable, Equatable {
    public var document: Document
    public var keptID: String
    /// The exact Jaccard similarity of the two.
    public var jaccard: Double
}

/// What de-duplication found and decided, with what it computed on the way.
public struct DeduplicationResult: Sendable {
    public var documents: [Document]
    public var shingles: [Shingles]
    public var signatures: [[UInt64]]
    public var index: LSHIndex
    /// Every pair LSH proposed, verified; `isDuplicate` marks the accepted.
    public var candidates: [CandidatePair]
    /// Documents that are one text (the editions of a play, the article's
    /// two files), as positions in `documents`; single documents too.
    public var clusters: [[Int]]
    /// One document per cluster, sorted by id.
    public var kept: [Document]
    public var dropped: [DroppedDocument]
}

/// Near-duplicate removal: spelling-folded word 3-gram shingles → MinHash
/// signatures of `bands × rows` values → LSH candidate pairs → exact
/// Jaccard similarity; pairs at or above `threshold` are one text, and so
/// are duplicates of duplicates (union–find). From each such cluster one
/// document is kept (`preferred`). An exact copy needs no pass of its own:
/// its shingles are the same, so LSH proposes it with certainty.
///
/// This is also how the corpus learns which files are editions of one play:
/// their titles differ ("All is well, that Ends well" / "All's Well That
/// Ends Well") and a hand-made table would not carry over to another
/// corpus, but their texts are near-duplicates.
///
/// Why 40 bands × 3 rows: the S-curve's threshold (1/40)^(1/3) ≈ 0.29 lies
/// below the weakest pair of editions (Cymbeline, whose modern text lacks
/// two acts) and far above unrelated plays; the notebook prints both.
public struct Deduplicator: Sendable {
    public var minHash: MinHash
    public var bands: Int
    public var rows: Int
    /// Minimum exact Jaccard for two documents to be one text.
    public var threshold: Double
    /// A document with fewer than this fraction of the words of its
    /// cluster's longest member counts as incomplete.
    public var completeFraction: Double

    public init(bands: Int = 40, rows: Int = 3, threshold: Double = 0.3,
                completeFraction: Double = 0.8, seed: UInt64 = 0x5348_414b) {
        self.bands = bands
        self.rows = rows
        self.threshold = threshold
        self.completeFraction = completeFraction
        minHash = MinHash(permutations: bands * rows, seed: seed)
    }

    // listing: dedup
    public func run(_ documents: [Document]) -> DeduplicationResult {
        let shingles = documents.map { Shingles($0.text) }
        let signatures = shingles.map { minHash.signature(of: $0) }
        var index = LSHIndex(bands: bands, rows: rows)
        for (i, signature) in signatures.enumerated() {
            index.insert(signature, id: i)
        }
        var clusters = UnionFind(count: documents.count)
        var candidates: [CandidatePair] = []
        for (i, j) in index.candidatePairs() {   // verified one by one
            let jaccard = shingles[i].jaccard(shingles[j])
            candidates.append(CandidatePair(
                first: i, second: j,
                estimatedJaccard: MinHash.estimatedJaccard(signatures[i],
                                                           signatures[j]),
                jaccard: jaccard, isDuplicate: jaccard >= threshold))
            if jaccard >= threshold { clusters.union(i, j) }
        }
        var kept: [Document] = [], dropped: [DroppedDocument] = []
        for members in clusters.groups() {
            let longest = members.map { documents[$0].wordCount }.max()!
            let keeper = members.min {
                preferred(documents[$0], over: documents[$1], longest)
            }!
            kept.append(documents[keeper])
            for i in members where i != keeper {
                dropped.append(DroppedDocument(
                    document: documents[i], keptID: documents[keeper].id,
                    jaccard: shingles[i].jaccard(shingles[keeper])))
            }
        }
        return DeduplicationResult(
            documents: documents, shingles: shingles, signatures: signatures,
            index: index, candidates: candidates, clusters: clusters.groups(),
            kept: kept.sorted { $0.id < $1.id },
            dropped: dropped.sorted { $0.document.id < $1.document.id })
    }
    // end listing

    // listing: keep-policy
    /// Which of two copies to keep, in order of importance:
    /// 1. a complete text over an incomplete one (fewer than
    ///    `completeFraction` of the longest member's words);
    /// 2. the modern edition over the First Folio: modern spelling is what
    ///    the tokenizer and the model should learn;
    /// 3. HTML over Markdown over plain text: in the HTML a paragraph is one
    ///    line, where the text files break lines wherever the scanned
    ///    column did, mid-sentence — noise for a model of prose;
    /// 4. more words; 5. the smaller id, so the choice never depends on
    ///    input order.
    func preferred(_ a: Document, over b: Document, _ longest: Int) -> Bool {
        let limit = completeFraction * Double(longest)
        let complete = (Double(a.wordCount) >= limit,
                        Double(b.wordCount) >= limit)
        if complete.0 != complete.1 { return complete.0 }
        let edition: [Edition] = [.modern, .reference, .firstFolio]
        let (ea, eb) = (edition.firstIndex(of: a.edition)!,
                        edition.firstIndex(of: b.edition)!)
        if ea != eb { return ea < eb }
        let format: [SourceFormat] = [.html, .markdown, .plainText]
        let (fa, fb) = (format.firstIndex(of: a.format)!,
                        format.firstIndex(of: b.format)!)
        if fa != fb { return fa < fb }
        if a.wordCount != b.wordCount { return a.wordCount > b.wordCount }
        return a.id < b.id
    }
    // end listing
}

/// Disjoint sets (union–find): which documents are one cluster. The sets
/// here have one or two members, so no path compression is needed.
private struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { x = parent[x] }
        return x
    }

    mutating func union(_ x: Int, _ y: Int) {
        let (rx, ry) = (find(x), find(y))
        if rx != ry { parent[max(rx, ry)] = min(rx, ry) }
    }

    /// Members of each set, sets in order of their smallest member.
    func groups() -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for x in parent.indices { byRoot[find(x), default: []].append(x) }
        return byRoot.keys.sorted().map { byRoot[$0]! }
    }
}
