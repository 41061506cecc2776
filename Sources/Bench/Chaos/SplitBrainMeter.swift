import Election

/// Measures split brain in virtual time: the spans during which two or more nodes act as
/// leader at once (running, not hung, and in the leader role). Bully has them by design
/// under partitions and pauses; Raft can too, with a deposed leader that has not heard of
/// the newer term yet, but never two in one term.
final class SplitBrainMeter {
    private(set) var total = Duration.zero
    private(set) var episodes = 0
    private(set) var longest = Duration.zero
    private var since: Instant?

    /// Records how many nodes act as leader from `time` on.
    func update(actingLeaders: Int, at time: Instant) {
        if actingLeaders >= 2 {
            if since == nil {
                since = time
                episodes += 1
            }
        } else if let start = since {
            close(start, at: time)
        }
    }

    /// Ends an episode still open at the end of the run.
    func finish(at time: Instant) {
        if let start = since { close(start, at: time) }
    }

    private func close(_ start: Instant, at time: Instant) {
        let span = time - start
        total += span
        longest = max(longest, span)
        since = nil
    }
}
