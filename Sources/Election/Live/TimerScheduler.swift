import Dispatch

/// The live runtime's timers: at most one pending timer per `TimerID`, each a
/// `DispatchSourceTimer` with zero leeway and the `.strict` flag, so it fires within a
/// fraction of a millisecond of its deadline instead of being coalesced with others.
///
/// A scheduler belongs to one serial queue: every method MUST be called on that queue,
/// and the fire handlers run there too, one at a time, between other inputs.
///
/// Moving or cancelling a timer can race with a fire that is already on its way, so each
/// timer carries a generation number; a fire whose generation is no longer the current
/// one for its id is stale and `claim` refuses it.
final class TimerScheduler {
    /// What a fire handler receives: which timer, and which setting of it.
    typealias FireHandler = @Sendable (TimerID, _ generation: UInt64) -> Void

    private struct Pending {
        var generation: UInt64
        var source: any DispatchSourceTimer
    }

    private let queue: DispatchQueue
    private let clock: NodeClock
    private var pending: [TimerID: Pending] = [:]
    private var lastGeneration: UInt64 = 0

    init(queue: DispatchQueue, clock: NodeClock) {
        self.queue = queue
        self.clock = clock
    }

    /// The timers set and not yet fired or cancelled.
    var pendingTimers: Set<TimerID> { Set(pending.keys) }

    /// Arms `id` to call `onFire` at `deadline` (at once if it has passed), replacing any
    /// pending timer with the same id.
    func set(_ id: TimerID, firingAt deadline: Instant, onFire: @escaping FireHandler) {
        cancel(id)
        lastGeneration += 1
        let generation = lastGeneration
        let source = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        source.schedule(deadline: clock.deadline(at: deadline), repeating: .never, leeway: .nanoseconds(0))
        source.setEventHandler { onFire(id, generation) }
        pending[id] = Pending(generation: generation, source: source)
        source.resume()
    }

    /// Called by the fire handler: `true` (and the timer is forgotten) if this fire is
    /// the current setting of `id`, `false` if the timer was moved or cancelled since.
    func claim(_ id: TimerID, generation: UInt64) -> Bool {
        guard let timer = pending[id], timer.generation == generation else { return false }
        timer.source.cancel()
        pending[id] = nil
        return true
    }

    /// Forgets a pending timer; harmless if none is pending.
    func cancel(_ id: TimerID) {
        pending.removeValue(forKey: id)?.source.cancel()
    }

    /// Forgets every pending timer (when the node stops).
    func cancelAll() {
        for timer in pending.values { timer.source.cancel() }
        pending.removeAll()
    }
}
