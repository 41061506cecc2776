import Election
@testable import Raft

/// Small helpers that drive one `RaftNode` by hand and read its effects. Their nodes run
/// `RaftSettings.textbook` unless a test passes settings: most tests here pin Figure 2 itself,
/// and the options' own tests turn on what they test (`RaftSettings.with`).
typealias RaftEffect = Effect<RaftMessage, RaftPersistentState>

func makeNode(_ id: NodeID = 1, members: [NodeID] = [1, 2, 3],
              settings: RaftSettings = .textbook, seed: UInt64 = 7,
              durable: RaftPersistentState? = nil) -> RaftNode {
    RaftNode(id: id, members: members, settings: settings, random: SeededRandom(seed: seed),
             durable: durable)
}

extension RaftNode {
    @discardableResult
    mutating func start() -> [RaftEffect] { handle(.start, at: .start) }

    @discardableResult
    mutating func electionTimeoutFires() -> [RaftEffect] {
        handle(.timerFired(RaftNode.electionTimer), at: .start)
    }

    @discardableResult
    mutating func heartbeatTimerFires() -> [RaftEffect] {
        handle(.timerFired(RaftNode.heartbeatTimer), at: .start)
    }

    @discardableResult
    mutating func receive(_ message: RaftMessage, from sender: NodeID) -> [RaftEffect] {
        handle(.receive(message, from: sender), at: .start)
    }

    @discardableResult
    mutating func receive(_ message: RaftMessage, from sender: NodeID, atMs ms: Int64) -> [RaftEffect] {
        handle(.receive(message, from: sender), at: .ms(ms))
    }

    @discardableResult
    mutating func electionTimeoutFires(atMs ms: Int64) -> [RaftEffect] {
        handle(.timerFired(RaftNode.electionTimer), at: .ms(ms))
    }

    @discardableResult
    mutating func heartbeatTimerFires(atMs ms: Int64) -> [RaftEffect] {
        handle(.timerFired(RaftNode.heartbeatTimer), at: .ms(ms))
    }

    /// The transport's hint that the connection to `peer` is gone.
    @discardableResult
    mutating func connectionLost(to peer: NodeID, atMs ms: Int64) -> [RaftEffect] {
        handle(.peerUnreachable(peer), at: .ms(ms))
    }

    /// A started node of `members` that has won the election for term 1 with the votes of
    /// the lowest-numbered peers.
    static func leader(_ id: NodeID = 1, members: [NodeID] = [1, 2, 3],
                       settings: RaftSettings = .textbook) -> RaftNode {
        var node = makeNode(id, members: members, settings: settings)
        node.start()
        node.electionTimeoutFires()
        if settings.preVote {
            for voter in members where voter != id && node.role != .candidate {
                node.receive(.preVoteReply(term: 1, voteGranted: true), from: voter)
            }
        }
        for voter in members where voter != id && node.role != .leader {
            node.receive(.requestVoteReply(term: 1, voteGranted: true), from: voter)
        }
        return node
    }

    /// A started follower of [1, 2, 3] at term 1 that heard leader `leader`'s heartbeat at
    /// `heardAtMs`.
    static func follower(_ id: NodeID = 2, of leader: NodeID = 1, settings: RaftSettings,
                         heardAtMs: Int64 = 0) -> RaftNode {
        var node = makeNode(id, settings: settings, durable: RaftPersistentState(currentTerm: 1))
        node.start()
        node.receive(.heartbeat(term: 1), from: leader, atMs: heardAtMs)
        return node
    }
}

extension Instant {
    /// `ms` milliseconds after the start.
    static func ms(_ ms: Int64) -> Instant { .start + .milliseconds(ms) }
}

extension RaftMessage {
    /// An empty AppendEntries of `term` from a leader with an empty log.
    static func heartbeat(term: UInt64) -> RaftMessage {
        .appendEntries(term: term, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0)
    }
}

extension RaftSettings {
    /// These settings' timing with every option off: the textbook at a chosen timing.
    var optionsOff: RaftSettings {
        var settings = self
        settings.disableEveryOption()
        return settings
    }

    /// The textbook with the options named turned on.
    static func with(preVote: Bool = false, checkQuorum: Bool = false, leaderLease: Bool = false,
                     handOverOnStop: Bool = false, fastDetection: Bool = false) -> RaftSettings {
        var settings = RaftSettings.textbook
        settings.preVote = preVote
        settings.checkQuorum = checkQuorum
        settings.leaderLease = leaderLease
        settings.handOverOnStop = handOverOnStop
        settings.fastDetection = fastDetection
        return settings
    }
}

extension RaftEffect {
    /// A short label for checking the order of effects: `persist`, `send request_vote_reply
    /// to 2`, `broadcast request_vote`, `set raft-election-timeout`, `log vote_granted`.
    var label: String {
        switch self {
        case .send(let message, let peer): return "send \(message.typeName) to \(peer)"
        case .broadcast(let message): return "broadcast \(message.typeName)"
        case .setTimer(let timer, _): return "set \(timer)"
        case .cancelTimer(let timer): return "cancel \(timer)"
        case .persist: return "persist"
        case .log(let event): return "log \(event.kind)"
        }
    }
}

extension Array where Element == RaftEffect {
    var labels: [String] { map(\.label) }

    var sent: [(message: RaftMessage, to: NodeID)] {
        compactMap { if case .send(let message, let peer) = $0 { (message, peer) } else { nil } }
    }

    var broadcasts: [RaftMessage] {
        compactMap { if case .broadcast(let message) = $0 { message } else { nil } }
    }

    var persisted: [RaftPersistentState] {
        compactMap { if case .persist(let state) = $0 { state } else { nil } }
    }

    /// Delays of every `.setTimer` for `timer`, in order.
    func timerSets(_ timer: TimerID) -> [Duration] {
        compactMap { if case .setTimer(timer, let delay) = $0 { delay } else { nil } }
    }

    func cancels(_ timer: TimerID) -> Bool {
        contains { if case .cancelTimer(timer) = $0 { true } else { false } }
    }

    var events: [Event] {
        compactMap { if case .log(let event) = $0 { event } else { nil } }
    }

    func events(_ kind: Event.Kind) -> [Event] { events.filter { $0.kind == kind } }

    /// True when both effects are present and the first `first` comes before the first
    /// `second`.
    func has(_ first: String, before second: String) -> Bool {
        guard let a = labels.firstIndex(of: first), let b = labels.firstIndex(of: second) else {
            return false
        }
        return a < b
    }
}
