import Dispatch

/// The live runtime's clock: a monotonic `Instant` measured from the moment the node
/// started, so the state machine sees the same kind of time as in the simulator.
///
/// It reads `DispatchTime`, which on Linux is `CLOCK_MONOTONIC`: it never jumps when
/// someone sets the wall clock, so a timeout cannot suddenly last an hour or fire at
/// once. Timers are scheduled on the same clock (`deadline(at:)`), so an `Instant` the
/// node computed and the moment its timer fires agree to the nanosecond.
public struct NodeClock: Sendable {
    /// The node's start, in `DispatchTime` nanoseconds.
    private let originNanoseconds: UInt64

    /// A clock whose `now()` is `Instant.start` right now.
    public init() {
        originNanoseconds = DispatchTime.now().uptimeNanoseconds
    }

    /// Time elapsed since the clock was created.
    public func now() -> Instant {
        let elapsed = DispatchTime.now().uptimeNanoseconds &- originNanoseconds
        return Instant(sinceStart: .nanoseconds(Int64(clamping: elapsed)))
    }

    /// The `DispatchTime` at which this clock reads `instant`, to schedule a timer.
    public func deadline(at instant: Instant) -> DispatchTime {
        let offset = max(instant.sinceStart.nanoseconds, 0)
        return DispatchTime(uptimeNanoseconds: originNanoseconds &+ UInt64(offset))
    }
}
