import Election

/// What a live node has done since it started, as counted for `GET /metrics`.
///
/// `LiveNode` keeps one inside the state it guards for the state machine, and updates it
/// on the I/O thread while it handles an input, under the lock it already holds for that:
/// counting takes no lock, atomic or thread of its own. A message costs one dictionary
/// increment keyed by its wire type, and allocates nothing once that type has been seen.
///
/// Everything here is told by what the runtime already sees, never by asking the
/// algorithm: a `.log` effect of kind `election_started`, the status before and after an
/// input, the messages in and out. So every algorithm is counted the same way, and the
/// runtime never learns an algorithm's name.
public struct NodeMetrics: Hashable, Sendable {
    /// Elections this node started: `.log` effects of kind `Event.Kind.electionStarted`.
    public private(set) var electionsStarted: UInt64 = 0
    /// Times the leader this node believes in became a known node other than the one it
    /// believed in just before, the first leader it learned of included. (A leader lost
    /// and then found again counts again, as in etcd's `leader_changes_seen_total`.)
    public private(set) var leaderChanges: UInt64 = 0
    /// Peer messages handed to the transport, by wire type. A broadcast counts once per
    /// peer. A frame the transport then drops (its peer is down) still counts.
    public private(set) var messagesSent: [String: UInt64] = [:]
    /// Peer messages from members that the state machine handled, by wire type.
    public private(set) var messagesReceived: [String: UInt64] = [:]
    /// Incoming lines refused: garbage, unknown messages, senders that are not members.
    public private(set) var linesRejected: UInt64 = 0

    public init() {}

    /// `copies` messages of this type left for peers (a broadcast sends one per peer).
    mutating func countSent(_ type: String, copies: Int = 1) {
        messagesSent[type, default: 0] += UInt64(copies)
    }

    mutating func countReceived(_ type: String) {
        messagesReceived[type, default: 0] += 1
    }

    mutating func countRejectedLine() {
        linesRejected += 1
    }

    /// Looks at one `.log` effect of the state machine.
    mutating func observe(_ event: Event) {
        if event.kind == .electionStarted { electionsStarted += 1 }
    }

    /// Looks at the status after an input, and the one before it (`nil` before the first).
    mutating func observeStatus(from previous: NodeStatus?, to current: NodeStatus) {
        if let leader = current.leader, leader != previous?.leader { leaderChanges += 1 }
    }
}
