import Election

/// Event names of Raft's options beyond Figure 2, beside the shared ones in `Event.Kind`.
extension Event.Kind {
    /// A Raft node asked whether it could win the next term (PreVote, §9.6).
    public static let preVoteStarted = Event.Kind("pre_vote_started")
    /// A Raft node said it would vote for a pre-vote's asker; nothing was persisted.
    public static let preVoteGranted = Event.Kind("pre_vote_granted")
    /// A Raft node said it would not vote for a pre-vote's asker.
    public static let preVoteRefused = Event.Kind("pre_vote_refused")
    /// A Raft node heard a peer say it is leaving (a graceful stop): it counts that peer as
    /// not heard from until it speaks again.
    public static let peerLeaving = Event.Kind("peer_leaving")
}
