import Foundation
import Notebook

/// A chapter's notebook exited with an error; `book run` exits with the same code.
struct ChapterRunFailure: Error, CustomStringConvertible {
    let chapter: Chapter
    let command: String
    let exitCode: Int32

    var description: String {
        "\(chapter.label) failed: `\(command)` exited with status \(exitCode)"
    }
}

/// Runs chapter notebooks, skipping those whose inputs have not changed since their
/// last run. The inputs hash travels to the notebook in `BOOK_INPUTS_HASH`, which it
/// copies into `run.json` as `"inputs"`; the next `book run` compares against that.
struct ChapterRunner {
    let layout: Layout
    /// Every chapter of the book, in order.
    let chapters: [Chapter]
    /// Progress lines (`cached ...`, `running ...`) go here; the notebooks' own
    /// output streams straight to the terminal.
    var log: (String) -> Void = { print($0) }

    struct Summary: Equatable {
        var ran: [String] = []
        var cached: [String] = []
    }

    /// Runs the `selected` chapters in book order, stopping at the first that fails.
    func run(_ selected: [Chapter]) throws -> Summary {
        var summary = Summary()
        for chapter in chapters where selected.contains(chapter) {
            let manifest = try ChapterInputs.manifest(for: chapter, layout: layout)
            let recorded = try? RunRecord.load(for: chapter, in: layout)
            if recorded?.inputs == manifest.hash {
                log("cached   \(chapter.executableName) (\(chapter.label)): inputs \(manifest.hash.prefix(12)) unchanged")
                summary.cached.append(chapter.id)
                continue
            }
            try execute(chapter, inputs: manifest)
            summary.ran.append(chapter.id)
            if (try? RunRecord.load(for: chapter, in: layout))?.inputs != manifest.hash {
                log("warning: \(chapter.executableName) did not record BOOK_INPUTS_HASH as \"inputs\" "
                    + "in \(layout.runRecordPath(for: chapter)), so it will run again every time")
            }
        }
        log("ran: \(summary.ran.joined(separator: ", ").ifEmpty("none")); "
            + "cached: \(summary.cached.joined(separator: ", ").ifEmpty("none"))")
        return summary
    }

    private func execute(_ chapter: Chapter, inputs: Manifest) throws {
        let executable = layout.url(layout.executablePath(for: chapter))
        let command = ([layout.executablePath(for: chapter)] + layout.mode.arguments).joined(separator: " ")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Diagnostic.error("no executable \(layout.executablePath(for: chapter)): "
                + "build it first with `swift build -c release --product \(chapter.executableName)`")
        }
        log("running  \(chapter.executableName) (\(chapter.label)) in \(layout.mode.rawValue) mode")
        if let newer = newestInput(than: executable, in: inputs) {
            log("warning: \(newer) is newer than \(layout.executablePath(for: chapter)); "
                + "run `swift build -c release` first or this run records old code's results")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = layout.mode.arguments
        process.currentDirectoryURL = layout.root
        process.environment = ProcessInfo.processInfo.environment
            .merging(["BOOK_INPUTS_HASH": inputs.hash]) { $1 }
        // Our lines first: when stdout is a pipe (CI logs) it is block-buffered, and
        // the notebook writes to the same file descriptor directly. (nil: all streams.)
        fflush(nil)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            // A crash shows as the signal number; shells report it as 128 + signal.
            let code = process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            throw ChapterRunFailure(chapter: chapter, command: command, exitCode: code)
        }
    }

    /// An input modified after the executable was built, if any: the sign of a
    /// forgotten `swift build`, which would record the old code's results under the
    /// new code's hash.
    private func newestInput(than executable: URL, in inputs: Manifest) -> String? {
        func modified(_ url: URL) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        }
        guard let built = modified(executable) else { return nil }
        // Only source files the compiler reads: data files need no rebuild, and
        // an edit of Package.swift need not relink every executable.
        return inputs.entries.map(\.path)
            .filter { $0 != "Package.swift" }
            .filter { $0.hasSuffix(".swift") || $0.hasSuffix(".h") || $0.hasSuffix(".modulemap") }
            .first { (modified(layout.url($0)) ?? .distantPast) > built }
    }
}

private extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
