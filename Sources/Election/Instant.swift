/// A point in time, as an offset from the moment a runtime started.
///
/// State machines never read a clock: the runtime hands them `now` with every input.
/// The live runtime measures it with a monotonic clock, the simulator with its virtual
/// clock, so the same code runs in both worlds.
public struct Instant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Time elapsed since the runtime's start.
    public var sinceStart: Duration

    public init(sinceStart: Duration) { self.sinceStart = sinceStart }

    /// The runtime's start.
    public static let start = Instant(sinceStart: .zero)

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceStart < rhs.sinceStart }

    public static func + (lhs: Instant, rhs: Duration) -> Instant {
        Instant(sinceStart: lhs.sinceStart + rhs)
    }

    public static func - (lhs: Instant, rhs: Instant) -> Duration {
        lhs.sinceStart - rhs.sinceStart
    }

    /// `t+1.250s`, millisecond precision, for traces and logs.
    public var description: String { "t+" + sinceStart.secondsText }
}

extension Duration {
    /// Whole nanoseconds (saturating at the bounds of `Int64`).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return fromSeconds &+ attoseconds / 1_000_000_000
    }

    /// Milliseconds as a floating-point number, for reports and charts.
    public var milliseconds: Double { Double(nanoseconds) / 1_000_000 }

    /// `150 ms`, or `0.5 ms`: the exact value, with no decimals when it is whole, for
    /// settings and their error messages (a setting is never rounded where it is named).
    public var exactMillisecondsText: String {
        let value = milliseconds
        return value == value.rounded() ? "\(Int64(value)) ms" : "\(value) ms"
    }

    /// `1.250s`: seconds with three decimals, for human-readable lines.
    public var secondsText: String {
        let millis = nanoseconds / 1_000_000
        let sign = millis < 0 ? "-" : ""
        let magnitude = millis.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000)." + String(repeating: "0", count: 3 - fraction.count)
            + fraction + "s"
    }
}
