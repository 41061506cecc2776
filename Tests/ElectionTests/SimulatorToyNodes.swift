import Election
import ElectionSimulation

// Small state machines that exist only to exercise the simulator. They are deliberately
// simpler than Bully or Raft, so that a failing test points at the simulator.

/// The one message type of the toy nodes: a wire type and a number.
struct ToyMessage: ElectionMessage {
    var type: String
    var value: Int

    init(_ type: String, _ value: Int = 0) {
        self.type = type
        self.value = value
    }

    var typeName: String { type }
}

/// What the toy nodes persist.
struct ToyDurable: Codable, Hashable, Sendable {
    var counter: Int
}

typealias ToyEffects = [Effect<ToyMessage, ToyDurable>]

/// A message as a toy node received it.
struct Arrival: Hashable, Sendable {
    var time: Instant
    var message: ToyMessage
    var from: NodeID
}

/// A node whose reactions each test writes as a closure; it remembers every input it handled
/// (in `inputs`, as text) and every message (in `arrivals`), so tests can look inside.
struct ScriptedNode: ElectionProtocol {
    typealias Message = ToyMessage
    typealias DurableState = ToyDurable
    typealias Reaction = @Sendable (inout ScriptedNode, Input<ToyMessage>, Instant) -> ToyEffects

    struct Settings: Sendable {
        var react: Reaction = { _, _, _ in [] }
    }

    static let algorithmName = "scripted"

    let id: NodeID
    let members: [NodeID]
    var random: SeededRandom
    /// The durable state the node was created with.
    let durableAtBoot: ToyDurable?
    let react: Reaction

    /// Every input handled, as `t+0.001s receive ping 3 from 1`.
    var inputs: [String] = []
    var arrivals: [Arrival] = []
    /// Free for reactions to use (e.g. a counter, a random draw).
    var scratch: [UInt64] = []
    var role = Role.follower
    var leader: NodeID?
    var term: UInt64 = 0

    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom, durable: ToyDurable?) {
        self.id = id
        self.members = members
        self.random = random
        self.durableAtBoot = durable
        self.react = settings.react
    }

    var status: NodeStatus { NodeStatus(id: id, role: role, leader: leader, term: term) }

    mutating func handle(_ input: Input<ToyMessage>, at now: Instant) -> [Effect<ToyMessage, ToyDurable>] {
        inputs.append("\(now) " + Self.describe(input))
        if case .receive(let message, let from) = input {
            arrivals.append(Arrival(time: now, message: message, from: from))
        }
        let react = self.react
        return react(&self, input, now)
    }

    static func describe(_ input: Input<ToyMessage>) -> String {
        switch input {
        case .start: return "start"
        case .receive(let message, let from): return "receive \(message.type) \(message.value) from \(from)"
        case .timerFired(let timer): return "timer \(timer)"
        case .peerUnreachable(let peer): return "unreachable \(peer)"
        case .stop(let graceful): return graceful ? "stop graceful" : "stop forced"
        }
    }
}

/// "Highest id wins after a timer": every node says `alive` to everyone every `beat`, and every
/// `settleEvery` it takes as leader the highest id it heard from within `forgetAfter`
/// (itself included). Enough of a leader election to test failover, partitions and pauses,
/// and it draws from its `SeededRandom`, so its runs depend on the seed.
struct HighestIDNode: ElectionProtocol {
    typealias Message = ToyMessage
    typealias DurableState = NoDurableState

    struct Settings: Sendable {
        var beat = Duration.milliseconds(20)
        var settleEvery = Duration.milliseconds(50)
        var forgetAfter = Duration.milliseconds(100)
    }

    static let algorithmName = "highest-id"
    static let beatTimer = TimerID("beat")
    static let settleTimer = TimerID("settle")

    let id: NodeID
    let members: [NodeID]
    let settings: Settings
    var random: SeededRandom
    /// When each member (by position) was last heard from.
    var lastHeard: [Instant?]
    var leader: NodeID?
    var term: UInt64 = 0

    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom, durable: NoDurableState?) {
        self.id = id
        self.members = members
        self.settings = settings
        self.random = random
        self.lastHeard = Array(repeating: nil, count: members.count)
    }

    var status: NodeStatus {
        NodeStatus(id: id, role: leader == id ? .leader : .follower, leader: leader, term: term)
    }

    mutating func handle(_ input: Input<ToyMessage>, at now: Instant) -> [Effect<ToyMessage, NoDurableState>] {
        switch input {
        case .start:
            return [.setTimer(Self.beatTimer, after: random.duration(from: .zero, below: settings.beat)),
                    .setTimer(Self.settleTimer, after: settings.settleEvery)]
        case .receive(_, let from):
            if let position = members.firstIndex(of: from) { lastHeard[position] = now }
            return []
        case .peerUnreachable(let peer):
            if let position = members.firstIndex(of: peer) { lastHeard[position] = nil }
            return []
        case .timerFired(Self.beatTimer):
            let next = settings.beat + random.duration(from: .zero, below: .milliseconds(5))
            return [.broadcast(ToyMessage("alive", id.rawValue)), .setTimer(Self.beatTimer, after: next)]
        case .timerFired:
            return settle(at: now) + [.setTimer(Self.settleTimer, after: settings.settleEvery)]
        case .stop:
            return []
        }
    }

    private mutating func settle(at now: Instant) -> [Effect<ToyMessage, NoDurableState>] {
        var highest = id
        for (position, heard) in lastHeard.enumerated() {
            if let heard, now - heard <= settings.forgetAfter, members[position] > highest {
                highest = members[position]
            }
        }
        guard highest != leader else { return [] }
        leader = highest
        term += 1
        return [.log(Event(.leaderChanged, "node \(highest) is the highest id alive", term: term))]
    }
}

/// A simulator of scripted nodes that all react the same way.
func scriptedSimulator(
    _ members: [NodeID] = [1, 2, 3], seed: UInt64 = 7, network: LinkConditions = .init(),
    reportsUnreachable: Bool = true, recordsTrace: Bool = true,
    initialDurable: [NodeID: ToyDurable] = [:], storageFaults: StorageFaults = .none,
    react: @escaping ScriptedNode.Reaction
) -> Simulator<ScriptedNode> {
    let options = SimulationOptions(seed: seed, network: network, reportsUnreachable: reportsUnreachable,
                                    recordsTrace: recordsTrace, storageFaults: storageFaults)
    return Simulator<ScriptedNode>(members: members, options: options,
                                   settings: { _ in .init(react: react) }, initialDurable: initialDurable)
}

func highestIDSimulator(_ members: [NodeID] = [1, 2, 3, 4, 5], options: SimulationOptions)
    -> Simulator<HighestIDNode>
{
    Simulator<HighestIDNode>(members: members, options: options, settings: { _ in .init() })
}

extension Instant {
    static func ms(_ milliseconds: Int) -> Instant { .start + .milliseconds(milliseconds) }
}

extension Simulator where Node == ScriptedNode {
    /// The inputs a running node has handled, as text.
    func inputs(of id: NodeID) -> [String] { node(id)?.inputs ?? [] }
    func arrivals(of id: NodeID) -> [Arrival] { node(id)?.arrivals ?? [] }
}
