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
///
/// This toolkit implements election only, so AppendEntries is always a heartbeat: its
/// `entries` array is always empty, and decoding one that carries entries fails.
public enum RaftMessage: ElectionMessage, CustomStringConvertible {
    /// Sent by a candidate to every other member (§5.2). `lastLogIndex` and `lastLogTerm`
    /// describe the candidate's log, so voters can refuse a candidate that is behind (§5.4.1).
    case requestVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64)
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

    /// The sender's term. Every Raft message carries one, and §5.1's rules compare it with
    /// the receiver's before anything else.
    public var term: UInt64 {
        switch self {
        case .requestVote(let term, _, _),
             .requestVoteReply(let term, _),
             .appendEntries(let term, _, _, _),
             .appendEntriesReply(let term, _):
            return term
        }
    }

    public var typeName: String {
        switch self {
        case .requestVote: return "request_vote"
        case .requestVoteReply: return "request_vote_reply"
        case .appendEntries: return "append_entries"
        case .appendEntriesReply: return "append_entries_reply"
        }
    }

    public var description: String {
        switch self {
        case .requestVote(let term, let index, let logTerm):
            return "request_vote(term \(term), last log index \(index), last log term \(logTerm))"
        case .requestVoteReply(let term, let granted):
            return "request_vote_reply(term \(term), \(granted ? "granted" : "refused"))"
        case .appendEntries(let term, _, _, _):
            return "append_entries(term \(term), heartbeat)"
        case .appendEntriesReply(let term, let success):
            return "append_entries_reply(term \(term), \(success ? "success" : "rejected"))"
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
                lastLogTerm: try container.decode(UInt64.self, forKey: .lastLogTerm))
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
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown Raft message type '\(type)'; expected request_vote, "
                    + "request_vote_reply, append_entries or append_entries_reply")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        try container.encode(term, forKey: .term)
        switch self {
        case .requestVote(_, let lastLogIndex, let lastLogTerm):
            try container.encode(lastLogIndex, forKey: .lastLogIndex)
            try container.encode(lastLogTerm, forKey: .lastLogTerm)
        case .requestVoteReply(_, let voteGranted):
            try container.encode(voteGranted, forKey: .voteGranted)
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
