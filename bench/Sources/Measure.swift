import Dispatch
import Foundation

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

/// Prints a step command's result as one JSON line, with this process's
/// peak resident memory ("max_rss_mb"), for the bench that started it.
func printStepResult(_ fields: [String: Any]) throws {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let json = fields.merging(["max_rss_mb": Double(usage.ru_maxrss) / 1024]) { $1 }
    print(String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
}
