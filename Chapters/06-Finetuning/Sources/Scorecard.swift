import Foundation

/// One family's results on a set of examples.
public struct FamilyScore: Sendable, Equatable, Codable {
    public let family: TaskFamily
    /// Replies equal to the answer (exact match).
    public let correct: Proportion
    /// Replies of the answer's form, right or wrong.
    public let wellFormed: Proportion
    /// Replies that are the house refusal: the refusal rate on `refuse`,
    /// the false-refusal rate everywhere else.
    public let refused: Proportion
}

// listing: scorecard
/// Exact-match accuracy per family, with the form and refusal rates that
/// say *how* a model fails: a base model mostly fails at form, a tuned one
/// at knowledge, and a model that learned only "refuse anything about
/// poison" shows it in its look-alike refusals.
public func score(_ examples: [InstructionExample], replies: [String]) -> [FamilyScore] {
    precondition(examples.count == replies.count, "one reply per example")
    let pairs = zip(examples, replies)
    return TaskFamily.allCases.compactMap { family in
        let mine = pairs.filter { $0.0.family == family }
        guard !mine.isEmpty else { return nil }
        func share(_ test: (InstructionExample, String) -> Bool) -> Proportion {
            Proportion(count: mine.filter { test($0.0, $0.1) }.count, total: mine.count)
        }
        return FamilyScore(
            family: family,
            correct: share { ExactMatch.matches($1, $0.answer) },
            wellFormed: share { family.isWellFormed($1) },
            refused: share { ExactMatch.matches($1, InstructionExample.refusal) })
    }
}
// end listing
