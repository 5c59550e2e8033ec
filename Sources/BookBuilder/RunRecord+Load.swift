import Foundation
import Notebook

/// The builder reads the record a chapter's notebook wrote (`run.json`, the
/// `RunRecord` of the notebook layer: one schema for writer and reader) and
/// checks that it belongs where it was found.
extension RunRecord {
    /// Reads and checks the record of `chapter`'s last run in `layout.mode`.
    static func load(for chapter: Chapter, in layout: Layout) throws(Diagnostic) -> RunRecord {
        let path = layout.runRecordPath(for: chapter)
        let location = SourceLocation(path)
        guard let data = FileManager.default.contents(atPath: layout.url(path).path) else {
            throw .error("\(chapter.label) (\(chapter.directory)) has no run recorded: "
                + "run `bookbuilder run \(layout.mode == .quick ? "--quick " : "")\(chapter.id)`",
                at: location)
        }
        let record: RunRecord
        do {
            record = try JSONDecoder().decode(RunRecord.self, from: data)
        } catch {
            throw .error("not a run record: \(Self.reason(error))", at: location)
        }
        guard chapter.matches(record.chapter) else {
            throw .error("records chapter '\(record.chapter)', expected '\(chapter.id)'", at: location)
        }
        guard record.mode == layout.mode else {
            throw .error("records mode '\(record.mode.rawValue)', expected '\(layout.mode.rawValue)'",
                         at: location)
        }
        guard record.seconds >= 0, record.seconds.isFinite else {
            throw .error("field 'seconds' is \(record.seconds)", at: location)
        }
        return record
    }

    /// The line under the chapter's heading: `*Run in full mode at commit
    /// 8745da1 in 1 min 12 s on AMD EPYC 9R14, 2 threads, OpenBLAS kernel Zen.*`
    var summary: String {
        "*Run in \(mode.rawValue) mode at commit \(commit) in \(formatDuration(seconds)) "
            + "on \(machine.description).*"
    }

    /// What was wrong with the JSON, in a sentence rather than Foundation's dump.
    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty,
             DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' "
                + "has the wrong type or value"
        default:
            "not valid JSON"
        }
    }
}
