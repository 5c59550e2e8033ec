/// Heuristic quality filtering as pretraining pipelines do it (Gopher,
/// C4, RefinedWeb): cheap rules, each aimed at one kind of junk, applied to
/// lines, paragraphs ("blocks") and whole documents. The thresholds and
/// why they suit plays are in `QualityThresholds`.
///
/// Order: lines without letters go first (debris such as "@@@@" inside a
/// speech), then whole blocks (symbol soup, number tables, lists, license
/// text; a block is counted under the first rule it fails), then the
/// document rules judge what is left.
public struct QualityFilter: Sendable {
    public var thresholds: QualityThresholds

    public init(thresholds: QualityThresholds = QualityThresholds()) {
        self.thresholds = thresholds
    }

    /// Filters every document; the report covers them all.
    public func apply(to documents: [Document]) -> (kept: [Document], report: QualityReport) {
        var report = QualityReport()
        var kept: [Document] = []
        for document in documents {
            let (filtered, removals, quality) = apply(to: document)
            removals.forEach { report.record($0) }
            report.documents.append(quality)
            report.bytesBefore += quality.bytesBefore
            report.bytesAfter += quality.bytesAfter
            if let filtered { kept.append(filtered) }
        }
        return (kept, report)
    }

    // listing: quality-filter
    /// One document: the filtered document (nil if a document rule failed),
    /// what was removed, and its measures.
    public func apply(to document: Document)
        -> (Document?, [QualityRemoval], DocumentQuality) {
        var removals: [QualityRemoval] = []
        func remove(_ rule: QualityRule, _ text: some StringProtocol) {
            removals.append(QualityRemoval(
                rule: rule, documentID: document.id, text: String(text),
                bytes: text.utf8.count))
        }
        var blocks: [[Substring]] = []
        for block in Self.blocks(of: document.text) {
            var lines: [Substring] = []
            for line in block {
                if line.containsLetter { lines.append(line) }
                else { remove(.noLetters, line) }
            }
            if !lines.isEmpty { blocks.append(lines) }
        }
        let measures = blocks.map { BlockMeasures(lines: $0) }
        let verdicts = blockVerdicts(blocks, measures)
        var keptBlocks: [String] = []
        for (block, verdict) in zip(blocks, verdicts) {
            let text = block.joined(separator: "\n")
            if let rule = verdict { remove(rule, text) }
            else { keptBlocks.append(text) }
        }
        var filtered = document
        filtered.text = keptBlocks.joined(separator: "\n\n")
        let stats = RepetitionStats.measure(
            filtered.text, shortLineWords: thresholds.shortLineWords)
        let failed = documentVerdict(stats)
        if !failed.isEmpty { remove(failed[0], filtered.text.prefix(200)) }
        let quality = DocumentQuality(
            documentID: document.id, bytesBefore: document.byteCount,
            bytesAfter: failed.isEmpty ? filtered.byteCount : 0,
            stats: stats, failed: failed)
        return (failed.isEmpty ? filtered : nil, removals, quality)
    }
    // end listing

    /// The first block rule each block fails, or nil; then lists' short
    /// continuations, which need their neighbours' verdicts.
    func blockVerdicts(_ blocks: [[Substring]], _ measures: [BlockMeasures])
        -> [QualityRule?] {
        let t = thresholds
        var verdicts: [QualityRule?] = zip(blocks, measures).map { block, m in
            if m.visibleCharacters >= t.minCharactersForSymbolRule
                && m.symbolRatio > t.maxSymbolRatio { return .symbols }
            if m.words >= t.minWordsForWordRule
                && m.alphabeticWordFraction < t.minAlphabeticWordFraction {
                return .nonWords
            }
            if m.lines >= t.listMinLines && m.hasListShape(t) { return .list }
            let bytes = Array(block.joined(separator: " ").utf8)
            if t.licensePhrases.contains(where: {
                TextSearch.contains(bytes, $0, ignoringCase: true)
            }) { return .licenseText }
            return nil
        }
        var grew = true
        while grew {
            grew = false
            for i in verdicts.indices where verdicts[i] == nil {
                let m = measures[i]
                let nextToList = (i > 0 && verdicts[i - 1] == .list)
                    || (i + 1 < verdicts.count && verdicts[i + 1] == .list)
                if nextToList && m.lines >= t.listContinuationMinLines
                    && m.hasListShape(t) {
                    verdicts[i] = .list
                    grew = true
                }
            }
        }
        return verdicts
    }

    /// Every document rule the (block-filtered) text fails.
    func documentVerdict(_ s: RepetitionStats) -> [QualityRule] {
        let t = thresholds
        var failed: [QualityRule] = []
        if s.words < t.minWords { failed.append(.tooFewWords) }
        if !t.meanWordLength.contains(s.meanWordLength) { failed.append(.meanWordLength) }
        if s.duplicateLineFraction > t.maxDuplicateLineFraction {
            failed.append(.duplicateLines)
        }
        if s.duplicateLineCharacterFraction > t.maxDuplicateLineCharacterFraction {
            failed.append(.duplicateLineCharacters)
        }
        if t.maxTopNGramCharacterFraction.contains(where: { n, limit in
            s.topNGramCharacterFraction[n, default: 0] > limit }) {
            failed.append(.topNGram)
        }
        if t.maxDuplicateNGramCharacterFraction.contains(where: { n, limit in
            s.duplicateNGramCharacterFraction[n, default: 0] > limit }) {
            failed.append(.duplicateNGrams)
        }
        if s.shortLineFraction > t.maxShortLineFraction { failed.append(.shortLines) }
        return failed
    }

    /// Paragraphs: runs of non-blank lines.
    static func blocks(of text: String) -> [[Substring]] {
        var blocks: [[Substring]] = []
        var current: [Substring] = []
        for line in text.lines {
            if line.utf8.allSatisfy({ $0 == 0x20 }) {
                if !current.isEmpty { blocks.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }
}
