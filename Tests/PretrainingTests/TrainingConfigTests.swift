import Pretraining
import XCTest

final class TrainingConfigTests: XCTestCase {
    func testBadSettingsNameTheSetting() {
        func message(_ body: () throws -> TrainingConfig) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message {
            try TrainingConfig(steps: 0, batch: 2, context: 8, maxLR: 1e-3, minLR: 0,
                               warmup: 0, evalEvery: 1, evalBatches: 1,
                               checkpointEvery: 1, seed: 1)
        }, "steps 0 must be positive")
        XCTAssertEqual(message {
            try TrainingConfig(steps: 10, batch: 2, context: 8, maxLR: 1e-3, minLR: 0,
                               warmup: 11, evalEvery: 1, evalBatches: 1,
                               checkpointEvery: 1, seed: 1)
        }, "warmup 11 must be in 0...steps (10)")
        XCTAssertEqual(message {
            try TrainingConfig(steps: 10, batch: 2, context: 8, maxLR: 1e-3, minLR: 1e-2,
                               warmup: 1, evalEvery: 1, evalBatches: 1,
                               checkpointEvery: 1, seed: 1)
        }, "learning rates must satisfy 0 ≤ minLR (0.01) ≤ maxLR (0.001), maxLR > 0")
    }
}
