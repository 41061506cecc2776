import Election
import ElectionLive
import Foundation

/// What `election-watch` knows about one node: its last answer, or how it stopped answering.
public struct NodeObservation: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        /// The node has not answered once since watching began. `reason` is why the latest
        /// query failed, `nil` before the first query.
        case neverAnswered(reason: StatusQueryError.Reason?)
        /// The node answered the latest query.
        case up(StatusReply)
        /// The node answered before, but not the latest query.
        case down(since: Date, reason: StatusQueryError.Reason, lastReply: StatusReply)
    }

    public let member: Member
    public internal(set) var state: State
    /// When the node's up/down state, role, leader or term last changed, as far as the
    /// watch has seen. `nil` before the first answer or failure.
    public internal(set) var changedAt: Date?
    /// True while `changedAt` is only the moment watching began (or the node restarted):
    /// the node may have been in this state for longer.
    public internal(set) var changedBeforeWatching: Bool

    public init(member: Member) {
        self.member = member
        self.state = .neverAnswered(reason: nil)
        self.changedAt = nil
        self.changedBeforeWatching = false
    }

    public var id: NodeID { member.id }

    /// The latest answer, when the node answered the latest query.
    public var reply: StatusReply? {
        if case .up(let reply) = state { return reply }
        return nil
    }

    /// The fields whose change counts as "something happened": role, leader and term.
    /// Uptime alone moves on every query and is not a change.
    var visibleState: VisibleState {
        switch state {
        case .neverAnswered: return .neverAnswered
        case .down: return .down
        case .up(let reply): return .up(role: reply.role, leader: reply.leader, term: reply.term)
        }
    }

    enum VisibleState: Hashable {
        case neverAnswered
        case down
        case up(role: Role, leader: NodeID?, term: UInt64)
    }
}
