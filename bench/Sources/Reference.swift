import Foundation

/// Runs a reference script (PyTorch, tiktoken) in the repository's Python
/// environment, `.refenv`, which `scripts/refenv.sh` creates the first time,
/// and returns the JSON object it prints; nil, with the reason printed, if
/// the environment or the script failed.
func runReference(_ script: String, _ arguments: [String] = []) -> [String: Any]? {
    // The first time, this installs tiktoken and torch (a large download).
    guard run("scripts/refenv.sh", []) != nil else {
        print("bench: scripts/refenv.sh could not set up .refenv")
        return nil
    }
    return runJSON(".refenv/bin/python", [script] + arguments)
}

/// Runs `executable` and returns the JSON object it prints, or nil (with
/// the reason printed) if it failed.
/// `environment` sets variables, or unsets those mapped to nil.
func runJSON(_ executable: String, _ arguments: [String],
             environment: [String: String?] = [:]) -> [String: Any]? {
    guard let data = run(executable, arguments, environment: environment),
          let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
        print("bench: \(([executable] + arguments).joined(separator: " ")) failed")
        return nil
    }
    return json
}

/// The standard output of a process that exited with status 0.
private func run(_ executable: String, _ arguments: [String],
                 environment: [String: String?] = [:], standardError: Bool = false) -> Data? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var variables = ProcessInfo.processInfo.environment
    for (name, value) in environment { variables[name] = value }
    process.environment = variables
    let output = Pipe()
    process.standardOutput = output
    if standardError { process.standardError = output }
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? data : nil
}

/// The standard output (and error, if asked) of a process that exited
/// with status 0, as text.
func runText(_ executable: String, _ arguments: [String], standardError: Bool = false)
    -> String? {
    run(executable, arguments, standardError: standardError)
        .map { String(decoding: $0, as: UTF8.self) }
}

/// The peak resident memory of a command run to completion, in bytes, as
/// bench/peak_memory.py measures it (from a small process: Linux carries a
/// parent's peak into the children it spawns); nil if it failed.
func peakResidentBytes(_ executable: String, _ arguments: [String]) -> Double? {
    (runReference("bench/peak_memory.py", [executable] + arguments)?["max_rss_bytes"] as? Int)
        .map(Double.init)
}
