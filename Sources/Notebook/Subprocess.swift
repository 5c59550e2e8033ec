import Foundation

/// Running a helper program (gnuplot, git) and collecting what it printed.
enum Subprocess {
    struct Result {
        var status: Int32
        /// Standard output and standard error together, trimmed.
        var output: String
    }

    /// The first executable `name` on PATH, as a shell would find it.
    static func find(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `executable` to completion in `directory` (nil: the current one).
    static func run(_ executable: URL, _ arguments: [String],
                    in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Read before waiting: a full pipe would otherwise block the child forever.
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(),
                          as: UTF8.self)
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
