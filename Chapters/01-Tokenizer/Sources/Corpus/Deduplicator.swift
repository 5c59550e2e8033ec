/// A pair of documents that LSH proposed, with its verified scores.
public struct CandidatePair: Sendable, Equatable {
    public var first: String
    public var second: String
    /// From the MinHash signatures.
    public var estimatedJaccard: Double
    /// From the shingle sets themselves.
    public var jaccard: Double
    /// The smaller document's shingles found in the larger one.
    public var containment: Double
    /// Whether `jaccard` reached the threshold.
    public var isDuplicate: Bool
}

/// Why a document was left out.
public enum DropReason: Sendable, Equatable {
    /// Same words in the same order as `of` (after collapsing whitespace
    /// and case): the same 64-bit hash.
    case exactDuplicate(of: String)
    /// Jaccard similarity `jaccard` with `of`, the copy that was kept.
    case nearDuplicate(of: String, jaccard: Double)
}

public struct DroppedDocument: Sendable, Equatable {
    public var document: Document
    public var reason: DropReason
}

/// Exact and near-duplicate removal.
///
/// 1. Exact: FNV-1a 64 of each text with whitespace runs collapsed and
///    letters lower-cased; documents with equal hashes are one group.
/// 2. Near: spelling-folded word 3-gram shingles → MinHash signatures of
///    `bands × rows` values → LSH candidate pairs → exact Jaccard; pairs at
///    or above `threshold` are duplicates, and duplicates of duplicates are
///    one cluster (union–find).
/// 3. From each group or cluster one document is kept (`preferred`), the
///    others are dropped with the reason and score.
///
/// Why 40 bands × 3 rows: the S-curve's threshold (1/40)^(1/3) ≈ 0.29 lies
/// below the weakest true pair (0.46, Cymbeline, whose modern text lacks
/// two acts), which LSH then finds with probability 0.98; an unrelated pair
/// (≤ 0.03) becomes a candidate with probability 0.001. (On this corpus 12
/// such pairs did, all among the six longest plays, whose many shingles
/// make them share the smallest hashes more often than independent draws
/// would; the exact check rejects them.)
public struct Deduplicator: Sendable {
    public var minHash: MinHash
    public var bands: Int
    public var rows: Int
    /// Minimum exact Jaccard for a near-duplicate; as in `WorkMatcher`.
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
        var clusters = UnionFind(count: documents.count)
        // 1. Exact duplicates: equal hashes of the normalized text.
        var firstWithHash: [UInt64: Int] = [:]
        for (i, document) in documents.enumerated() {
            let hash = Self.exactHash(document.text)
            if let j = firstWithHash[hash] { clusters.union(i, j) }
            else { firstWithHash[hash] = i }
        }
        let exact = clusters
        // 2. Near duplicates: MinHash, LSH, then the exact Jaccard.
        let shingles = documents.map { Shingles.foldedWords($0.text) }
        let signatures = shingles.map { minHash.signature(of: $0) }
        var index = LSHIndex(bands: bands, rows: rows)
        for (i, signature) in signatures.enumerated() {
            index.insert(signature, id: i)
        }
        var candidates: [CandidatePair] = []
        for (i, j) in index.candidatePairs() {
            let jaccard = shingles[i].jaccard(shingles[j])
            let (small, large) = shingles[i].count <= shingles[j].count
                ? (i, j) : (j, i)
            candidates.append(CandidatePair(
                first: documents[i].id, second: documents[j].id,
                estimatedJaccard: MinHash.estimatedJaccard(signatures[i],
                                                           signatures[j]),
                jaccard: jaccard,
                containment: shingles[small].containment(in: shingles[large]),
                isDuplicate: jaccard >= threshold))
            if jaccard >= threshold { clusters.union(i, j) }
        }
        // 3. Keep the preferred member of each cluster.
        var kept: [Document] = []
        var dropped: [DroppedDocument] = []
        for members in clusters.groups() {
            let longest = members.map { documents[$0].wordCount }.max() ?? 0
            let keeper = members.min {
                preferred(documents[$0], over: documents[$1], longest)
            }!
            for i in members where i != keeper {
                let of = documents[keeper].id
                let reason: DropReason = exact.find(i) == exact.find(keeper)
                    ? .exactDuplicate(of: of)
                    : .nearDuplicate(
                        of: of, jaccard: shingles[i].jaccard(shingles[keeper]))
                dropped.append(DroppedDocument(document: documents[i],
                                               reason: reason))
            }
            kept.append(documents[keeper])
        }
        return DeduplicationResult(
            kept: kept.sorted { $0.id < $1.id },
            dropped: dropped.sorted { $0.document.id < $1.document.id },
            candidates: candidates, documentIDs: documents.map(\.id),
            signatures: signatures)
    }
    // end listing

    // listing: keep-policy
    /// Which of two duplicates to keep, in order of importance:
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

    /// FNV-1a 64 of the text with each whitespace run as one space and
    /// ASCII letters lower-cased: re-wrapped or re-cased copies hash alike.
    public static func exactHash(_ text: String) -> UInt64 {
        var hash = Hash64.fnvOffset
        var pendingSpace = false
        var started = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                pendingSpace = started
                continue
            }
            if pendingSpace {
                hash = (hash ^ 0x20) &* 0x0000_0100_0000_01b3
                pendingSpace = false
            }
            started = true
            let lower = byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte
            hash = (hash ^ UInt64(lower)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// Disjoint sets (union–find): which documents are one cluster. The sets
/// here have one or two members, so no path compression is needed.
struct UnionFind {
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
