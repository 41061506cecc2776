import Dispatch
import Glibc
import Synchronization

/// Writes log lines to a file descriptor from a thread of its own, so that whoever logs
/// (the transport's I/O thread, above all) never waits for the reader.
///
/// A reader that stops reading (a pipe nobody drains, `| less`, a terminal paused with
/// Ctrl-S) makes `write` block once the pipe's buffer is full. Only this thread blocks
/// then. Lines queue in a bounded buffer meanwhile; when it is full, lines are dropped and
/// counted, until the writer has taken the buffer; once writing resumes, a note saying how
/// many were dropped follows the lines that were kept.
///
/// Why not `O_NONBLOCK` on the descriptor instead: that flag belongs to the open file
/// description, which standard output shares with the shell and every other process on the
/// same terminal, so it would make their writes fail with `EAGAIN` too.
final class LogLineWriter: Sendable {
    private struct State {
        var pending: [UInt8] = []
        /// Lines dropped since the writer last took the buffer (and so not yet noted).
        var droppedSinceNote = 0
        var droppedTotal = 0
        /// The writer is writing a batch it took.
        var isWriting = false
        var isClosed = false
    }

    private let fd: Int32
    private let bufferLimit: Int
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    /// The line that reports `count` dropped lines, in the log's own format.
    private let dropNote: @Sendable (_ count: Int) -> String

    /// Starts the writer thread; if no thread can be started, lines are written by the
    /// caller, as a log without this writer would.
    init(fd: Int32, bufferLimit: Int, dropNote: @escaping @Sendable (_ count: Int) -> String) {
        self.fd = fd
        self.bufferLimit = bufferLimit
        self.dropNote = dropNote
        if let thread = try? IOThread.spawn({ [self] in run() }) {
            thread.detach()
        } else {
            state.withLock { $0.isClosed = true }
        }
    }

    /// Lines dropped since the start because the reader was not reading.
    var droppedLineCount: Int { state.withLock { $0.droppedTotal } }

    /// Queues `line` and returns at once; drops it if the buffer is full.
    func write(_ line: String) {
        enum Outcome { case queued(wake: Bool), dropped, writeHere }
        let outcome = state.withLock { state -> Outcome in
            if state.isClosed { return .writeHere }
            // Once dropping starts it goes on until the writer takes the buffer, so the
            // note about the dropped lines lands after every line that was kept.
            guard state.droppedSinceNote == 0, state.pending.count + line.utf8.count <= bufferLimit else {
                state.droppedSinceNote += 1
                state.droppedTotal += 1
                return .dropped
            }
            let wasEmpty = state.pending.isEmpty
            state.pending.append(contentsOf: line.utf8)
            return .queued(wake: wasEmpty)
        }
        switch outcome {
        case .queued(let wake): if wake { wakeUp.signal() }
        case .dropped: break
        case .writeHere: writeAll(Array(line.utf8))
        }
    }

    /// Waits until every queued line is written, or `timeout` passes (the reader may never
    /// read again). For a process about to exit.
    @discardableResult
    func flush(within timeout: Duration) -> Bool {
        let deadline = MonotonicClock.now() + timeout
        while true {
            let done = state.withLock { $0.pending.isEmpty && !$0.isWriting && $0.droppedSinceNote == 0 }
            if done { return true }
            if MonotonicClock.now() >= deadline { return false }
            usleep(1_000)
        }
    }

    /// Lets the writer thread end once it has written what is queued.
    func close() {
        state.withLock { $0.isClosed = true }
        wakeUp.signal()
    }

    private func run() {
        while true {
            wakeUp.wait()
            while true {
                let (batch, dropped, closed) = state.withLock { state in
                    defer {
                        state.pending = []
                        state.droppedSinceNote = 0
                    }
                    state.isWriting = !state.pending.isEmpty || state.droppedSinceNote > 0
                    return (state.pending, state.droppedSinceNote, state.isClosed)
                }
                if batch.isEmpty && dropped == 0 {
                    if closed { return }
                    break
                }
                writeAll(batch)
                if dropped > 0 { writeAll(Array(dropNote(dropped).utf8)) }
                state.withLock { $0.isWriting = false }
            }
        }
    }

    /// Blocking writes until everything is out; a closed reader (EPIPE) or another error
    /// loses the rest, which a log can afford.
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
