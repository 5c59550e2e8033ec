import Foundation
import Synchronization
import XCTest
import Book
@testable import Notebook

/// A console that keeps what was written, for assertions.
final class CapturedConsole: Sendable {
    private let buffer = Mutex("")
    let isTerminal: Bool

    init(isTerminal: Bool = false) { self.isTerminal = isTerminal }

    var console: Console {
        Console(isTerminal: isTerminal) { [self] text in buffer.withLock { $0 += text } }
    }

    var text: String { buffer.withLock { $0 } }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let seconds = Mutex(0.0)
    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
    var now: @Sendable () -> Double { { [self] in seconds.withLock { $0 } } }
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("notebook-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

func contents(of url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
}
