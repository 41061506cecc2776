import Election

/// The messages of the Bully algorithm, as they travel between nodes.
///
/// On the wire each one is a single JSON object whose `type` names it:
///
///     {"type":"election"}               "is anyone higher than me alive?"
///     {"type":"answer"}                 "yes, I am higher and alive: stand down"
///     {"type":"coordinator","epoch":4}  "I am the leader now, in epoch 4"
///     {"type":"heartbeat","epoch":4}    "I am still the leader of epoch 4"
///     {"type":"leaving","life":77}      "I am stopping: do not wait for me"
///     {"type":"hello","life":78}        "I am up again: count on me"
///
/// Garcia-Molina's paper has ELECTION, ANSWER and COORDINATOR; the periodic HEARTBEAT
/// stands in for his "are you there?" check, turned around so the leader speaks and the
/// followers only listen. LEAVING and HELLO are ours: a node that may be marked down by
/// its peers (`BullySettings.handOver`, `fastDetect`) says LEAVING as it stops and HELLO as
/// it starts. Both carry the sender's *life*, a number each process draws at start
/// (`BullyNode.life`), so that a LEAVING sent by a node's previous process, delivered after
/// the new one's HELLO, is known for old news. A sender that does not say its life (an
/// earlier version) is read as life 0, "not said". The transport adds a `from` field next
/// to these, so no message uses the keys `from`, `cluster` or `error`.
public enum BullyMessage: ElectionMessage, CustomStringConvertible {
    /// Sent by a node holding an election to every node with a higher id.
    case election
    /// Sent back by a higher node that received an ELECTION: it is alive and takes over.
    case answer
    /// Broadcast by the winner of an election, announcing its leadership and epoch.
    case coordinator(epoch: UInt64)
    /// Broadcast by the leader every heartbeat interval, so followers know it is alive.
    case heartbeat(epoch: UInt64)
    /// Broadcast by a node that is stopping gracefully: its peers need not wait for it any
    /// more, and if it led, the highest remaining node takes over at once. `life` is the
    /// stopping process's (0: not said).
    case leaving(life: UInt64)
    /// Broadcast by a node as it starts, when its peers may hold it for down (it said
    /// LEAVING, or its connections closed): they count on it again. A restarted node
    /// otherwise speaks only to higher ids, so the lower ones would go on skipping it.
    /// `life` is the new process's (0: not said).
    case hello(life: UInt64)

    /// The largest life a node draws, 2^53 - 1, so that a reader that keeps JSON numbers
    /// as doubles (JavaScript, many log tools) still reads it exactly.
    public static let largestLife: UInt64 = (1 << 53) - 1

    public var typeName: String {
        switch self {
        case .election: return "election"
        case .answer: return "answer"
        case .coordinator: return "coordinator"
        case .heartbeat: return "heartbeat"
        case .leaving: return "leaving"
        case .hello: return "hello"
        }
    }

    /// The message as a learner would say it: `COORDINATOR (epoch 4)`.
    public var description: String {
        switch self {
        case .election: return "ELECTION"
        case .answer: return "ANSWER"
        case .coordinator(let epoch): return "COORDINATOR (epoch \(epoch))"
        case .heartbeat(let epoch): return "HEARTBEAT (epoch \(epoch))"
        case .leaving(let life): return "LEAVING (life \(life))"
        case .hello(let life): return "HELLO (life \(life))"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type
        case epoch
        case life
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "election": self = .election
        case "answer": self = .answer
        case "coordinator": self = .coordinator(epoch: try container.decode(UInt64.self, forKey: .epoch))
        case "heartbeat": self = .heartbeat(epoch: try container.decode(UInt64.self, forKey: .epoch))
        case "leaving": self = .leaving(life: try Self.decodeLife(in: container))
        case "hello": self = .hello(life: try Self.decodeLife(in: container))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "'\(type)' is not a Bully message type; expected election, answer, "
                    + "coordinator, heartbeat, leaving or hello (is the sender running another algorithm?)")
        }
    }

    /// The `life` field: absent means 0 (a sender from before lives), and it must be at
    /// most `largestLife`, so that every reader reads the same number.
    private static func decodeLife(in container: KeyedDecodingContainer<CodingKeys>) throws -> UInt64 {
        guard let life = try container.decodeIfPresent(UInt64.self, forKey: .life) else { return 0 }
        guard life <= largestLife else {
            throw DecodingError.dataCorruptedError(
                forKey: .life, in: container,
                debugDescription: "life \(life) is above \(largestLife), the largest a node draws")
        }
        return life
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .election, .answer:
            break
        case .coordinator(let epoch), .heartbeat(let epoch):
            try container.encode(epoch, forKey: .epoch)
        case .leaving(let life), .hello(let life):
            try container.encode(life, forKey: .life)
        }
    }
}
