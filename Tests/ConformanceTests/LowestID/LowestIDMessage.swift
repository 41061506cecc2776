import Election

/// The toy algorithm's one message: the leader's heartbeat, carrying its term.
///
///     {"type":"heartbeat","term":3}
public enum LowestIDMessage: ElectionMessage, CustomStringConvertible {
    /// Broadcast by a node that leads, every heartbeat interval.
    case heartbeat(term: UInt64)

    public var typeName: String { "heartbeat" }

    public var term: UInt64 {
        switch self {
        case .heartbeat(let term): term
        }
    }

    public var description: String { "HEARTBEAT (term \(term))" }

    private enum CodingKeys: String, CodingKey {
        case type
        case term
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        guard type == "heartbeat" else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "'\(type)' is not a lowest-id message type; expected heartbeat")
        }
        self = .heartbeat(term: try container.decode(UInt64.self, forKey: .term))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        try container.encode(term, forKey: .term)
    }
}
