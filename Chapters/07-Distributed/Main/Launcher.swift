import Book
import Foundation
import Notebook

/// What one mpirun launch printed, and how it ended.
struct Launch {
    let status: Int32
    let output: String, errors: String
    /// When mpirun exited.
    let ended: Date

    /// Rank 0's JSON line, the last line of the output.
    func json() throws -> Any {
        guard let line = output.split(separator: "\n").last,
              let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
            throw InputError("mpirun exited \(status) without a result:\n\(output)\n\(errors)")
        }
        return value
    }

    func result() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else {
            throw InputError("mpirun printed no JSON object:\n\(output)")
        }
        return object
    }
}

/// Starts this executable's rank commands under mpirun: `ranks` processes
/// with `threads` threads each, through scripts/mpirun.sh (which allows
/// root, and says what to install when OpenMPI is missing), or
/// scripts/netns-mpirun.sh for the two namespace hosts. After `timeout`
/// seconds, if given, mpirun is stopped (it passes the signal on to the
/// ranks) and the launch is an error: a hang must not hang the notebook.
struct Launcher {
    let executable = Bundle.main.executableURL!

    func run(ranks: Int, threads: Int = 1, script: String = "scripts/mpirun.sh",
             timeout: Double? = nil, _ arguments: [String]) throws -> Launch {
        try mpirun(["-np", "\(ranks)", executable.path] + arguments, threads: threads,
                   script: script, timeout: timeout)
    }

    /// One rank per element, each with its own arguments (mpirun's
    /// `-np 1 program a : -np 1 program b` form): ranks started differently.
    func run(eachRank arguments: [[String]], timeout: Double? = nil) throws -> Launch {
        let apps = arguments.map { ["-np", "1", executable.path] + $0 }
        return try mpirun(Array(apps.joined(separator: [":"])), threads: 1,
                          script: "scripts/mpirun.sh", timeout: timeout)
    }

    private func mpirun(_ arguments: [String], threads: Int, script: String,
                        timeout: Double?) throws -> Launch {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["BOOK_THREADS"] = "\(threads)"
        process.environment = environment
        // mpirun's complaints go to a file: two pipes read one after the
        // other can block each other.
        let errorsURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("ch07-mpirun-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorsURL.path, contents: nil) else {
            throw InputError("cannot create \(errorsURL.path) for mpirun's messages")
        }
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        let clock = Stopwatch()
        try process.run()
        let watchdog = DispatchWorkItem { process.terminate() }
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if let timeout, clock.seconds >= timeout {
            throw InputError("mpirun \(arguments.joined(separator: " ")) did not finish within "
                             + "\(Int(timeout)) s and was stopped")
        }
        return Launch(status: process.terminationStatus,
                      output: String(decoding: printed, as: UTF8.self),
                      errors: (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? "",
                      ended: Date())
    }
}
