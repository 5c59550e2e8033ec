import Book
import Model
import XCTest

final class SamplerTests: XCTestCase {
    let logits: [Float] = [1, 3, 0.5, 2.9, -1]

    func testGreedyAndTopOneAreArgmax() throws {
        var rng = RandomGenerator(seed: 1)
        for sampler in [Sampler.greedy, try Sampler(topK: 1), try Sampler(topP: 0.01)] {
            for _ in 0..<20 { XCTAssertEqual(sampler.next(logits, rng: &rng), 1) }
        }
    }

    /// Draws follow softmax(logits / T) restricted to the kept tokens.
    func testFrequenciesFollowTheFilteredDistribution() throws {
        func frequencies(_ sampler: Sampler) -> [Double] {
            var rng = RandomGenerator(seed: 2)
            var counts = [Double](repeating: 0, count: logits.count)
            for _ in 0..<20_000 { counts[sampler.next(logits, rng: &rng)] += 1 }
            return counts.map { $0 / 20_000 }
        }
        let p = logits.map { exp(Double($0)) }, z = p.reduce(0, +)
        for (f, q) in zip(frequencies(try Sampler()), p.map { $0 / z }) {
            XCTAssertEqual(f, q, accuracy: 0.01)
        }
        // top-k 2 keeps tokens 1 and 3, renormalized.
        let two = frequencies(try Sampler(topK: 2))
        XCTAssertEqual(two[1], p[1] / (p[1] + p[3]), accuracy: 0.01)
        XCTAssertEqual(two[0] + two[2] + two[4], 0)
        // top-p 0.9: tokens 1 and 3 hold 0.89 of the mass, so token 0 joins.
        let nucleus = frequencies(try Sampler(topP: 0.9))
        XCTAssertGreaterThan(nucleus[0], 0)
        XCTAssertEqual(nucleus[2] + nucleus[4], 0)
    }

    func testSettingsThatCannotWorkAreErrors() {
        for (settings, message) in [((Float(-1), nil, nil), "temperature -1.0 must be 0 (greedy) or positive"),
                                    ((1, 0, nil), "top-k 0 must be at least 1"),
                                    ((1, nil, Float(1.5)), "top-p 1.5 must be in (0, 1]")] as [((Float, Int?, Float?), String)] {
            XCTAssertThrowsError(try Sampler(temperature: settings.0, topK: settings.1,
                                             topP: settings.2)) { error in
                XCTAssertEqual((error as? InputError)?.description, message)
            }
        }
    }
}
