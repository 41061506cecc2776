import Election
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One real `election-node` process, its stdout and stderr captured in files (a file
/// never fills up and blocks the node the way an unread pipe would).
final class NodeProcess {
    let name: String
    let process = Process()
    let outputPath: String
    let errorPath: String
    /// The write end of the node's standard input, when it was started with a control
    /// channel (`--control stdin`); `nil` once closed.
    private var controlPipe: Pipe?

    /// Starts `election-node` with `arguments`; its output goes to files in `directory`.
    ///
    /// `XDG_STATE_HOME` points into `directory` unless `environment` sets it: every test
    /// passes `--data-dir` for Raft, and should one forget, its votes still land in the
    /// scratch directory and never in the user's home.
    /// With `controlChannel`, the node's standard input is a pipe this process writes
    /// control commands to (`control(_:)`); otherwise it is `/dev/null`.
    init(name: String, arguments: [String], directory: String, environment: [String: String] = [:],
         controlChannel: Bool = false) throws {
        self.name = name
        outputPath = directory + "/\(name).stdout"
        errorPath = directory + "/\(name).stderr"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.executableURL = try NodeBinary.url()
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        if controlChannel {
            // A node that died must not take the test with it when we write to its pipe.
            signal(SIGPIPE, SIG_IGN)
            let pipe = Pipe()
            process.standardInput = pipe
            controlPipe = pipe
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        var inherited = ProcessInfo.processInfo.environment
        inherited["XDG_STATE_HOME"] = directory + "/xdg-state"
        process.environment = inherited.merging(environment) { _, given in given }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    func send(_ signal: Int32) {
        if process.isRunning { kill(pid, signal) }
    }

    /// The exit status once the process has ended on its own (not by a signal), or `nil`
    /// if it is still running after `timeout` or died from a signal.
    func exitStatus(within timeout: Duration = .seconds(30)) async -> Int32? {
        guard await eventually(within: timeout, { !process.isRunning }) else { return nil }
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// Writes one line (a newline is added) to the node's control channel. Does nothing
    /// without a control channel or after `closeControl()`; a node that died just misses it.
    func control(_ line: String) {
        guard let fd = controlPipe?.fileHandleForWriting.fileDescriptor else { return }
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in _ = write(fd, buffer.baseAddress, buffer.count) }
    }

    /// Closes the node's control channel: it reads end of input, as when its parent dies.
    func closeControl() {
        try? controlPipe?.fileHandleForWriting.close()
        controlPipe = nil
    }

    /// Kills the process for sure (SIGKILL) and reaps it. Harmless if it already ended.
    func forceStop() {
        closeControl()
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
    var outputLines: [String] { output.split(separator: "\n").map(String.init) }
    var errorLines: [String] { errorOutput.split(separator: "\n").map(String.init) }
}

/// Where the `election-node` executable is: next to the test bundle, in the same build
/// products directory (`swift test` builds every product first).
enum NodeBinary {
    struct NotBuilt: Error, CustomStringConvertible {
        let looked: [String]
        var description: String {
            "election-node is not built; run `swift build` in the package first (looked in "
                + looked.joined(separator: ", ") + ")"
        }
    }

    static func url() throws -> URL {
        var candidates: [URL] = []
        if let testBinary = CommandLine.arguments.first {
            let url = URL(fileURLWithPath: testBinary).resolvingSymlinksInPath()
            candidates.append(url.deletingLastPathComponent())
            // On macOS the test bundle is a directory: .build/debug/X.xctest/Contents/MacOS/X.
            candidates.append(url.deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug"))
        let binaries = candidates.map { $0.appendingPathComponent("election-node") }
        if let found = binaries.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw NotBuilt(looked: binaries.map(\.path))
    }
}
