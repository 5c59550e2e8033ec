import Book
import Dispatch
import Foundation
import Synchronization

// listing: worker-pool
/// Threads that stay awake between the small jobs of generating a token.
/// Decoding one token is several matrix products per layer, each far
/// shorter than a millisecond; `parallelFor` hands each to a dispatch
/// queue, whose sleeping workers take microseconds to wake, a large share
/// of so small a job. These workers spin on a counter instead, as
/// llama.cpp's thread pool does, and sleep only after a few milliseconds
/// with no work.
final class WorkerPool: @unchecked Sendable {  // `job` is published through `epoch`
    static let shared = WorkerPool(threads: threadCount)

    /// Threads besides the caller's.
    let workers: Int
    /// Bumped once per job: a worker that sees it change runs its share.
    private let epoch = Atomic<Int>(0)
    /// Workers still running the current job.
    private let pending = Atomic<Int>(0)
    /// Workers that may be asleep on `wake`.
    private let sleeping = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    nonisolated(unsafe) private var job: ((Int) -> Void)?
    /// The next chunk to take, for `parallelFor`.
    private let cursor = Atomic<Int>(0)

    init(threads: Int) {
        workers = max(threads - 1, 0)
        for index in 0..<workers {
            Thread.detachNewThread { [self] in work(as: index + 1) }
        }
    }

    /// Runs `body(0)`, …, `body(workers)`, one per thread, the caller
    /// taking part 0; returns when all are done.
    func run(_ body: (Int) -> Void) {
        guard workers > 0 else { return body(0) }
        withoutActuallyEscaping(body) { body in
            job = body
            pending.store(workers, ordering: .releasing)
            epoch.add(1, ordering: .releasing)
            for _ in 0..<sleeping.exchange(0, ordering: .acquiringAndReleasing) {
                wake.signal()
            }
            body(0)
            while pending.load(ordering: .acquiring) > 0 {}
            job = nil
        }
    }

    private func work(as index: Int) {
        flushDenormalsToZero()  // as the core's kernels do on every thread
        var seen = 0
        while true {
            var spins = 0
            while epoch.load(ordering: .acquiring) == seen {
                spins += 1
                guard spins > 2_000_000 else { continue }  // a few milliseconds
                // Sleep; a job published meanwhile is seen by the check
                // after the increment, or signals the semaphore.
                sleeping.add(1, ordering: .acquiringAndReleasing)
                if epoch.load(ordering: .acquiring) == seen { wake.wait() }
                spins = 0
            }
            seen = epoch.load(ordering: .acquiring)
            job!(index)
            pending.subtract(1, ordering: .releasing)
        }
    }

    /// `0..<count` cut into chunks that the threads take in turn until none
    /// is left, so a thread slowed by anything (its half of the memory, an
    /// interrupt) takes fewer. Chunks shrink as the work runs out (each a
    /// share of what is left, OpenMP's "guided" schedule): few claims on
    /// the shared counter, whose cache line the cores pass back and forth,
    /// and a small last chunk to wait for. Small counts stay on the caller.
    /// Chunks start at multiples of `unit` (interleaved rows come in 16s).
    func parallelFor(_ count: Int, unit: Int = 1, _ body: (Range<Int>) -> Void) {
        let threads = workers + 1
        guard workers > 0, count >= 4 * threads * unit else { return body(0..<count) }
        let smallest = max(unit, count / (32 * threads))
        cursor.store(0, ordering: .relaxed)
        run { _ in
            while true {
                let left = count - cursor.load(ordering: .relaxed)
                let size = (max(smallest, left / (2 * threads)) + unit - 1) / unit * unit
                let start = cursor.add(size, ordering: .relaxed).oldValue
                guard start < count else { break }
                body(start..<min(count, start + size))
            }
        }
    }
}
// end listing
