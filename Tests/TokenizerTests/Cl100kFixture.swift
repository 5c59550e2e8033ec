import Foundation
import XCTest
@testable import Tokenizer

/// The committed tiktoken fixtures (`Tests/Fixtures/cl100k/make_fixture.py`)
/// and GPT-4's encoding, loaded once for all tests.
enum Cl100kFixture {
    struct Case {
        let name: String
        let bytes: [UInt8]
        /// Byte ranges of the regex's pieces; empty for cases without.
        let pieces: [[UInt8]]
        let ids: [Int]
        /// For `encode(_:allowedSpecial:)` cases.
        let text: String
        let allowed: Set<String>
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/cl100k").standardized

    /// The lists of cases.json by name: "ordinary", "bytes" and "special".
    static let cases: [String: [Case]] = {
        let url = directory.appendingPathComponent("cases.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return ["ordinary", "bytes", "special"].reduce(into: [:]) { lists, list in
            lists[list] = (json[list] as? [[String: Any]] ?? []).map { c in
                let text = c["text"] as? String ?? ""
                return Case(name: c["name"] as? String ?? "?",
                            bytes: (c["hex"] as? String).map(bytes(hex:)) ?? Array(text.utf8),
                            pieces: (c["pieces"] as? [String] ?? []).map(bytes(hex:)),
                            ids: c["ids"] as? [Int] ?? [],
                            text: text,
                            allowed: Set(c["allowed"] as? [String] ?? []))
            }
        }
    }()

    static func cases(_ list: String) throws -> [Case] {
        let cases = try XCTUnwrap(Self.cases[list], "\(directory.path)/cases.json: no \(list) cases")
        XCTAssertFalse(cases.isEmpty)
        return cases
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
        }
        return bytes
    }

    /// GPT-4's encoding (see `TestData.require` for when it is missing).
    static func encoding(file: StaticString = #filePath, line: UInt = #line) throws -> Encoding {
        try loaded.get(try TestData.cl100kRanks(file: file, line: line))
    }

    /// Loading takes a while in a debug build, so every test shares one.
    private static let loaded = Loaded()
    private final class Loaded: @unchecked Sendable {
        private let lock = NSLock()
        private var encoding: Encoding?
        func get(_ url: URL) throws -> Encoding {
            lock.lock()
            defer { lock.unlock() }
            if let encoding { return encoding }
            let loaded = try Encoding.cl100kBase(ranksFile: url)
            encoding = loaded
            return loaded
        }
    }

    /// FNV-1a over ids, one id per step, as make_fixture.py computes it.
    static func fnv1a(_ ids: [Int]) -> String { Hash64.digest(ofIDs: ids) }
}
