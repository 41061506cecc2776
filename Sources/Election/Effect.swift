/// What a state machine asks its runtime to do. The runtime MUST perform a handler's
/// effects in the order given, and a `.persist` MUST be durable before any later
/// effect (such as a vote reply that depends on it) is performed. It MAY skip a `.persist`
/// that the next effect supersedes (`isSupersededPersist(at:in:)`).
public enum Effect<Message: Sendable, DurableState: Sendable>: Sendable {
    /// Send one message to one peer. Delivery is not guaranteed.
    case send(Message, to: NodeID)
    /// Send one message to every other member.
    case broadcast(Message)
    /// Fire `.timerFired(id)` after `after`; replaces any pending timer with the same id.
    case setTimer(TimerID, after: Duration)
    /// Forget a pending timer; harmless if none is pending.
    case cancelTimer(TimerID)
    /// Store this state durably (it survives a crash and is handed back on restart).
    case persist(DurableState)
    /// Something a learner would want to see in the node's log.
    case log(Event)
}

/// The durable state of an algorithm that keeps none: after a restart it learns all it
/// needs from its peers again.
public struct NoDurableState: Codable, Hashable, Sendable {
    public init() {}
}
