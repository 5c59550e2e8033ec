import Foundation
import XCTest
@testable import bookbuilder
import Notebook

/// A throwaway repository laid out like the book's, for tests to fill with chapters,
/// sources and the files a chapter run leaves behind.
final class TemporaryRepository {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("book-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func layout(_ mode: RunMode = .full) -> Layout {
        Layout(root: root, mode: mode)
    }

    func url(_ path: String) -> URL {
        root.appendingPathComponent(path)
    }

    func write(_ path: String, _ text: String) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: url(path).path)
    }

    /// Writes `run.json` as a chapter notebook would at the end of its run started
    /// by `bookbuilder run`: with the hash of the chapter's current inputs, unless
    /// `inputs` says otherwise ("" for a run started by hand, which records none).
    func recordRun(_ id: String, mode: RunMode = .full, seconds: Double = 72,
                   date: String = "2026-11-30T20:00:00Z", inputs: String? = nil) throws {
        let hash = try inputs ?? currentInputs(id, mode: mode)
        let inputsField = hash.isEmpty ? "" : #", "inputs": "\#(hash)""#
        try write("\(layout(mode).runsDirectory)/\(id)/run.json", """
            {"chapter": "\(id)", "mode": "\(mode.rawValue)", "commit": "8745da1", \
            "seconds": \(seconds), "date": "\(date)"\(inputsField), "cells": [], "timings": [], \
            "machine": {"cpu": "Test CPU", "threads": 2, "blasKernel": "Haswell"}}
            """)
    }

    /// The hash of chapter `id`'s inputs as they are now.
    func currentInputs(_ id: String, mode: RunMode = .full) throws -> String {
        let chapters = try Chapter.discover(in: layout(mode))
        let chapter = try XCTUnwrap(chapters.first { $0.id == id })
        return try ChapterInputs.manifest(for: chapter, layout: layout(mode)).hash
    }

    func recordOutput(_ id: String, _ name: String, _ text: String, mode: RunMode = .full) throws {
        try write("\(layout(mode).runsDirectory)/\(id)/outputs/\(name).md", text)
    }

    /// A stand-in PNG: `book` checks the image exists, never what is in it.
    func drawFigure(_ id: String, _ name: String, mode: RunMode = .full) throws {
        try write("\(layout(mode).figuresDirectory)/ch\(id)-\(name).png", "PNG")
    }

    /// An executable shell script at `path`, standing in for a chapter notebook.
    func writeScript(_ path: String, _ body: String) throws {
        try write(path, "#!/bin/sh\n" + body + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url(path).path)
    }
}

/// The errors `body` throws as `Diagnostics`, one description per line; fails the
/// test if it throws nothing or something else.
func diagnostics<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    do {
        _ = try body()
        XCTFail("expected errors, got none", file: file, line: line)
    } catch let error as Diagnostics {
        return error.errors.map(\.description)
    } catch {
        XCTFail("expected Diagnostics, got \(error)", file: file, line: line)
    }
    return []
}
