import Election

/// The toy algorithm with one deliberate bug, to show that each conformance check can fail:
/// it wraps a correct `LowestIDNode` and lets `Bug` change what it returns or shows.
struct BrokenLowestID<Bug: LowestIDBug>: ElectionProtocol {
    typealias Message = LowestIDMessage
    typealias Settings = LowestIDSettings
    typealias DurableState = LowestIDState

    static var algorithmName: String { "lowest-id-" + Bug.name }

    var inner: LowestIDNode
    /// The status to show instead of the inner node's, for a bug that lies about it.
    var shownStatus: NodeStatus?

    init(id: NodeID, members: [NodeID], settings: LowestIDSettings, random: SeededRandom, durable: LowestIDState?) {
        inner = LowestIDNode(id: id, members: members, settings: settings, random: random, durable: durable)
    }

    var id: NodeID { inner.id }
    var status: NodeStatus { shownStatus ?? inner.status }

    mutating func handle(_ input: Input<LowestIDMessage>, at now: Instant) -> [Effect<LowestIDMessage, LowestIDState>] {
        Bug.handle(input, at: now, by: &self)
    }
}

/// One deliberate bug: what the broken node does with an input, given the correct one inside.
protocol LowestIDBug {
    static var name: String { get }
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>]
}

/// Stretches every timer by a draw from the system's generator, as code that forgot to use
/// the `SeededRandom` it was given would.
enum DrawsFromTheSystemGenerator: LowestIDBug {
    static let name = "system-random"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        var system = SystemRandomNumberGenerator()
        return node.inner.handle(input, at: now).map {
            guard case .setTimer(let timer, let delay) = $0 else { return $0 }
            return .setTimer(timer, after: delay + .microseconds(Int64.random(in: 0..<1_000, using: &system)))
        }
    }
}

/// Handles its stop, then carries on as if it had not been stopped.
enum CarriesOnAfterStop: LowestIDBug {
    static let name = "carries-on"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        guard case .stop = input else { return node.inner.handle(input, at: now) }
        let running = node.inner
        defer { node.inner = running }
        return node.inner.handle(input, at: now)
    }
}

/// Moves every `.persist` after the messages of the same input.
enum SendsBeforePersisting: LowestIDBug {
    static let name = "sends-first"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        let effects = node.inner.handle(input, at: now)
        let isPersist: (Effect<LowestIDMessage, LowestIDState>) -> Bool = { if case .persist = $0 { true } else { false } }
        return effects.filter { !isPersist($0) } + effects.filter(isPersist)
    }
}

/// Never persists: the term it announces lives in memory only.
enum ForgetsItsTerm: LowestIDBug {
    static let name = "forgets-term"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        node.inner.handle(input, at: now).filter { if case .persist = $0 { false } else { true } }
    }
}

/// Heartbeats on every heartbeat expiry, whether it still leads or not: it trusts that a
/// cancelled timer never fires.
enum TrustsCancelledTimers: LowestIDBug {
    static let name = "trusts-timers"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        let effects = node.inner.handle(input, at: now)
        guard case .timerFired(LowestIDNode.heartbeatTimer) = input, effects.isEmpty, !node.inner.isStopped
        else { return effects }
        return [.broadcast(.heartbeat(term: node.inner.state.term))]
    }
}

/// Shows the status it had before its latest input: a status one step behind its effects.
enum ShowsAStaleStatus: LowestIDBug {
    static let name = "stale-status"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        node.shownStatus = node.inner.status
        return node.inner.handle(input, at: now)
    }
}

/// Never hears a heartbeat, so every node leads itself.
enum HearsNoHeartbeat: LowestIDBug {
    static let name = "deaf"
    static func handle(_ input: Input<LowestIDMessage>, at now: Instant,
                       by node: inout BrokenLowestID<Self>) -> [Effect<LowestIDMessage, LowestIDState>] {
        if case .receive = input { return [] }
        return node.inner.handle(input, at: now)
    }
}
