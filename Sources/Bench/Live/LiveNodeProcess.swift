import Election
import ElectionLive
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `election-node` process: started with its flags, its standard output read line by
/// line on a thread of its own as it is written (the node writes each event with one
/// unbuffered `write`), its standard error kept in a file for error messages.
///
/// Its standard input is a pipe whose only writing end the bench holds: a node started with
/// `--control stdin` reads fault commands from it (`send(control:)`), a door no one else on
/// the machine or the network can open. Without the flag the node never reads it.
final class LiveNodeProcess {
    let id: NodeID
    /// 1 for the first start of this node, 2 after one restart, ...
    let run: Int
    let pid: Int32
    let errorLogPath: String
    private let process: Process
    /// The writing end of the node's standard input.
    private let controlPipe: FileHandle
    /// When the bench learned that the process had ended (epoch ms), if it has.
    private let exit = ExitTime()

    /// Starts the process; `onLine` receives each line of its standard output on the
    /// reader thread.
    init(id: NodeID, run: Int, executable: URL, arguments: [String], errorLogPath: String,
         onLine: @escaping @Sendable (String) -> Void) throws {
        self.id = id
        self.run = run
        self.errorLogPath = errorLogPath
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        guard FileManager.default.createFile(atPath: errorLogPath, contents: nil),
              let errorLog = FileHandle(forWritingAtPath: errorLogPath)
        else { throw LiveBenchError.cannotCreate(path: errorLogPath, reason: "could not create the file") }
        // The child has its own copy once started; the bench's is closed on every path.
        defer { try? errorLog.close() }
        process.standardError = errorLog
        let input = Pipe()
        process.standardInput = input
        controlPipe = input.fileHandleForWriting
        Self.ignoreBrokenPipes
        // Forget the pid as soon as the process ends, so a later process that reuses the
        // number is never killed by the Ctrl+C handler; note when it ended.
        let exit = self.exit
        process.terminationHandler = { ended in
            ChildProcessRegistry.forget(ended.processIdentifier)
            exit.recordNow()
        }
        do {
            try process.run()
        } catch {
            throw LiveBenchError.cannotLaunch(executable: executable.path, reason: "\(error)")
        }
        pid = process.processIdentifier
        ChildProcessRegistry.remember(pid)
        // A process that ended at once may have been forgotten before it was remembered.
        if !process.isRunning { ChildProcessRegistry.forget(pid) }
        Self.startReader(output.fileHandleForReading, name: "node \(id) run \(run) output", onLine: onLine)
    }

    deinit {
        forceStop()
        try? controlPipe.close()
    }

    /// A broken pipe (a node that died) is an error to report, not a reason for the bench
    /// to die of SIGPIPE; set once for the process.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Writes `command` to the node's control channel as one line. The node answers with a
    /// `control_applied` (or `control_rejected`) event line on its standard output.
    func send(control command: ControlCommand) throws(LiveBenchError) {
        let line = Array((command.controlLine + "\n").utf8)
        var written = 0
        while written < line.count {
            let count = line[written...].withUnsafeBytes { write(controlPipe.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw .controlChannelClosed(id, reason: String(cString: strerror(errno)))
            }
            written += count
        }
    }

    var isRunning: Bool { process.isRunning }

    /// When the bench learned that the process had ended on its own or by a signal
    /// (epoch ms), or `nil` while it runs.
    var exitedMs: Double? { exit.ms }

    /// How the process ended, once it has (`nil` while it runs).
    var ending: ProcessEnding? {
        guard !process.isRunning else { return nil }
        return process.terminationReason == .exit ? .exited(process.terminationStatus)
            : .signalled(process.terminationStatus)
    }

    /// What the node wrote to standard error, for error messages.
    var errorOutput: String {
        ((try? String(contentsOfFile: errorLogPath, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends `fault`'s signal, timing it. For SIGKILL it then watches the process until it
    /// is dead (at most `deathWatch`), to measure how long the kill took to act.
    func take(down fault: LiveFault, deathWatch: Duration = .seconds(1)) -> FaultRecord {
        let issued = WallClock.nowMs()
        _ = kill(pid, fault.signalNumber)
        let returned = WallClock.nowMs()
        var record = FaultRecord(node: id, fault: fault, issuedMs: issued, signalReturnedMs: returned)
        if fault == .kill { record.actedMs = watchUntilDead(within: deathWatch) }
        return record
    }

    /// Waits up to `timeout` for the process to end; `true` if it did.
    @discardableResult
    func waitForExit(within timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false }
            usleep(1000)
        }
        return true
    }

    /// Kills the process for sure (SIGKILL) and waits for it to be reaped. Harmless if it
    /// has already ended. A process paused with SIGSTOP is continued first, so that
    /// nothing depends on how a stopped process takes a SIGKILL.
    func forceStop() {
        if process.isRunning {
            _ = kill(pid, SIGCONT)
            _ = kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        ChildProcessRegistry.forget(pid)
    }

    /// The first wall-clock time the process was seen dead, polling every 20 µs or so.
    private func watchUntilDead(within timeout: Duration) -> Double? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !Self.isAlive(pid: pid, process: process) { return WallClock.nowMs() }
            usleep(20)
        }
        return nil
    }

    /// Linux: the state letter in `/proc/PID/stat` (a killed process is a zombie, `Z`,
    /// until it is reaped; then the file is gone). Elsewhere: `Process.isRunning`.
    private static func isAlive(pid: Int32, process: Process) -> Bool {
        #if os(Linux)
        let descriptor = open("/proc/\(pid)/stat", O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(descriptor, &buffer, buffer.count)
        guard count > 0 else { return false }
        // "1234 (election-node) S ...": the state follows the last ')'.
        guard let close = buffer[0..<count].lastIndex(of: UInt8(ascii: ")")), close + 2 < count else { return true }
        let state = buffer[close + 2]
        return state != UInt8(ascii: "Z") && state != UInt8(ascii: "X")
        #else
        return process.isRunning
        #endif
    }

    /// Reads `handle` until end of file on a thread of its own, handing over each line.
    /// The thread ends when the process ends (its end of the pipe closes) and closes the
    /// handle.
    private static func startReader(_ handle: FileHandle, name: String,
                                    onLine: @escaping @Sendable (String) -> Void) {
        let thread = Thread {
            let descriptor = handle.fileDescriptor
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: 10) {
                    onLine(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
            try? handle.close()
        }
        thread.name = name
        thread.start()
    }
}

/// When a process ended, written by `Process`'s termination handler on its own thread.
private final class ExitTime: Sendable {
    private let time = Mutex<Double?>(nil)
    func recordNow() { time.withLock { $0 = $0 ?? WallClock.nowMs() } }
    var ms: Double? { time.withLock { $0 } }
}
