import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finding and asking the outside programs the peers need (`etcd`, `python3`), before any
/// cluster starts, so that a missing one costs one line instead of a failed run.
enum PeerPrograms {
    /// The first executable `name` in `searchPath` (a `$PATH` value), or `nil`.
    static func find(_ name: String, searchPath: String?) -> URL? {
        for directory in (searchPath ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// What `executable arguments` printed (standard output and error together), when it
    /// ended within `timeout` with status 0; `nil` otherwise. The process is killed if it
    /// runs longer.
    static func output(of executable: URL, _ arguments: [String], timeout: Duration = .seconds(20)) -> String? {
        let result = run(executable, arguments, timeout: timeout)
        return result?.status == 0 ? result?.output : nil
    }

    /// The exit status and combined output of `executable arguments`, or `nil` when it
    /// could not start or did not end within `timeout`.
    static func run(_ executable: URL, _ arguments: [String],
                    timeout: Duration = .seconds(20)) -> (status: Int32, output: String)? {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        ChildProcessRegistry.remember(process.processIdentifier)
        defer { ChildProcessRegistry.forget(process.processIdentifier) }
        // Read on this thread while a watchdog waits: the output is small, and reading
        // keeps a chatty program from blocking on a full pipe.
        let timedOut = WatchdogFlag()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            timedOut.fire()
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.milliseconds)),
                                          execute: watchdog)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard !timedOut.fired else { return nil }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Whether the watchdog ended the program, set on a Dispatch thread.
private final class WatchdogFlag: Sendable {
    private let value = Mutex(false)
    func fire() { value.withLock { $0 = true } }
    var fired: Bool { value.withLock { $0 } }
}
