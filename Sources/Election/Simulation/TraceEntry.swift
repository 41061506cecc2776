import Election

/// One line of a simulation's story: at `time`, something happened to `node`.
///
/// Entries are recorded in the order the simulator performs them, and their `description`
/// is a stable one-line format, so two traces can be compared as text:
///
///     t+0.153s node 3 delivered request_vote from 2
///     t+0.154s node 3 dropped append_entries from 1 (partition)
///     t+0.301s node 2 timer election-timeout fired
///     t+0.301s node 2 became candidate
public struct TraceEntry: Hashable, Sendable, CustomStringConvertible {
    public var time: Instant
    /// The node the entry is about; for a message, its destination.
    public var node: NodeID
    public var kind: Kind

    public init(time: Instant, node: NodeID, kind: Kind) {
        self.time = time
        self.node = node
        self.kind = kind
    }

    /// What happened.
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        /// The node was started for the first time.
        case started
        /// The node crashed: its volatile state and timers are gone.
        case crashed
        /// The node was started again after a crash or a stop.
        case restarted
        /// The node handled `.stop` and went down.
        case stopped
        /// The node hung: its inputs queue up until it is resumed.
        case paused
        /// The node woke up and is about to handle its backlog.
        case resumed
        /// The node handled a message of wire type `type` from `from`.
        case delivered(type: String, from: NodeID)
        /// A message for the node was lost. `reason` is `loss`, `partition`, `crashed`,
        /// `stopped`, `not started` or `not a member`.
        case dropped(type: String, from: NodeID, reason: String)
        /// The node handled the expiry of one of its timers.
        case timerFired(TimerID)
        /// The node was told that a message to `peer` could not be delivered because the peer
        /// is not running (see `SimulationOptions.reportsUnreachable`).
        case peerUnreachable(NodeID)
        /// A refused connect to `peer` reached the node after it had heard from a newer
        /// process of `peer`, so the node was not told: it knows `peer` is up again.
        case staleHintDiscarded(NodeID)
        /// The node's role changed while it handled an input.
        case roleChanged(Role)
        /// The leader the node believes in changed (`nil`: it knows of none).
        case leaderChanged(NodeID?)
        /// The node logged an event.
        case log(Event)
        /// A `StorageFaults` fault struck the node, described in a sentence ("crashed after 1
        /// of 3 effects", "a write takes 4 ms"), or a delayed write became durable.
        case storage(String)

        public var description: String {
            switch self {
            case .started: return "started"
            case .crashed: return "crashed"
            case .restarted: return "restarted"
            case .stopped: return "stopped"
            case .paused: return "paused"
            case .resumed: return "resumed"
            case .storage(let what): return "storage: \(what)"
            case .delivered(let type, let from): return "delivered \(type) from \(from)"
            case .dropped(let type, let from, let reason): return "dropped \(type) from \(from) (\(reason))"
            case .timerFired(let timer): return "timer \(timer) fired"
            case .peerUnreachable(let peer): return "learned that node \(peer) is unreachable"
            case .staleHintDiscarded(let peer):
                return "was not told that node \(peer) is unreachable: it has heard from a newer process of node \(peer)"
            case .roleChanged(let role): return "became \(role)"
            case .leaderChanged(let leader?): return "now follows leader \(leader)"
            case .leaderChanged(nil): return "now knows no leader"
            case .log(let event):
                let term = event.term.map { " (term \($0))" } ?? ""
                return "log \(event.kind): \(event.message)\(term)"
            }
        }
    }

    /// `t+0.153s node 3 delivered request_vote from 2`
    public var description: String { "\(time) node \(node) \(kind)" }
}
