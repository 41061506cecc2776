/// Why a peer message was sent, as far as the bench's metrics care.
public enum MessagePurpose: Hashable, Sendable {
    /// Part of an election: counted in messages and bytes per election.
    case election
    /// A leader's periodic "I am alive" broadcast.
    case heartbeat
    /// Anything else (a heartbeat's reply, for example).
    case other
}
