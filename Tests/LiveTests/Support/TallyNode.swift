import Election
import ElectionLive

/// A toy algorithm for testing `LiveNode` itself, without Bully's or Raft's rules: node 1
/// ticks `rounds` times; each tick it persists the new count, broadcasts it, then logs
/// "sent tally N". Other nodes adopt the highest count they hear and call node 1 their
/// leader. The status's term is the count.
struct TallyNode: ElectionProtocol {
    struct Message: ElectionMessage {
        var count: Int
        var typeName: String { "tally" }

        private enum CodingKeys: String, CodingKey { case type, count }

        init(count: Int) { self.count = count }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard try container.decode(String.self, forKey: .type) == "tally" else {
                throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "not a tally")
            }
            count = try container.decode(Int.self, forKey: .count)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("tally", forKey: .type)
            try container.encode(count, forKey: .count)
        }
    }

    struct Settings: Sendable {
        var rounds = 3
        var tick = Duration.milliseconds(5)
        /// A count to broadcast as last words on a graceful stop, if any.
        var farewell: Int?
    }

    struct Saved: Codable, Hashable, Sendable {
        var count: Int
    }

    static let algorithmName = "tally"
    static let tick = TimerID("tally-tick")

    let id: NodeID
    let settings: Settings
    private var count: Int
    private var leader: NodeID?

    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom, durable: Saved?) {
        self.id = id
        self.settings = settings
        count = durable?.count ?? 0
    }

    var status: NodeStatus {
        NodeStatus(id: id, role: id == 1 ? .leader : .follower, leader: id == 1 ? 1 : leader,
                   term: UInt64(count))
    }

    mutating func handle(_ input: Input<Message>, at now: Instant) -> [Effect<Message, Saved>] {
        switch input {
        case .start:
            return id == 1 ? [.setTimer(Self.tick, after: settings.tick)] : []
        case .timerFired:
            count += 1
            var effects: [Effect<Message, Saved>] = [
                .persist(Saved(count: count)),
                .broadcast(Message(count: count)),
                .log(Event(.note, "sent tally \(count)", term: UInt64(count))),
            ]
            if count < settings.rounds { effects.append(.setTimer(Self.tick, after: settings.tick)) }
            return effects
        case .receive(let message, let sender):
            count = max(count, message.count)
            leader = sender
            return [.persist(Saved(count: count))]
        case .stop(graceful: true):
            return settings.farewell.map { [.broadcast(Message(count: $0))] } ?? []
        case .peerUnreachable, .stop:
            return []
        }
    }
}
