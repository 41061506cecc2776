import Election

/// The live runtime's clock: a monotonic `Instant` measured from the moment the node
/// started, so the state machine sees the same kind of time as in the simulator.
///
/// It reads `MonotonicClock` (`CLOCK_MONOTONIC`): it never jumps when someone sets the
/// wall clock, so a timeout cannot suddenly last an hour or fire at once. The transport's
/// I/O thread sleeps on the same clock, so an `Instant` the node computed and the moment
/// its timer fires agree to the nanosecond (`deadline(at:)`).
public struct NodeClock: Sendable {
    /// The node's start, on `MonotonicClock`.
    private let origin: Duration

    /// A clock whose `now()` is `Instant.start` right now.
    public init() {
        origin = MonotonicClock.now()
    }

    /// Time elapsed since the clock was created.
    public func now() -> Instant {
        instant(at: MonotonicClock.now())
    }

    /// The `Instant` this clock reads at `monotonic`, a reading of `MonotonicClock`.
    func instant(at monotonic: Duration) -> Instant {
        Instant(sinceStart: monotonic - origin)
    }

    /// The `MonotonicClock` reading at which this clock reads `instant`, to sleep until it.
    func deadline(at instant: Instant) -> Duration {
        origin + instant.sinceStart
    }
}
