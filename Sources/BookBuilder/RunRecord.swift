import Foundation

/// What a chapter's last run recorded in `<runs>/<ID>/run.json`, e.g.
///
///     {"chapter": "A", "mode": "full", "commit": "8745da1", "seconds": 12.34,
///      "date": "2026-11-30T20:00:00Z", "inputs": "3f1c…"}
///
/// `inputs` is present when the run was started by `book run`, which passes the
/// hash of the chapter's inputs in `BOOK_INPUTS_HASH` for the notebook to copy here.
struct RunRecord: Equatable, Sendable {
    var chapter: String
    var mode: Mode
    /// Short hash, `-dirty` appended when the tree had uncommitted changes.
    var commit: String
    var seconds: Double
    /// ISO 8601, UTC.
    var date: String
    var inputs: String?

    /// Reads and checks the record of `chapter`'s last run in `layout.mode`.
    static func load(for chapter: Chapter, in layout: Layout) throws(Diagnostic) -> RunRecord {
        let path = layout.runRecordPath(for: chapter)
        let location = SourceLocation(path)
        guard let data = FileManager.default.contents(atPath: layout.url(path).path) else {
            throw .error("\(chapter.label) (\(chapter.directory)) has no run recorded: "
                + "run its executable, `swift run -c release \(chapter.executableName)"
                + "\(layout.mode == .quick ? " --quick" : "")`, or `book run "
                + "\(layout.mode == .quick ? "--quick " : "")\(chapter.id)`", at: location)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .error("not a JSON object", at: location)
        }

        func field<T>(_ key: String, as type: T.Type) throws(Diagnostic) -> T {
            guard let value = object[key] as? T else {
                throw .error("missing or mistyped field '\(key)'", at: location)
            }
            return value
        }

        // Notebooks know their chapter as a number (`Notebook(chapter: 2, ...)`),
        // so `2`, `"2"` and `"02"` all name chapter 02.
        let recordedChapter: String
        if let number = object["chapter"] as? Int {
            recordedChapter = String(number)
        } else {
            recordedChapter = try field("chapter", as: String.self)
        }
        guard chapter.matches(recordedChapter) else {
            throw .error("records chapter '\(recordedChapter)', expected '\(chapter.id)'", at: location)
        }
        let modeName = try field("mode", as: String.self)
        guard let mode = Mode(rawValue: modeName), mode == layout.mode else {
            throw .error("records mode '\(modeName)', expected '\(layout.mode.rawValue)'", at: location)
        }
        let record = RunRecord(
            chapter: recordedChapter, mode: mode,
            commit: try field("commit", as: String.self),
            seconds: try field("seconds", as: Double.self),
            date: try field("date", as: String.self),
            inputs: object["inputs"] as? String)
        guard record.seconds >= 0, record.seconds.isFinite else {
            throw .error("field 'seconds' is \(record.seconds)", at: location)
        }
        return record
    }

    /// The line under the chapter's heading:
    /// `*Run in full mode at commit 8745da1 in 1 min 12 s.*`
    var summary: String {
        "*Run in \(mode.rawValue) mode at commit \(commit) in \(Self.duration(seconds)).*"
    }

    /// Wall time as a reader would say it: `0.4 s`, `12 s`, `1 min 12 s`, `2 h 5 min`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 9.95 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        let minutes = (whole + 30) / 60
        return "\(minutes / 60) h \(minutes % 60) min"
    }
}
