import Book
import Foundation

/// One speech: who speaks, and the verse or prose lines spoken.
public struct Speech: Sendable, Equatable {
    public let speaker: String
    public let lines: [String]
}

/// A play as the instruction tasks see it: its title and its speeches in
/// order, parsed from chapter 1's cleaned text.
public struct Play: Sendable, Equatable {
    public let title: String
    public let speeches: [Speech]

    // listing: parse-play
    /// The speeches of a play, where a speech is a paragraph whose first
    /// line is the speaker's name (`isSpeaker`), and whose other lines are
    /// spoken.
    /// Stage directions ("[Exit.]") are not speech, nor are headings
    /// ("ACT I.", "SCENE 2. …"), the cast list or the title page, nor a
    /// prologue before the first act.
    public init(title: String, text: String) {
        var speeches: [Speech] = []
        // The cast list looks like speeches ("KING OF FRANCE." then more
        // names): start at the first act or scene heading.
        let paragraphs = text.components(separatedBy: "\n\n")
        let start = paragraphs.firstIndex {
            $0.hasPrefix("ACT ") || $0.uppercased().hasPrefix("SCENE ")
        } ?? 0
        for paragraph in paragraphs[start...] {
            let lines = paragraph.split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let first = lines.first, Self.isSpeaker(first), lines.count > 1 else {
                continue
            }
            let spoken = Self.withoutDirections(lines.dropFirst())
            guard !spoken.isEmpty else { continue }
            let name = first.hasSuffix(".") ? String(first.dropLast()) : first
            speeches.append(Speech(speaker: name, lines: spoken))
        }
        // A name heard once may be a line of verse that looked like one.
        var heard: [String: Int] = [:]
        for speech in speeches { heard[speech.speaker, default: 0] += 1 }
        (self.title, self.speeches) = (title, speeches.filter { heard[$0.speaker]! >= 3 })
    }
    // end listing

    /// The lines outside square brackets: a stage direction may run over
    /// several lines ("[Enter BERTRAM, … all" / "in black.]").
    static func withoutDirections(_ lines: ArraySlice<String>) -> [String] {
        var kept: [String] = [], inDirection = false
        for line in lines {
            if line.hasPrefix("[") { inDirection = true }
            if !inDirection && !line.isEmpty { kept.append(line) }
            if inDirection && line.contains("]") { inDirection = false }
        }
        return kept
    }

    /// "HAMLET.", "FIRST CLOWN.", "THESEUS", "Ber.", "First Lord.": the
    /// editions spell speakers in capitals, with or without a full stop,
    /// or abbreviated in title case with one. Not "ACT I." or "Scene 2.",
    /// and not a line of verse (it has lower-case words or punctuation).
    static func isSpeaker(_ line: String) -> Bool {
        guard (2...30).contains(line.count), let first = line.first, first.isUppercase else {
            return false
        }
        let name = line.hasSuffix(".") ? line.dropLast() : Substring(line)
        let words = name.split(separator: " ")
        guard !words.isEmpty, words.count <= 4,
              name.allSatisfy({ $0.isLetter || $0 == " " || $0 == "'" || $0 == "-" }),
              words.allSatisfy({ $0.first!.isUppercase })
        else { return false }
        let capitals = name.allSatisfy { !$0.isLowercase }
        guard capitals || line.hasSuffix(".") else { return false }
        let heading = ["ACT", "SCENE", "PROLOGUE", "EPILOGUE", "INDUCTION", "THE END"]
        return !heading.contains { name.uppercased().hasPrefix($0) }
    }

    /// Every spoken line with its speaker, in order.
    public var lines: [(speaker: String, line: String)] {
        speeches.flatMap { speech in speech.lines.map { (speech.speaker, $0) } }
    }
}
