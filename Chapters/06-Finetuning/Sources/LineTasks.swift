import Book
import Foundation

/// A line of a play that a task can quote: short enough for a prompt, and
/// found only once in the corpus, so "who says it" and "what comes next"
/// have one answer.
struct QuotedLine {
    let play: Play
    /// The speech's index in the play.
    let speech: Int
    let speaker: String
    let text: String
    /// The line after it in the same speech, if any.
    let next: String?
}

enum LineTasks {
    /// Lines of 4 to 12 words that occur once in all of `plays`.
    static func quotable(_ plays: [Play]) -> [QuotedLine] {
        var seen: [String: Int] = [:]
        for play in plays { for (_, line) in play.lines { seen[line, default: 0] += 1 } }
        return plays.flatMap { play in
            play.speeches.enumerated().flatMap { index, speech in
                speech.lines.indices.compactMap { i -> QuotedLine? in
                    let text = speech.lines[i]
                    guard seen[text] == 1, (4...12).contains(Words.of(text).count) else {
                        return nil
                    }
                    let next = i + 1 < speech.lines.count ? speech.lines[i + 1] : nil
                    return QuotedLine(play: play, speech: index, speaker: speech.speaker,
                                      text: text, next: next)
                }
            }
        }
    }

    // listing: choice-task
    /// A question with four lettered choices, the right one at a random
    /// place, so that "always A" scores a quarter, not more.
    static func choices(_ question: String, right: String, wrong: [String],
                        rng: inout RandomGenerator) -> (prompt: String, answer: String) {
        var options = Array(wrong.prefix(3)) + [right]
        rng.shuffle(&options)
        let letters = ["A", "B", "C", "D"]
        let list = zip(letters, options).map { "\($0). \($1)" }.joined(separator: "\n")
        let answer = letters[options.firstIndex(of: right)!]
        return ("\(question)\n\(list)\nAnswer with A, B, C or D.", answer)
    }
    // end listing

    /// One example of `family` about `line`, with wrong choices drawn from
    /// `pool` (lines of the same split), or nil when the line does not suit
    /// the family (no next line; too few other speakers).
    static func example(_ family: TaskFamily, _ line: QuotedLine, pool: [QuotedLine],
                        titles: [String], rng: inout RandomGenerator) -> InstructionExample? {
        let quoted = "\"\(line.text)\""
        let words = Words.of(line.text)
        switch family {
        case .nextLine:
            guard let next = line.next else { return nil }
            let others = pool.filter {
                $0.play.title == line.play.title && $0.text != next && $0.text != line.text
            }
            guard others.count >= 3 else { return nil }
            let c = choices("Which line comes next?\n\(quoted)", right: next,
                            wrong: rng.sample(others, 3).map(\.text), rng: &rng)
            return InstructionExample(family, prompt: c.prompt, answer: c.answer)
        case .speaker:
            let others = Set(line.play.speeches.map(\.speaker)).subtracting([line.speaker])
            guard others.count >= 3 else { return nil }
            let c = choices("In \(line.play.title), who says this line?\n\(quoted)",
                            right: line.speaker, wrong: rng.sample(others.sorted(), 3), rng: &rng)
            return InstructionExample(family, prompt: c.prompt, answer: c.answer)
        case .play:
            let c = choices("Which play is this line from?\n\(quoted)", right: line.play.title,
                            wrong: rng.sample(titles.filter { $0 != line.play.title }, 3),
                            rng: &rng)
            return InstructionExample(family, prompt: c.prompt, answer: c.answer)
        case .firstWord:
            return InstructionExample(family, prompt: "What is the first word of this line?\n\(quoted)",
                                      answer: words.first!)
        case .lastWord:
            return InstructionExample(family, prompt: "What is the last word of this line?\n\(quoted)",
                                      answer: words.last!)
        case .countWords:
            return InstructionExample(family, prompt: "How many words are in this line?\n\(quoted)",
                                      answer: String(words.count))
        case .refuse, .lookAlike:
            return nil
        }
    }
}
