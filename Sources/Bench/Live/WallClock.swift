#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall clock the nodes stamp their events with (`ts` in `--log-format json`):
/// `CLOCK_REALTIME`, in Unix epoch milliseconds with a fraction.
///
/// The bench reads the same clock just before it kills a node, so a fault time and a
/// node's event time can be subtracted directly: every process on one machine reads one
/// kernel clock, so there is no skew between them. (An NTP adjustment during a trial
/// would slew both sides alike, by a few parts per million at most.)
enum WallClock {
    /// Now, in milliseconds since 1970-01-01T00:00:00Z.
    static func nowMs() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    /// The clock's resolution as the kernel reports it (`clock_getres`), in milliseconds;
    /// typically 1 ns (0.000001 ms) on Linux.
    static var resolutionMs: Double {
        var resolution = timespec()
        clock_getres(CLOCK_REALTIME, &resolution)
        return Double(resolution.tv_sec) * 1000 + Double(resolution.tv_nsec) / 1_000_000
    }

    /// The precision of a node's `ts` field: the runtime writes three decimals of a
    /// millisecond (microseconds).
    static let nodeTimestampPrecisionMs = 0.001
}
