import Foundation

/// Wall-clock time since it was started, from the monotonic clock (immune to
/// the system clock being adjusted mid-run).
public struct Stopwatch: Sendable {
    private let start = ContinuousClock.now

    public init() {}

    /// Seconds since `init`.
    public var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds)
            + Double(elapsed.components.attoseconds) * 1e-18
    }
}
