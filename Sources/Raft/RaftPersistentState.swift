import Election

/// What a Raft node keeps on stable storage (Figure 2, "Persistent state on all servers").
///
/// The paper persists `currentTerm`, `votedFor` and the log. This toolkit implements
/// election only, so instead of a log it keeps the log's *position*: the index and term of
/// the last entry. That is all an election needs (§5.4.1 compares log positions), and it
/// lets a scenario give nodes logs of different lengths, as in the paper's Figure 16 setup
/// where a survivor with a shorter log cannot win.
///
/// The runtime MUST store this value durably before performing the effects that follow a
/// `.persist` (a vote reply in particular), and MUST hand the last stored value back as
/// `durable` when the node restarts. Otherwise a node could vote twice in one term.
///
/// Stored as a JSON object with snake_case keys:
/// `{"current_term":5,"voted_for":2,"last_log_index":3,"last_log_term":2}`
/// (`voted_for` is `null` when the node has not voted in `current_term`).
public struct RaftPersistentState: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The latest term this node has seen; starts at 0 and only grows.
    public var currentTerm: UInt64
    /// The candidate this node voted for in `currentTerm`, or `nil` if none yet.
    public var votedFor: NodeID?
    /// Index of the last entry in this node's log; 0 means an empty log.
    public var lastLogIndex: UInt64
    /// Term of the last entry in this node's log; 0 for an empty log.
    public var lastLogTerm: UInt64

    public init(currentTerm: UInt64 = 0, votedFor: NodeID? = nil,
                lastLogIndex: UInt64 = 0, lastLogTerm: UInt64 = 0) {
        self.currentTerm = currentTerm
        self.votedFor = votedFor
        self.lastLogIndex = lastLogIndex
        self.lastLogTerm = lastLogTerm
    }

    /// §5.4.1: true when a log ending at (`lastLogIndex`, `lastLogTerm`) is at least as
    /// up-to-date as this node's log. The log whose last entry has the higher term wins;
    /// with equal last terms, the longer log wins (or ties).
    public func isLogAtLeastAsUpToDate(lastLogIndex otherIndex: UInt64,
                                       lastLogTerm otherTerm: UInt64) -> Bool {
        if otherTerm != lastLogTerm { return otherTerm > lastLogTerm }
        return otherIndex >= lastLogIndex
    }

    public var description: String {
        "term \(currentTerm), voted for \(votedFor.map { "node \($0)" } ?? "nobody"), "
            + "log ends at index \(lastLogIndex) term \(lastLogTerm)"
    }

    enum CodingKeys: String, CodingKey {
        case currentTerm = "current_term"
        case votedFor = "voted_for"
        case lastLogIndex = "last_log_index"
        case lastLogTerm = "last_log_term"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currentTerm = try container.decode(UInt64.self, forKey: .currentTerm)
        votedFor = try container.decodeIfPresent(NodeID.self, forKey: .votedFor)
        lastLogIndex = try container.decode(UInt64.self, forKey: .lastLogIndex)
        lastLogTerm = try container.decode(UInt64.self, forKey: .lastLogTerm)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currentTerm, forKey: .currentTerm)
        try container.encode(votedFor, forKey: .votedFor)  // explicit null: "has not voted"
        try container.encode(lastLogIndex, forKey: .lastLogIndex)
        try container.encode(lastLogTerm, forKey: .lastLogTerm)
    }
}
