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
/// follow. Each line is written with a single `write` and never buffered, because the
/// benchmark and `election-watch` read these lines live from a pipe.
public final class EventLog: Sendable {
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
        case null
    }

    public let node: NodeID
    public let format: Format
    private let sink: Mutex<@Sendable (String) -> Void>

    /// A log for `node` that hands each finished line (newline included) to `sink`, one
    /// at a time, in order. The default sink is standard output.
    public init(node: NodeID, format: Format = .text,
                sink: @escaping @Sendable (String) -> Void = EventLog.writeToStandardOutput) {
        self.node = node
        self.format = format
        self.sink = Mutex(sink)
    }

    /// Writes one event now, with extra fields for the JSON format (the text format shows
    /// only the message, which already says everything in words).
    public func record(_ event: Event, fields: [(String, Value)] = []) {
        let line = self.line(for: event, fields: fields, at: .now())
        sink.withLock { write in write(line) }
    }

    /// The line `record` would write at `time`, newline included.
    public func line(for event: Event, fields: [(String, Value)] = [], at time: Timestamp) -> String {
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

    /// The default sink: one unbuffered `write` to standard output per line, so a reader
    /// on a pipe sees each line the moment it happens. A closed pipe is ignored.
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
