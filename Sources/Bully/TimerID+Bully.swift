import Election

/// The Bully algorithm's timers. Each node has at most one of each pending; setting one
/// again moves it.
extension TimerID {
    /// The leader's clock: when it fires, the leader broadcasts HEARTBEAT and sets it again.
    public static let heartbeat = TimerID("heartbeat")
    /// A follower's failure detector: reset by every message from the leader; when it
    /// fires, the leader has been silent for `failureTimeout` and presumably crashed.
    public static let leaderTimeout = TimerID("leader-timeout")
    /// Set when a node sends ELECTION to the higher nodes; when it fires with no ANSWER
    /// received, none of them is alive and the node declares itself leader.
    public static let answerTimeout = TimerID("answer-timeout")
    /// Set when a higher node has answered; when it fires with no COORDINATOR received,
    /// that node died mid-election and the election starts over.
    public static let coordinatorTimeout = TimerID("coordinator-timeout")
}
