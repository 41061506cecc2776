import Election

/// Event names that only the Bully algorithm produces (they become the `event` field of
/// `--log-format json`). The shared names, such as `election_started` and
/// `became_leader`, come from `Event.Kind` itself.
extension Event.Kind {
    /// This node answered a lower node's ELECTION: it is alive, so the lower node stands down.
    public static let electionAnswered = Event.Kind("election_answered")
    /// A higher node answered this node's ELECTION; this node now waits for its COORDINATOR.
    public static let answerReceived = Event.Kind("answer_received")
    /// A higher node answered but never announced itself; the election starts over.
    public static let coordinatorMissing = Event.Kind("coordinator_missing")
    /// A lower node claims to lead; this higher node "bullies" it by holding an election.
    public static let lowerLeaderChallenged = Event.Kind("lower_leader_challenged")
    /// A peer's connection closed or the peer said it is leaving: until this node hears from
    /// it again, no election waits for it (`fastDetect`, `handOver`).
    public static let peerKnownDown = Event.Kind("peer_known_down")
    /// A sticky node started and listens for a leader before it holds an election.
    public static let listeningForLeader = Event.Kind("listening_for_leader")
    /// The node was stopped and cancelled its timers.
    public static let nodeStopped = Event.Kind("node_stopped")
}
