import Election
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a node's events, one line each, as they happen:
///
///     12:03:04.567 [node 2] leader is now 2 (term 5)
///
/// or, with `--log-format json`, one JSON object per line:
///
///     {"ts":1764213784567.123,"node":2,"event":"leader_changed","message":"leader is now 2 (term 5)","term":5,"leader":2}
///
/// `ts` is Unix epoch milliseconds with a fraction, `event` the `Event.Kind` raw value,
/// `term` appears when the event has one, and extra fields (`leader`, `role`, `peer`...)
/// follow.
///
/// By default lines go to standard output through a writer thread (`LogLineWriter`): it
/// writes each line the moment it is queued, because the benchmark and `election-watch`
/// read these lines live from a pipe, and it is the only thread that waits when nobody
/// reads. Logging never blocks the node: past `bufferLimit` bytes waiting, lines are
/// dropped and counted (`droppedLineCount`), and once the reader is back a
/// `log_lines_dropped` line says how many.
public final class EventLog: Sendable {
    /// How many bytes of lines may wait for a stalled reader, by default: 64 KiB, as much
    /// again as a Linux pipe holds, a few hundred lines, more than any burst of elections.
    public static let defaultBufferLimit = 65_536

    /// `text` for people, `json` for programs.
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    /// The value of an extra JSON field.
    public enum Value: Hashable, Sendable {
        case int(Int)
        case string(String)
        case bool(Bool)
        /// A list of whole numbers, such as node ids.
        case ints([Int])
        case null
    }

    public let node: NodeID
    public let format: Format
    private let sink: Mutex<@Sendable (String) -> Void>?
    private let writer: LogLineWriter?

    /// A log for `node` that hands each finished line (newline included) to `sink`, one
    /// at a time, in order, on the thread that records it. `sink` must not block.
    public init(node: NodeID, format: Format = .text, sink: @escaping @Sendable (String) -> Void) {
        self.node = node
        self.format = format
        self.sink = Mutex(sink)
        writer = nil
    }

    /// A log for `node` written to `fileDescriptor` (standard output by default) by a
    /// thread of its own; at most `bufferLimit` bytes wait for a reader that is not reading.
    public init(node: NodeID, format: Format = .text, fileDescriptor: Int32 = STDOUT_FILENO,
                bufferLimit: Int = EventLog.defaultBufferLimit) {
        self.node = node
        self.format = format
        sink = nil
        writer = LogLineWriter(fd: fileDescriptor, bufferLimit: bufferLimit) { count in
            Self.line(node: node, format: format, at: .now(), for: Event(
                .logLinesDropped, "dropped \(count) log lines while standard output was not being read"),
                fields: [("dropped", .int(count))])
        }
    }

    deinit { writer?.close() }

    /// Lines dropped since the start because the log's reader was not reading (always 0
    /// for a log with a `sink`).
    public var droppedLineCount: Int { writer?.droppedLineCount ?? 0 }

    /// Waits until every recorded line is written, at most `timeout` (the reader may be
    /// gone for good). Call it before the process exits.
    @discardableResult
    public func flush(within timeout: Duration = .seconds(1)) -> Bool {
        writer?.flush(within: timeout) ?? true
    }

    /// Writes one event now, with extra fields for the JSON format (the text format shows
    /// only the message, which already says everything in words).
    public func record(_ event: Event, fields: [(String, Value)] = []) {
        let line = self.line(for: event, fields: fields, at: .now())
        if let writer {
            writer.write(line)
        } else {
            sink?.withLock { write in write(line) }
        }
    }

    /// The line `record` would write at `time`, newline included.
    public func line(for event: Event, fields: [(String, Value)] = [], at time: Timestamp) -> String {
        Self.line(node: node, format: format, at: time, for: event, fields: fields)
    }

    private static func line(node: NodeID, format: Format, at time: Timestamp, for event: Event,
                             fields: [(String, Value)]) -> String {
        switch format {
        case .text:
            return "\(time.timeOfDayText) [node \(node)] \(event.message)\n"
        case .json:
            var object: [(String, Value)] = [
                ("node", .int(node.rawValue)),
                ("event", .string(event.kind.rawValue)),
                ("message", .string(event.message)),
            ]
            if let term = event.term { object.append(("term", .int(Int(clamping: term)))) }
            object += fields
            let members = object.map { key, value in JSONText.string(key) + ":" + JSONText.value(value) }
            return "{\"ts\":\(time.epochMillisecondsText)," + members.joined(separator: ",") + "}\n"
        }
    }

    /// Writes `text` to standard output at once, waiting for the reader if it must: for
    /// `--help` and the like, never for a running node's events. A closed pipe is ignored.
    public static let writeToStandardOutput: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// A moment on the wall clock, for log lines only (never for timing decisions).
    public struct Timestamp: Hashable, Sendable {
        /// Nanoseconds since 1970-01-01T00:00:00Z.
        public var epochNanoseconds: Int64

        public init(epochNanoseconds: Int64) { self.epochNanoseconds = epochNanoseconds }

        public static func now() -> Timestamp {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME, &time)
            return Timestamp(epochNanoseconds: Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
        }

        /// `1764213784567.123`: Unix epoch milliseconds with three decimals (microseconds).
        public var epochMillisecondsText: String {
            let microseconds = epochNanoseconds / 1000
            let fraction = String(microseconds % 1000)
            return "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        }

        /// `12:03:04.567` in the machine's local time zone.
        public var timeOfDayText: String {
            var seconds = time_t(epochNanoseconds / 1_000_000_000)
            var parts = tm()
            localtime_r(&seconds, &parts)
            let millis = Int(epochNanoseconds / 1_000_000 % 1000)
            return twoDigits(Int(parts.tm_hour)) + ":" + twoDigits(Int(parts.tm_min)) + ":"
                + twoDigits(Int(parts.tm_sec)) + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "")
                + String(millis)
        }

        private func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
    }
}

/// Just enough JSON writing for log lines, with keys in the order given (`ts` first is
/// easier to read than sorted keys).
enum JSONText {
    static func value(_ value: EventLog.Value) -> String {
        switch value {
        case .int(let number): return String(number)
        case .string(let text): return string(text)
        case .bool(let flag): return flag ? "true" : "false"
        case .ints(let numbers): return "[" + numbers.map(String.init).joined(separator: ",") + "]"
        case .null: return "null"
        }
    }

    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
