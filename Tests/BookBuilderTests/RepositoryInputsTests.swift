import Foundation
import XCTest
@testable import bookbuilder
import Notebook

/// The real book's declarations (`Chapters/*/inputs.txt`), checked on a copy of
/// the repository's sources.
final class RepositoryInputsTests: XCTestCase {
    /// The repository this test file is in.
    private let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of what the inputs can name (sources, scripts, fixtures), not build products.
    private func copyOfSources() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for path in ["Package.swift", "Sources", "Chapters", "scripts", "Tests/Fixtures"] {
            let target = repo.url(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(path), to: target)
        }
        return repo
    }

    /// Chapter 1's notebook writes the tokenizer and token files that
    /// chapters 2–4 read, chapter 5 exports chapter 4's model, chapter 6
    /// fine-tunes it, and chapter 7 trains on the tokens: all stale.
    func testEditingChapterOnesNotebookMakesEveryChapterAfterItStale() throws {
        let repo = try copyOfSources()
        let chapters = try Chapter.discover(in: repo.layout())
        let before = try chapters.map { try repo.currentInputs($0.id) }
        let main = "Chapters/01-Tokenizer/Main/main.swift"
        try repo.write(main, try repo.read(main) + "\n// the vocabulary changed\n")
        let after = try chapters.map { try repo.currentInputs($0.id) }
        let stale = zip(chapters, zip(before, after)).filter { $1.0 != $1.1 }.map(\.0.id)
        XCTAssertEqual(stale, ["01", "02", "03", "04", "05", "06", "07"])
    }

    /// Every chapter library a notebook links must be declared, so that editing
    /// it reruns the notebook; the package's dependency graph says which.
    func testDeclarationsCoverEveryLinkedChapterLibrary() throws {
        let swift = try XCTUnwrap(ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("swift") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }, "swift is not on PATH")
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("dump-package-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = swift
        process.arguments = ["package", "--package-path", root.path,
                             "--scratch-path", scratch.path, "dump-package"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)

        struct Package: Decodable {
            struct Target: Decodable {
                let name: String, type: String, path: String?
                let dependencies: [[String: [String?]]]
            }
            let targets: [Target]
        }
        let targets = try JSONDecoder().decode(Package.self, from: data).targets
        let byName = Dictionary(uniqueKeysWithValues: targets.map { ($0.name, $0) })
        func dependencies(of name: String) -> Set<String> {
            var seen: Set<String> = [], pending = [name]
            while let next = pending.popLast() {
                for dependency in byName[next]?.dependencies ?? [] {
                    for case let target? in dependency.values.compactMap({ $0.first })
                    where seen.insert(target).inserted {
                        pending.append(target)
                    }
                }
            }
            return seen
        }
        let layout = Layout(root: root, mode: .full)
        var checked = 0
        for chapter in try Chapter.discover(in: layout) {
            let declared = Set(try ChapterInputs.closure(of: chapter, layout: layout))
            for library in dependencies(of: chapter.executableName) {
                guard let path = byName[library]?.path, path.hasPrefix("Chapters/") else { continue }
                let directory = path.split(separator: "/").prefix(2).joined(separator: "/")
                XCTAssertTrue(declared.contains(directory),
                              "\(chapter.executableName) links \(library) but "
                              + "\(chapter.directory)/inputs.txt does not declare \(directory)")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 10, "the package graph was not read")
    }
}
