import Election

/// The one-line verdict on a cluster: does every answering node believe in the same leader?
///
/// Only nodes that answered the latest query count; a node that is down has no opinion.
public enum ClusterSummary: Hashable, Sendable {
    /// No node answered.
    case nobodyAnswers
    /// Every answering node believes in `leader`, which answers and says it leads.
    case agreed(leader: NodeID, term: UInt64, answering: Int, of: Int)
    /// Every answering node still believes in `leader`, but `leader` does not answer:
    /// the moment after a leader dies and before anyone has noticed.
    case followingAbsentLeader(leader: NodeID, answering: Int, of: Int)
    /// No answering node knows of any leader: usually an election in progress.
    case noLeader(answering: Int, of: Int)
    /// Answering nodes name different leaders (`nil`: knows of none), in id order.
    case disagreement([Belief])
    /// Two or more answering nodes say they are the leader, in id order.
    case splitBrain([LeaderClaim])

    public struct Belief: Hashable, Sendable {
        public var node: NodeID
        public var leader: NodeID?
        public init(node: NodeID, leader: NodeID?) {
            self.node = node
            self.leader = leader
        }
    }

    public struct LeaderClaim: Hashable, Sendable {
        public var node: NodeID
        public var term: UInt64
        public init(node: NodeID, term: UInt64) {
            self.node = node
            self.term = term
        }
    }

    /// Judges the latest answers of `nodes` (one entry per configured member).
    public init(_ nodes: [NodeObservation]) {
        let replies = nodes.compactMap(\.reply).sorted { $0.id < $1.id }
        let total = nodes.count
        // 1) Nobody to ask.
        guard !replies.isEmpty else {
            self = .nobodyAnswers
            return
        }
        // 2) Two self-declared leaders trump everything else: that is the failure to see.
        let claims = replies.filter { $0.role == .leader }
        if claims.count > 1 {
            self = .splitBrain(claims.map { LeaderClaim(node: $0.id, term: $0.term) })
            return
        }
        // 3) One belief shared by everyone, or not.
        let beliefs = Set(replies.map(\.leader))
        guard beliefs.count == 1, let shared = beliefs.first else {
            self = .disagreement(replies.map { Belief(node: $0.id, leader: $0.leader) })
            return
        }
        guard let leader = shared else {
            self = .noLeader(answering: replies.count, of: total)
            return
        }
        // The leader is among the answering nodes only if it believes in itself.
        if let leaderReply = replies.first(where: { $0.id == leader }) {
            self = .agreed(leader: leader, term: leaderReply.term, answering: replies.count, of: total)
        } else {
            self = .followingAbsentLeader(leader: leader, answering: replies.count, of: total)
        }
    }

    /// The leader everyone agrees on, if any.
    public var agreedLeader: NodeID? {
        if case .agreed(let leader, _, _, _) = self { return leader }
        return nil
    }

    public var isSplitBrain: Bool {
        if case .splitBrain = self { return true }
        return false
    }
}
