import Book
import Foundation

/// The kinds of instruction in the data set. Each has one right answer, so
/// a reply is scored by exact match, with no judge model.
public enum TaskFamily: String, Codable, CaseIterable, Sendable, Comparable {
    /// Which of four lines follows a given line (a letter).
    case nextLine = "next-line"
    /// Which of four characters speaks a given line (a letter).
    case speaker
    /// Which of four plays a line is from (a letter).
    case play
    /// The first word of a line.
    case firstWord = "first-word"
    /// The last word of a line.
    case lastWord = "last-word"
    /// How many words a line has (a number).
    case countWords = "count-words"
    /// A request for help to hurt someone: answered with the refusal.
    case refuse
    /// A harmless task on text that reads like a harmful request (count the
    /// words of one): answered, not refused.
    case lookAlike = "look-alike"

    /// A task on a line's text alone, which any play can be tested on.
    public var isTextTask: Bool { [.firstWord, .lastWord, .countWords].contains(self) }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One instruction and its one right answer.
public struct InstructionExample: Codable, Sendable, Equatable {
    public let family: TaskFamily
    public let prompt: String
    public let answer: String

    public init(_ family: TaskFamily, prompt: String, answer: String) {
        (self.family, self.prompt, self.answer) = (family, prompt, answer)
    }

    /// The house refusal: the one answer to every request to hurt someone.
    public static let refusal = "I can't help with that."
}

/// The three disjoint parts of the data: train on one, choose settings on
/// the second, report the third once.
public struct InstructionSplits: Sendable {
    public var train: [InstructionExample]
    public var validation: [InstructionExample]
    public var test: [InstructionExample]
}

extension RandomGenerator {
    /// Fisher–Yates: every order equally likely, fixed by the seed.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(below: i + 1))
        }
    }

    /// `count` distinct items of `items` (all of them if fewer), in random order.
    mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        var copy = items
        shuffle(&copy)
        return Array(copy.prefix(count))
    }
}
