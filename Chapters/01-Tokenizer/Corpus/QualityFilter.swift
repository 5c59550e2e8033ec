/// One piece of text a quality rule removed: a line, a block, or (for a
/// document rule) the start of the document.
public struct QualityRemoval: Sendable, Equatable {
    public var rule: QualityRule
    public var text: String
}

/// What the quality filter did to a corpus.
public struct QualityReport: Sendable {
    /// Per rule: how many lines, blocks or documents it removed, their
    /// bytes, and the first of them.
    public var removed: [QualityRule: (count: Int, bytes: Int, example: String)] = [:]
    /// Each document's statistics after the line and block rules, by id.
    public var statistics: [String: DocumentStatistics] = [:]
    /// The ids of the documents a document rule dropped.
    public var droppedDocuments: [String] = []
    /// Everything removed, in order.
    public var removals: [QualityRemoval] = []
}

/// Heuristic quality filtering as pretraining pipelines do it (Gopher, C4,
/// RefinedWeb): cheap rules, each aimed at one kind of junk, applied to
/// lines, paragraphs ("blocks") and whole documents. The thresholds and
/// why they suit plays are in `QualityThresholds`.
///
/// Order: lines without letters go first (debris such as "@@@@" inside a
/// speech), then whole blocks (symbol soup, number tables, lists; a block
/// is counted under the first rule it fails), then the document rules judge
/// what is left.
public struct QualityFilter: Sendable {
    public var thresholds: QualityThresholds

    public init(thresholds: QualityThresholds = QualityThresholds()) {
        self.thresholds = thresholds
    }

    /// Filters every document, into one report.
    public func apply(to documents: [Document]) -> (kept: [Document], report: QualityReport) {
        var report = QualityReport()
        var kept: [Document] = []
        for document in documents {
            let (filtered, removals, statistics) = apply(to: document)
            report.removals += removals
            for removal in removals {
                let tally = report.removed[removal.rule] ?? (0, 0, removal.text)
                report.removed[removal.rule] = (tally.count + 1,
                                                tally.bytes + removal.text.utf8.count,
                                                tally.example)
            }
            report.statistics[document.id] = statistics
            if let filtered { kept.append(filtered) } else {
                report.droppedDocuments.append(document.id)
            }
        }
        return (kept, report)
    }

    /// One document: what is left of it (nil if a document rule failed),
    /// what was removed, and the statistics the document rules judged.
    public func apply(to document: Document)
        -> (Document?, [QualityRemoval], DocumentStatistics) {
        var removals: [QualityRemoval] = []
        var blocks: [[Substring]] = []
        for block in Self.blocks(of: document.text) {
            let lines = block.filter(\.containsLetter)
            for line in block where !line.containsLetter {
                removals.append(QualityRemoval(rule: .noLetters, text: String(line)))
            }
            if !lines.isEmpty { blocks.append(lines) }
        }
        var keptBlocks: [String] = []
        for (block, verdict) in zip(blocks, blockVerdicts(blocks)) {
            let text = block.joined(separator: "\n")
            if let rule = verdict {
                removals.append(QualityRemoval(rule: rule, text: text))
            } else {
                keptBlocks.append(text)
            }
        }
        var filtered = document
        filtered.text = keptBlocks.joined(separator: "\n\n")
        let statistics = DocumentStatistics(filtered.text)
        if let failed = thresholds.documentChecks(statistics).first(where: { !$0.passes }) {
            removals.append(QualityRemoval(rule: failed.rule, text: filtered.text))
            return (nil, removals, statistics)
        }
        return (filtered, removals, statistics)
    }

    /// The first block rule each block fails, or nil; then lists' short
    /// continuations, which need their neighbours' verdicts.
    func blockVerdicts(_ blocks: [[Substring]]) -> [QualityRule?] {
        let t = thresholds
        let measures = blocks.map { BlockMeasures(lines: $0) }
        var verdicts: [QualityRule?] = measures.map { m in
            if m.visibleCharacters >= t.minCharactersForSymbolRule
                && m.symbolRatio > t.maxSymbolRatio { return .symbols }
            if m.words >= t.minWordsForWordRule
                && m.alphabeticWordFraction < t.minAlphabeticWordFraction {
                return .nonWords
            }
            if m.lines >= t.listMinLines && m.hasListShape(t) { return .list }
            return nil
        }
        var grew = true
        while grew {
            grew = false
            for i in verdicts.indices where verdicts[i] == nil {
                let nextToList = (i > 0 && verdicts[i - 1] == .list)
                    || (i + 1 < verdicts.count && verdicts[i + 1] == .list)
                if nextToList && measures[i].lines >= t.listContinuationMinLines
                    && measures[i].hasListShape(t) {
                    verdicts[i] = .list
                    grew = true
                }
            }
        }
        return verdicts
    }

    /// Paragraphs: runs of non-blank lines.
    public static func blocks(of text: String) -> [[Substring]] {
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
