import Election
import Glibc

/// Sleeps until one of the descriptors is ready or a deadline passes, with nanosecond
/// resolution, so a live node's timers fire within a fraction of a millisecond.
///
/// `poll(2)` counts whole milliseconds: rounding a wait up (never wake early and spin)
/// would make every timer up to a millisecond late. `ppoll(2)` takes a `timespec`, but
/// glibc declares it only for `_GNU_SOURCE` and Swift's Glibc module does not export it,
/// so it is looked up once, by name, in the C library already loaded. Should that fail,
/// the wait falls back to `poll` with the timeout rounded up.
enum PollWait {
    private typealias PPoll = @convention(c) (
        UnsafeMutablePointer<pollfd>?, nfds_t, UnsafePointer<timespec>?, UnsafeRawPointer?
    ) -> Int32

    /// `dlsym(RTLD_DEFAULT, "ppoll")`; glibc's `RTLD_DEFAULT` is the null handle.
    private static let ppoll: PPoll? = dlsym(nil, "ppoll").map { unsafeBitCast($0, to: PPoll.self) }

    /// Whether waits have nanosecond resolution (`ppoll` was found) rather than whole
    /// milliseconds.
    static var hasNanosecondResolution: Bool { ppoll != nil }

    /// Waits on `entries` (their `revents` are filled in) until `deadline` on
    /// `MonotonicClock`, or without limit when `deadline` is `nil`. Returns what `poll`
    /// returns: the number of ready entries, 0 on timeout, -1 on error (such as `EINTR`).
    static func wait(_ entries: inout [pollfd], until deadline: Duration?, now: Duration) -> Int32 {
        let count = nfds_t(entries.count)
        guard let deadline else { return poll(&entries, count, -1) }
        let wait = max(deadline - now, .zero).nanoseconds
        guard let ppoll else {
            return poll(&entries, count, Int32(clamping: (wait + 999_999) / 1_000_000))
        }
        var timeout = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
        return entries.withUnsafeMutableBufferPointer { buffer in
            ppoll(buffer.baseAddress, count, &timeout, nil)
        }
    }
}
