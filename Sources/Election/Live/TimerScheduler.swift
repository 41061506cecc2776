import Election

/// A live node's pending timers: which `TimerID` is due when. It holds no thread and no
/// clock: the transport's I/O thread asks it for the earliest deadline, sleeps in `poll`
/// until then, and takes the timers that are due, one at a time. So a fired timer is just
/// another input on the thread that handles every other input, with no hop between threads.
///
/// Setting a timer again moves it; cancelling forgets it. Timers due at the same moment
/// fire in the order they were set, so a run does not depend on a dictionary's order.
struct TimerScheduler {
    private struct Pending {
        var deadline: Instant
        /// When it was set among all timers, to break ties between equal deadlines.
        var order: UInt64
    }

    private var pending: [TimerID: Pending] = [:]
    private var lastOrder: UInt64 = 0

    /// The timers set and not yet fired or cancelled.
    var pendingTimers: Set<TimerID> { Set(pending.keys) }

    /// Arms `id` to fire at `deadline` (at the next chance if it has passed), replacing any
    /// pending setting of `id`.
    mutating func set(_ id: TimerID, firingAt deadline: Instant) {
        lastOrder += 1
        pending[id] = Pending(deadline: deadline, order: lastOrder)
    }

    /// Forgets a pending timer; harmless if none is pending.
    mutating func cancel(_ id: TimerID) {
        pending[id] = nil
    }

    /// Forgets every pending timer (when the node stops).
    mutating func cancelAll() {
        pending.removeAll()
    }

    /// The earliest deadline pending, `nil` when no timer is.
    var nextDeadline: Instant? {
        pending.values.lazy.map(\.deadline).min()
    }

    /// Removes and returns the timer that is due first at `now`, `nil` when none is due.
    /// A node has a handful of timers, so a scan beats keeping a heap in order.
    mutating func takeDue(at now: Instant) -> TimerID? {
        var first: (id: TimerID, timer: Pending)?
        for (id, timer) in pending where timer.deadline <= now {
            if let current = first,
               (current.timer.deadline, current.timer.order) < (timer.deadline, timer.order) { continue }
            first = (id, timer)
        }
        guard let first else { return nil }
        pending[first.id] = nil
        return first.id
    }
}
