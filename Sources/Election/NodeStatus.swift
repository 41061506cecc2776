/// The role a node plays. A node in the middle of an election reports `candidate`, whatever
/// its algorithm calls that stage.
public enum Role: String, Codable, Hashable, Sendable, CustomStringConvertible {
    case follower
    case candidate
    case leader

    public var description: String { rawValue }
}

/// What a node believes right now: the answer to `{"type":"status"}`.
public struct NodeStatus: Hashable, Sendable, CustomStringConvertible {
    public var id: NodeID
    public var role: Role
    /// The leader this node believes in, or `nil` when it knows of none.
    public var leader: NodeID?
    /// The number of the election this belief belongs to: a term or an epoch, in the
    /// algorithm's own words.
    public var term: UInt64

    public init(id: NodeID, role: Role, leader: NodeID?, term: UInt64) {
        self.id = id
        self.role = role
        self.leader = leader
        self.term = term
    }

    /// The workshop's `election_in_progress` field.
    public var electionInProgress: Bool { role == .candidate }

    public var isLeader: Bool { role == .leader }

    public var description: String {
        "node \(id): \(role), leader \(leader.map(String.init(describing:)) ?? "none"), term \(term)"
    }
}
