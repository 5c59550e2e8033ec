/// How one First Folio text was paired with its play's modern text.
public struct WorkMatch: Sendable, Equatable {
    public var folioID: String
    public var folioTitle: String
    /// The modern text it was paired with; nil if none was similar enough.
    public var modernID: String?
    public var modernTitle: String?
    /// Exact Jaccard similarity of the pair's spelling-folded 3-gram sets.
    public var jaccard: Double
    /// The best score against any *other* modern text: the margin the
    /// pairing won by.
    public var runnerUpJaccard: Double
    /// Dice similarity of the two titles' character bigrams (after spelling
    /// folding): an independent check, not used to decide.
    public var titleSimilarity: Double
}

/// Decides which files are editions of the same work, from the texts.
///
/// The titles cannot be trusted to match ("All is well, that Ends well" /
/// "All's Well That Ends Well", "Twelfe-Night" / "Twelfth Night",
/// "Anthonie" / "Antony", "Titus Andronicus" / "The Tragedy of Titus
/// Andronicus"), and a hand-written table would not carry over to another
/// corpus. The texts themselves can: each Folio text is compared with every
/// modern text by the Jaccard similarity of their spelling-folded word
/// 3-grams (`Shingles.foldedWords`), and joins the work of the most similar
/// one if the score reaches `threshold`. Each modern text takes at most one
/// Folio text (the best-scoring first).
///
/// All 36 × 42 pairs are compared exactly: at this size that is cheaper
/// than MinHash signatures; `Deduplicator` shows the scalable way.
public struct WorkMatcher: Sendable {
    /// Minimum Jaccard score to pair two texts. Measured here: the editions
    /// of one play score 0.46–0.77, unrelated plays at most 0.03.
    public var threshold: Double

    public init(threshold: Double = 0.3) {
        self.threshold = threshold
    }

    public func match(_ documents: [Document]) -> [WorkMatch] {
        let folio = documents.filter { $0.edition == .firstFolio }
        let modern = documents.filter { $0.edition == .modern }
        let modernShingles = modern.map { Shingles.foldedWords($0.text) }
        var proposals: [(folio: Int, scores: [Double])] = []
        for (f, document) in folio.enumerated() {
            let shingles = Shingles.foldedWords(document.text)
            proposals.append((f, modernShingles.map { shingles.jaccard($0) }))
        }
        // Strongest pairings first, so a weak one cannot take a modern text
        // that a strong one needs.
        proposals.sort { ($0.scores.max() ?? 0) > ($1.scores.max() ?? 0) }
        var taken = Set<Int>()
        var matches: [WorkMatch] = []
        for (f, scores) in proposals {
            let ranked = scores.indices.sorted { scores[$0] > scores[$1] }
            let best = ranked.first { !taken.contains($0) }
            var match = WorkMatch(
                folioID: folio[f].id, folioTitle: folio[f].title, modernID: nil,
                modernTitle: nil, jaccard: 0, runnerUpJaccard: 0, titleSimilarity: 0)
            if let best, scores[best] >= threshold {
                taken.insert(best)
                match.modernID = modern[best].id
                match.modernTitle = modern[best].title
                match.jaccard = scores[best]
                match.titleSimilarity = WorkMatcher.titleSimilarity(
                    folio[f].title, modern[best].title)
                match.runnerUpJaccard = ranked.lazy.filter { $0 != best }
                    .map { scores[$0] }.first ?? 0
            } else {
                match.runnerUpJaccard = ranked.first.map { scores[$0] } ?? 0
            }
            matches.append(match)
        }
        return matches.sorted { $0.folioID < $1.folioID }
    }

    /// Dice coefficient 2|X ∩ Y| / (|X| + |Y|) of the character-bigram
    /// multisets of the two titles' word skeletons, in [0, 1].
    public static func titleSimilarity(_ x: String, _ y: String) -> Double {
        func bigrams(_ title: String) -> [String: Int] {
            let words = title.split { !$0.isLetter && $0 != "'" }
            let folded = Array(words.map { SpellingFold.skeleton(String($0)) }
                .filter { !$0.isEmpty }.joined(separator: " "))
            var counts: [String: Int] = [:]
            for i in folded.indices.dropLast() {
                counts[String(folded[i...i + 1]), default: 0] += 1
            }
            return counts
        }
        let (a, b) = (bigrams(x), bigrams(y))
        let total = a.values.reduce(0, +) + b.values.reduce(0, +)
        guard total > 0 else { return 0 }
        let common = a.reduce(0) { $0 + min($1.value, b[$1.key] ?? 0) }
        return 2 * Double(common) / Double(total)
    }
}
