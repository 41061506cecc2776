import Election
import Glibc

/// Time for the transport's timers (delayed frames, reconnect backoff): `CLOCK_MONOTONIC`,
/// which never jumps when someone sets the wall clock, so a backoff cannot last an hour.
enum MonotonicClock {
    /// Time since an arbitrary fixed point (the machine's boot).
    static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(Int64(time.tv_sec)) + .nanoseconds(Int64(time.tv_nsec))
    }
}
