import Book
import Foundation
import Tokenizer

/// How many examples of each family go to each split.
public struct SplitSizes: Sendable, Equatable {
    public var train: Int, validation: Int, test: Int

    public init(train: Int, validation: Int, test: Int) {
        (self.train, self.validation, self.test) = (train, validation, test)
    }

    /// 8 families × 600: 3,600 to train on, 400 to tune with, 800 to report.
    public static let standard = SplitSizes(train: 450, validation: 50, test: 100)
}

/// The instruction data set, made by code from the corpus: deterministic
/// for a seed, every answer checkable by exact match.
public enum InstructionData {
    // listing: instruction-split
    /// Builds the three splits so that no test prompt's line appears in a
    /// training prompt:
    /// - the text tasks (first word, last word, count) train on the
    ///   training lines below and are tested on the held-out plays (chapter
    ///   1's validation plays), which the base model never saw;
    /// - the tasks about a play (next line, speaker, play) need plays the
    ///   model knows, so their lines are split by *speech*: a speech's lines
    ///   (and the wrong choices offered with them) all go to one split;
    /// - the safety tasks hold some harms and people out of training.
    public static func make(trainingPlays: [Play], heldOutPlays: [Play],
                            sizes: SplitSizes = .standard, seed: UInt64 = 6) throws
        -> InstructionSplits
    {
        var rng = RandomGenerator(seed: seed)
        let known = LineTasks.quotable(trainingPlays)
        var bySpeech: [[QuotedLine]] = [[], [], []]
        for line in known { bySpeech[part(of: line)].append(line) }
        let heldOut = LineTasks.quotable(heldOutPlays)
        let validationPlay = heldOutPlays.first?.title
        let byPlay = [bySpeech[0],
                      heldOut.filter { $0.play.title == validationPlay },
                      heldOut.filter { $0.play.title != validationPlay }]
        var requests = SafetyTasks.heldOutRequests
        rng.shuffle(&requests)
        let third = requests.count / 3
        let safety = [SafetyTasks.trainingRequests, Array(requests[..<third]),
                      Array(requests[third...])]
        let titles = trainingPlays.map(\.title)

        var splits: [[InstructionExample]] = [[], [], []]
        let counts = [sizes.train, sizes.validation, sizes.test]
        for family in TaskFamily.allCases {
            for s in 0..<3 {
                switch family {
                case .refuse, .lookAlike:
                    splits[s] += try examples(family, count: counts[s], from: safety[s],
                                              rng: &rng) { request, rng in
                        SafetyTasks.example(family, request, rng: &rng)
                    }
                case .firstWord, .lastWord, .countWords, .nextLine, .speaker, .play:
                    let pool = family.isTextTask ? byPlay[s] : bySpeech[s]
                    splits[s] += try examples(family, count: counts[s], from: pool,
                                              rng: &rng) { line, rng in
                        LineTasks.example(family, line, pool: pool, titles: titles, rng: &rng)
                    }
                }
            }
        }
        for s in 0..<3 { rng.shuffle(&splits[s]) }
        return InstructionSplits(train: splits[0], validation: splits[1], test: splits[2])
    }
    // end listing

    /// The split of a line's speech: 80 % train, 5 % validation, 15 % test,
    /// by a hash of the play and the speech's place in it, so it does not
    /// depend on the order the plays come in.
    static func part(of line: QuotedLine) -> Int {
        let hash = Hash64.mix(Hash64.fnv1a("\(line.play.title) \(line.speech)".utf8)) % 100
        return hash < 80 ? 0 : hash < 85 ? 1 : 2
    }

    /// `count` examples of `family`, each about a different item of `pool`
    /// (taken in a random order; `make` may decline an item, returning nil),
    /// or an error naming the family if the pool runs out first.
    static func examples<Item>(_ family: TaskFamily, count: Int, from pool: [Item],
                               rng: inout RandomGenerator,
                               _ make: (Item, inout RandomGenerator) -> InstructionExample?) throws
        -> [InstructionExample]
    {
        var order = Array(pool.indices)
        rng.shuffle(&order)
        var made: [InstructionExample] = []
        for index in order where made.count < count {
            if let example = make(pool[index], &rng) { made.append(example) }
        }
        guard made.count == count else {
            throw InputError("\(family.rawValue): \(made.count) examples of the \(count) "
                             + "asked for; the corpus is too small")
        }
        return made
    }
}
