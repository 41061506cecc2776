// A third algorithm, for tests only: it proves that an algorithm joins the programs with its
// own folder and one registry entry, and that the conformance suite covers it unasked.
//
// Adding it took three steps:
// 1. A folder of its own with the state machine, pure like Bully and Raft: `LowestIDNode:
//    ElectionProtocol`, with its message (`LowestIDMessage: ElectionMessage`), its settings
//    (`LowestIDSettings`) and what it keeps on disk (`LowestIDState`). In the package, that is
//    Sources/<Name>/ and one `.target(name: "<Name>", dependencies: ["Election"])` line.
// 2. Its registry entry beside it, `LowestIDNode+Registry.swift`: `RegisteredAlgorithm` (name,
//    title, help, default settings, its flags, the settings check, what it keeps on disk, what
//    it promises) and `BenchAlgorithm` (how it reads the bench's timing flags, which timeouts a
//    result records, what each message is for).
// 3. One entry in a registry: `AlgorithmRegistry.standard` for a shipped algorithm (and the
//    module among AlgorithmRegistry's dependencies), or, as here for a test-only one,
//    `AlgorithmRegistry(AlgorithmRegistry.standard.entries + [LowestIDNode.self])`.
// Nothing else changed: the flag parsing, the simulator and every check of the conformance
// suite (ConformanceTests.swift iterates the registry) take it as they take Bully and Raft.

import Election

/// "Lowest id leads": a toy election for tests. A node that hears no heartbeat from a lower
/// id for one claim timeout forgets its leader; if it then hears from no lower id for one
/// more claim timeout, it leads, announcing a term one above the highest it has seen. A
/// leader heartbeats; a node follows the lowest id it hears heartbeating below its own.
///
/// Once the network is whole, the lowest running id hears from nobody lower, so it leads,
/// and everyone else follows it. Like Bully under a partition, each side leads itself; the
/// toy promises nothing more than that.
public struct LowestIDNode: ElectionProtocol {
    public typealias Message = LowestIDMessage
    public typealias Settings = LowestIDSettings
    public typealias DurableState = LowestIDState

    public static let algorithmName = "lowest-id"

    /// Fires one claim timeout after the last heartbeat from a lower id (or after the start).
    public static let claimTimer = TimerID("lowest-id-claim")
    /// Fires every heartbeat interval on the leader.
    public static let heartbeatTimer = TimerID("lowest-id-heartbeat")

    public let id: NodeID
    public let members: [NodeID]
    public let settings: LowestIDSettings

    public private(set) var role: Role = .follower
    public private(set) var leader: NodeID?
    /// The highest term seen or announced; kept on disk.
    public private(set) var state: LowestIDState
    public private(set) var isStopped = false

    /// The toy draws no random numbers, so `random` is unused.
    public init(id: NodeID, members: [NodeID], settings: LowestIDSettings, random: SeededRandom,
                durable: LowestIDState?) {
        self.id = id
        self.members = Set(members + [id]).sorted()
        self.settings = settings
        self.state = durable ?? LowestIDState()
    }

    public var status: NodeStatus {
        NodeStatus(id: id, role: role, leader: leader, term: state.term)
    }

    public mutating func handle(_ input: Input<LowestIDMessage>, at now: Instant) -> Effects {
        guard !isStopped else { return [] }
        switch input {
        case .start:
            return onStart()
        case .receive(.heartbeat(let term), let sender):
            guard sender != id, members.contains(sender) else { return [] }
            return onHeartbeat(term: term, from: sender)
        case .timerFired(Self.claimTimer):
            return onClaimTimeout()
        case .timerFired(Self.heartbeatTimer):
            return onHeartbeatTimer()
        case .timerFired, .peerUnreachable:
            return []  // not a timer this node sets; silence alone tells it of crashes
        case .stop:
            isStopped = true
            return [.cancelTimer(Self.claimTimer), .cancelTimer(Self.heartbeatTimer),
                    .log(Event(.note, "stopped as \(role) at term \(state.term)", term: state.term))]
        }
    }

    /// A node starts knowing no leader and gives the lower ids one claim timeout to be heard.
    private mutating func onStart() -> Effects {
        [.log(Event(.becameFollower, "started at term \(state.term), listening for a lower id's heartbeat",
                    term: state.term)),
         .setTimer(Self.claimTimer, after: settings.claimTimeout)]
    }

    private mutating func onHeartbeat(term: UInt64, from sender: NodeID) -> Effects {
        var effects: Effects = []
        // 1) Keep the highest term seen, on disk, so a later leadership is numbered above it.
        if term > state.term {
            state.term = term
            effects.append(.persist(state))
        }
        // 2) Only a lower id than mine may lead me, and the lowest I hear wins.
        guard sender < id else { return effects }
        if let current = leader, current != id, current < sender { return effects }
        // 3) Still my leader: it is alive, so wait a fresh claim timeout.
        effects.append(.setTimer(Self.claimTimer, after: settings.claimTimeout))
        guard leader != sender else { return effects }
        // 4) A new (lower) leader: follow it, stepping down if I led.
        let wasLeader = role == .leader
        role = .follower
        leader = sender
        if wasLeader { effects.append(.cancelTimer(Self.heartbeatTimer)) }
        effects.append(.log(Event(wasLeader ? .becameFollower : .leaderChanged,
                                  "node \(sender), lower than me, leads at term \(term): following it",
                                  term: state.term)))
        return effects
    }

    /// Silence from below: first forget the leader, then, after one more silent claim timeout,
    /// lead.
    private mutating func onClaimTimeout() -> Effects {
        guard role == .follower else { return [] }
        if let silent = leader {
            leader = nil
            return [.log(Event(.leaderLost, "no heartbeat from node \(silent) for \(settings.claimTimeout): "
                               + "listening once more for a lower id", term: state.term)),
                    .setTimer(Self.claimTimer, after: settings.claimTimeout)]
        }
        // 1) A new term, on disk before anyone hears of it.
        state.term += 1
        role = .leader
        leader = id
        return [.persist(state),
                .log(Event(.becameLeader, "heard from no lower id: leading at term \(state.term)", term: state.term)),
                .broadcast(.heartbeat(term: state.term)),
                .setTimer(Self.heartbeatTimer, after: settings.heartbeatInterval)]
    }

    private mutating func onHeartbeatTimer() -> Effects {
        guard role == .leader else { return [] }  // left over from a leadership that ended
        return [.broadcast(.heartbeat(term: state.term)),
                .setTimer(Self.heartbeatTimer, after: settings.heartbeatInterval)]
    }
}
