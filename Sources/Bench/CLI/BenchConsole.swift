import Foundation
import Synchronization

/// Where `election-bench` writes: results on standard output, problems on standard error,
/// and a progress line that keeps being replaced while something runs.
///
/// Conforming types MUST be safe to call from any thread (runners may report progress from
/// their own threads).
public protocol BenchConsole: Sendable {
    /// A line of the results, on standard output.
    func write(_ line: String)
    /// A problem, on standard error.
    func writeError(_ line: String)
    /// What is running right now; replaced by the next call or by any other line.
    func progress(_ line: String)
}

/// The terminal: progress overwrites itself on a TTY (standard error), and is left out
/// when standard error is a file or a pipe, where only finished lines are useful.
final class StandardConsole: BenchConsole {
    private let showsProgress: Bool
    /// Whether a progress line is on screen and must be cleared before the next line.
    private let progressShown = Mutex(false)

    init() {
        showsProgress = isatty(STDERR_FILENO) == 1
    }

    func write(_ line: String) {
        clearProgress()
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func writeError(_ line: String) {
        clearProgress()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func progress(_ line: String) {
        guard showsProgress else { return }
        progressShown.withLock { shown in
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            shown = true
        }
    }

    private func clearProgress() {
        progressShown.withLock { shown in
            guard shown else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            shown = false
        }
    }
}

/// A console that keeps every line, for tests.
final class RecordingConsole: BenchConsole {
    private let lines = Mutex<(output: [String], errors: [String], progress: [String])>(([], [], []))

    init() {}

    func write(_ line: String) { lines.withLock { $0.output.append(line) } }
    func writeError(_ line: String) { lines.withLock { $0.errors.append(line) } }
    func progress(_ line: String) { lines.withLock { $0.progress.append(line) } }

    var output: [String] { lines.withLock { $0.output } }
    var errors: [String] { lines.withLock { $0.errors } }
    var progressLines: [String] { lines.withLock { $0.progress } }
}
