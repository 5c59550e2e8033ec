// `bookbuilder`: assembles book.md from the chapters, and runs the chapters' notebooks with
// caching. See `Invocation.usage`, or run `bookbuilder --help`.
import Foundation

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

do {
    switch try Invocation(arguments: Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(Invocation.usage)

    case .assemble(let mode, let root, let out):
        let layout = Layout(root: URL(fileURLWithPath: root), mode: mode)
        let assembler = BookAssembler(layout: layout, bookFile: out.map { URL(fileURLWithPath: $0) })
        let book = try assembler.write()
        book.warnings.forEach { printError($0.description) }
        let reused = book.reused.map(\.id).joined(separator: ", ")
        print("wrote \(assembler.bookFile.path): \(book.chapters.count) chapters"
              + (reused.isEmpty ? "" : "; \(reused) as the committed book shows them (their "
                 + "sources are unchanged, and their runs are not here or not current)"))

    case .check(let root):
        try BookCheck(layout: Layout(root: URL(fileURLWithPath: root), mode: .full)).run()
        print("book.md comes from the current sources")

    case .run(let mode, let root, let selectors):
        let layout = Layout(root: URL(fileURLWithPath: root), mode: mode)
        let chapters = try Chapter.discover(in: layout)
        let unknown = selectors.filter { selector in !chapters.contains { $0.matches(selector) } }
        guard unknown.isEmpty else {
            throw UsageError(description: "no chapter \(unknown.joined(separator: ", ")); chapters are "
                + chapters.map(\.id).joined(separator: ", "))
        }
        let selected = selectors.isEmpty
            ? chapters : chapters.filter { chapter in selectors.contains { chapter.matches($0) } }
        _ = try ChapterRunner(layout: layout, chapters: chapters).run(selected)
    }
} catch let error as UsageError {
    printError("book: \(error)\n\n\(Invocation.usage)")
    exit(2)
} catch let failure as ChapterRunFailure {
    printError("book: \(failure)")
    exit(failure.exitCode)
} catch {
    printError("\(error)")
    exit(1)
}
