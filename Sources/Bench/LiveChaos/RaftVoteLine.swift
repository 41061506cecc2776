import Election

/// What a Raft node's own log lines say about its vote, read from their sentences
/// (`RaftNode` logs the term as a field and the vote in words):
///
/// - `became_follower`, "started as follower at term 7 (voted for node 2 in this term; ...)":
///   the term and vote a run read from disk at start-up;
/// - `vote_granted`, "granted its vote for term 7 to node 2": a vote given, logged after
///   it was persisted;
/// - `election_started`, "became candidate at term 7 and voted for itself": a vote for
///   itself, logged just before it is persisted.
///
/// `RaftVoteLineTests` runs a real `RaftNode` and reads its lines back, so a change of
/// wording fails a test instead of silently blinding the audit.
enum RaftVoteLine: Hashable, Sendable {
    /// The state a run started from: `vote` is `nil` when it had voted for nobody.
    case startedFrom(term: UInt64, vote: NodeID?)
    case granted(term: UInt64, to: NodeID)
    case votedForItself(term: UInt64)

    static let startPrefix = "started as follower at term "

    /// The vote fact in `event`, if it states one.
    init?(_ event: NodeLogEvent) {
        guard let term = event.term else { return nil }
        let message = Substring(event.message)
        switch event.kind {
        case .becameFollower where message.hasPrefix(Self.startPrefix):
            guard let vote = Self.vote(in: message, of: event.node) else { return nil }
            self = .startedFrom(term: term, vote: vote)
        case .voteGranted:
            guard let to = Self.number(after: " to node ", in: message) else { return nil }
            self = .granted(term: term, to: to)
        case .electionStarted:
            self = .votedForItself(term: term)
        default:
            return nil
        }
    }

    /// "(voted for itself|node 2|nobody in this term": `.some(nil)` for nobody, `nil` when
    /// the sentence has no such part.
    private static func vote(in message: Substring, of node: NodeID) -> NodeID?? {
        guard let range = message.range(of: "(voted for ") else { return nil }
        let rest = message[range.upperBound...]
        if rest.hasPrefix("itself") { return .some(node) }
        if rest.hasPrefix("nobody") { return .some(nil) }
        guard let other = number(after: "node ", in: rest) else { return nil }
        return .some(other)
    }

    /// The node id right after the first `marker` in `text`.
    private static func number(after marker: String, in text: Substring) -> NodeID? {
        guard let range = text.range(of: marker) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return Int(digits).flatMap { NodeID(rawValue: $0) }
    }
}
