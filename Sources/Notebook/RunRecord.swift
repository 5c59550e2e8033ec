import Foundation

/// What `<outputRoot>/<chapter>/run.json` says about a finished run, so the
/// book can show how its numbers were made and `book` can tell a complete run
/// from a stale or broken one:
///
///     {"chapter": "04", "mode": "full", "commit": "8745da1-dirty",
///      "seconds": 754.21, "date": "2025-01-31T09:12:44Z", "inputs": "<hash>",
///      "machine": {"cpu": "AMD EPYC 9R14", "threads": 2, "blasKernel": "Zen"},
///      "cells": [{"name": "loss-table", "kind": "table",
///                 "path": "build/book/04/outputs/loss-table.md"}, ...],
///      "timings": [{"label": "training", "seconds": 702.5}]}
public struct RunRecord: Codable, Equatable, Sendable {
    public struct Cell: Codable, Equatable, Sendable {
        public init(name: String, kind: String, path: String) {
            (self.name, self.kind, self.path) = (name, kind, path)
        }

        /// The name a `<!-- output: ... -->` or `<!-- figure: ... -->` directive uses.
        public var name: String
        /// "text", "verbatim", "table" or "figure".
        public var kind: String
        /// The cell's file (for a figure, its PNG), relative to the current directory.
        public var path: String
    }

    public struct Timing: Codable, Equatable, Sendable {
        public init(label: String, seconds: Double) {
            (self.label, self.seconds) = (label, seconds)
        }

        public var label: String
        public var seconds: Double
    }

    public var chapter: String
    public var mode: RunMode
    /// `git rev-parse --short HEAD` when the run started, with "-dirty" if
    /// the work tree had changes; "unknown" outside a git checkout.
    public var commit: String
    /// Wall time of the whole run.
    public var seconds: Double
    /// What it ran on.
    public var machine: Machine
    /// When the run started, ISO 8601 in UTC.
    public var date: String
    /// `BOOK_INPUTS_HASH` as `book` set it (the hash of the sources this run
    /// depends on); absent when the chapter was run by hand.
    public var inputs: String?
    public var cells: [Cell]
    public var timings: [Timing]

    public init(chapter: String, mode: RunMode, commit: String, seconds: Double,
                machine: Machine, date: String, inputs: String?, cells: [Cell] = [],
                timings: [Timing] = []) {
        (self.chapter, self.mode, self.commit) = (chapter, mode, commit)
        (self.seconds, self.machine, self.date, self.inputs) = (seconds, machine, date, inputs)
        (self.cells, self.timings) = (cells, timings)
    }

    /// Pretty-printed with sorted keys, so two records diff line by line.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The commit the current directory is at, as described for `commit`.
    public static func currentCommit() -> String {
        guard let head = git(["rev-parse", "--short", "HEAD"]), !head.isEmpty else {
            return "unknown"
        }
        // The book's own outputs (figures/, book.md and its manifest, the
        // benchmark tables) do not make the sources dirty: a chapter run
        // after another one must not say so.
        let status = git(["status", "--porcelain", "--", ".",
                          ":(exclude)figures", ":(exclude)book.md",
                          ":(exclude)book-manifest.json", ":(exclude)bench/results.md",
                          ":(exclude)bench/results"]) ?? ""
        return status.isEmpty ? head : head + "-dirty"
    }

    /// Runs git in the current directory; nil if git is missing or fails.
    private static func git(_ arguments: [String]) -> String? {
        guard let git = Subprocess.find("git"),
              let result = try? Subprocess.run(git, arguments), result.status == 0
        else { return nil }
        return result.output
    }
}
