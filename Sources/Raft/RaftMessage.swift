import Election

/// The messages of Raft's leader election (Figure 2): the RequestVote and AppendEntries
/// RPCs and their replies. Each is sent as one message; the reply is a separate message
/// back, not a return value, so a lost reply is just a lost message.
///
/// The sender's id is not part of the message: the transport adds a `from` field (and the
/// receiver is handed it as `Input.receive(_, from:)`), which plays the role of the paper's
/// `candidateId` and `leaderId` arguments.
///
/// On the wire (one JSON object per message, snake_case keys):
///
///     {"type":"request_vote","term":5,"last_log_index":3,"last_log_term":2}
///     {"type":"request_vote_reply","term":5,"vote_granted":true}
///     {"type":"append_entries","term":5,"prev_log_index":3,"prev_log_term":2,"entries":[],"leader_commit":0}
///     {"type":"append_entries_reply","term":5,"success":true}
///     {"type":"request_vote","term":6,"last_log_index":3,"last_log_term":2,"leadership_transfer":true}
///     {"type":"pre_vote","term":6,"last_log_index":3,"last_log_term":2}
///     {"type":"pre_vote_reply","term":6,"vote_granted":true}
///     {"type":"timeout_now","term":5}
///     {"type":"leaving","term":5}
///
/// The last five belong to options beyond Figure 2 (`RaftSettings`): `leadership_transfer`
/// is written only when true, so a textbook vote request looks as it always did; PreVote
/// (dissertation §9.6), TimeoutNow (§3.10) and a stopping follower's `leaving` are messages
/// of their own. No message uses the
/// keys the transport reserves for itself (`from`, `cluster`, `error`).
///
/// This toolkit implements election only, so AppendEntries is always a heartbeat: its
/// `entries` array is always empty, and decoding one that carries entries fails.
public enum RaftMessage: ElectionMessage, CustomStringConvertible {
    /// Sent by a candidate to every other member (§5.2). `lastLogIndex` and `lastLogTerm`
    /// describe the candidate's log, so voters can refuse a candidate that is behind (§5.4.1).
    ///
    /// `leadershipTransfer` is true when the candidate stands because the leader handed
    /// leadership to it (TimeoutNow, §3.10): voters then grant it despite their lease.
    case requestVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64,
                     leadershipTransfer: Bool = false)
    /// A voter's answer. `term` is the voter's current term, so a stale candidate learns
    /// it is behind.
    case requestVoteReply(term: UInt64, voteGranted: Bool)
    /// Sent by the leader every heartbeat interval to keep its authority (§5.2). With no
    /// entries, `prevLogIndex` and `prevLogTerm` are the leader's own log position and
    /// `leaderCommit` is 0.
    case appendEntries(term: UInt64, prevLogIndex: UInt64, prevLogTerm: UInt64, leaderCommit: UInt64)
    /// A follower's answer. `term` is the follower's current term, so a stale leader
    /// learns that it has been replaced.
    case appendEntriesReply(term: UInt64, success: Bool)
    /// PreVote (§9.6): "would you vote for me in `term`?", where `term` is the sender's
    /// current term plus one. Asking changes nobody's term or vote.
    case preVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64)
    /// The answer to a pre-vote. Granted, it echoes the term asked about; refused, it carries
    /// the voter's current term, so an asker that is behind catches up.
    case preVoteReply(term: UInt64, voteGranted: Bool)
    /// Sent by a leader handing over (§3.10): its receiver starts an election at once, with
    /// its vote requests marked as a leadership transfer. `term` is the leader's term.
    case timeoutNow(term: UInt64)
    /// Sent by a follower or candidate stopping gracefully, to every other member: "I am
    /// going; do not count on me", what a closed connection would say, but certain and
    /// sooner. `term` is the sender's term, for the story only: nobody adopts it.
    case leaving(term: UInt64)

    /// The sender's term. Every Raft message carries one, and §5.1's rules compare it with
    /// the receiver's before anything else.
    public var term: UInt64 {
        switch self {
        case .requestVote(let term, _, _, _),
             .requestVoteReply(let term, _),
             .appendEntries(let term, _, _, _),
             .appendEntriesReply(let term, _),
             .preVote(let term, _, _),
             .preVoteReply(let term, _),
             .timeoutNow(let term),
             .leaving(let term):
            return term
        }
    }

    /// Whether this is `leaving`, the one message that says its sender is not there any more.
    var isLeaving: Bool {
        if case .leaving = self { return true }
        return false
    }

    public var typeName: String {
        switch self {
        case .requestVote: return "request_vote"
        case .requestVoteReply: return "request_vote_reply"
        case .appendEntries: return "append_entries"
        case .appendEntriesReply: return "append_entries_reply"
        case .preVote: return "pre_vote"
        case .preVoteReply: return "pre_vote_reply"
        case .timeoutNow: return "timeout_now"
        case .leaving: return "leaving"
        }
    }

    public var description: String {
        switch self {
        case .requestVote(let term, let index, let logTerm, let transfer):
            return "request_vote(term \(term), last log index \(index), last log term \(logTerm)"
                + (transfer ? ", leadership transfer)" : ")")
        case .requestVoteReply(let term, let granted):
            return "request_vote_reply(term \(term), \(granted ? "granted" : "refused"))"
        case .appendEntries(let term, _, _, _):
            return "append_entries(term \(term), heartbeat)"
        case .appendEntriesReply(let term, let success):
            return "append_entries_reply(term \(term), \(success ? "success" : "rejected"))"
        case .preVote(let term, let index, let logTerm):
            return "pre_vote(term \(term), last log index \(index), last log term \(logTerm))"
        case .preVoteReply(let term, let granted):
            return "pre_vote_reply(term \(term), \(granted ? "granted" : "refused"))"
        case .timeoutNow(let term):
            return "timeout_now(term \(term))"
        case .leaving(let term):
            return "leaving(term \(term))"
        }
    }

    // MARK: - Codable

    enum CodingKeys: String, CodingKey {
        case type, term, entries
        case lastLogIndex = "last_log_index"
        case lastLogTerm = "last_log_term"
        case voteGranted = "vote_granted"
        case prevLogIndex = "prev_log_index"
        case prevLogTerm = "prev_log_term"
        case leaderCommit = "leader_commit"
        case success
        case leadershipTransfer = "leadership_transfer"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        let term = try container.decode(UInt64.self, forKey: .term)
        switch type {
        case "request_vote":
            self = .requestVote(
                term: term,
                lastLogIndex: try container.decode(UInt64.self, forKey: .lastLogIndex),
                lastLogTerm: try container.decode(UInt64.self, forKey: .lastLogTerm),
                leadershipTransfer: try container.decodeIfPresent(Bool.self, forKey: .leadershipTransfer)
                    ?? false)
        case "request_vote_reply":
            self = .requestVoteReply(
                term: term, voteGranted: try container.decode(Bool.self, forKey: .voteGranted))
        case "append_entries":
            let entries = try container.nestedUnkeyedContainer(forKey: .entries)
            guard entries.isAtEnd else {
                throw DecodingError.dataCorruptedError(
                    forKey: .entries, in: container,
                    debugDescription: "append_entries carries log entries, but this node implements "
                        + "leader election only and accepts only heartbeats with \"entries\":[]")
            }
            self = .appendEntries(
                term: term,
                prevLogIndex: try container.decode(UInt64.self, forKey: .prevLogIndex),
                prevLogTerm: try container.decode(UInt64.self, forKey: .prevLogTerm),
                leaderCommit: try container.decode(UInt64.self, forKey: .leaderCommit))
        case "append_entries_reply":
            self = .appendEntriesReply(
                term: term, success: try container.decode(Bool.self, forKey: .success))
        case "pre_vote":
            self = .preVote(
                term: term,
                lastLogIndex: try container.decode(UInt64.self, forKey: .lastLogIndex),
                lastLogTerm: try container.decode(UInt64.self, forKey: .lastLogTerm))
        case "pre_vote_reply":
            self = .preVoteReply(
                term: term, voteGranted: try container.decode(Bool.self, forKey: .voteGranted))
        case "timeout_now":
            self = .timeoutNow(term: term)
        case "leaving":
            self = .leaving(term: term)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown Raft message type '\(type)'; expected request_vote, "
                    + "request_vote_reply, append_entries, append_entries_reply, pre_vote, "
                    + "pre_vote_reply, timeout_now or leaving")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        try container.encode(term, forKey: .term)
        switch self {
        case .requestVote(_, let lastLogIndex, let lastLogTerm, let leadershipTransfer):
            try container.encode(lastLogIndex, forKey: .lastLogIndex)
            try container.encode(lastLogTerm, forKey: .lastLogTerm)
            // Only when true, so that a textbook vote request keeps its Figure 2 shape.
            if leadershipTransfer { try container.encode(true, forKey: .leadershipTransfer) }
        case .preVote(_, let lastLogIndex, let lastLogTerm):
            try container.encode(lastLogIndex, forKey: .lastLogIndex)
            try container.encode(lastLogTerm, forKey: .lastLogTerm)
        case .requestVoteReply(_, let voteGranted), .preVoteReply(_, let voteGranted):
            try container.encode(voteGranted, forKey: .voteGranted)
        case .timeoutNow, .leaving:
            break  // the term says it all
        case .appendEntries(_, let prevLogIndex, let prevLogTerm, let leaderCommit):
            try container.encode(prevLogIndex, forKey: .prevLogIndex)
            try container.encode(prevLogTerm, forKey: .prevLogTerm)
            _ = container.nestedUnkeyedContainer(forKey: .entries)  // always []: heartbeats only
            try container.encode(leaderCommit, forKey: .leaderCommit)
        case .appendEntriesReply(_, let success):
            try container.encode(success, forKey: .success)
        }
    }
}
