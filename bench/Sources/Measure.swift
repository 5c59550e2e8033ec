import Dispatch

/// Median wall time of `repeats` runs of `body`, in seconds, after one warm-up
/// run. The median shrugs off the odd run disturbed by another process.
func medianSeconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
}
