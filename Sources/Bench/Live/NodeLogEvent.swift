import Election
import Foundation

/// One line of an `election-node --log-format json` log, as the bench needs it:
///
///     {"ts":1764213784567.123,"node":2,"event":"leader_changed","message":"leader is now 2 (term 5)",
///      "term":5,"leader":2,"role":"leader"}
///
/// The runtime logs `role_changed` (with `role`) whenever the node's role changes, and
/// `leader_changed` / `leader_lost` (with `leader`, a number or `null`, and `role`)
/// whenever the leader it believes in changes. Those fields are what the bench follows.
/// The algorithms log events of their own, some with the same names but without these
/// fields (Bully's "COORDINATOR from node 3: following it as leader"); they tell a story
/// for people and do not change what the bench thinks the node believes.
struct NodeLogEvent: Hashable, Sendable {
    /// Whether, and how, a line mentions the leader the node believes in.
    enum LeaderField: Hashable, Sendable {
        /// The line has no `leader` field: it says nothing about the node's belief.
        case notMentioned
        /// `"leader":null`: the node knows of no leader now.
        case noLeader
        /// `"leader":3`: the node now follows (or is) node 3.
        case leader(NodeID)
    }

    /// `ts`: when the node logged it, Unix epoch milliseconds (see `WallClock`).
    var timestampMs: Double
    var node: NodeID
    var kind: Event.Kind
    var message: String
    /// Raft's term or Bully's epoch, when the line has one.
    var term: UInt64?
    /// The node's role after this event, when the line says (`role` field).
    var role: Role?
    var leader: LeaderField
    /// The peer a `peer_up` / `peer_down` line is about.
    var peer: NodeID?

    init(timestampMs: Double, node: NodeID, kind: Event.Kind, message: String = "",
                term: UInt64? = nil, role: Role? = nil, leader: LeaderField = .notMentioned,
                peer: NodeID? = nil) {
        self.timestampMs = timestampMs
        self.node = node
        self.kind = kind
        self.message = message
        self.term = term
        self.role = role
        self.leader = leader
        self.peer = peer
    }

    /// Whether the line changes what the bench thinks the node believes.
    var changesBelief: Bool { role != nil || leader != .notMentioned }

    /// The event in a line of JSON log, or `nil` when the line is not one (a text log
    /// line, a blank line, a JSON object without `ts`, `node` and `event`).
    static func parse(_ line: some StringProtocol) -> NodeLogEvent? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == "{" else { return nil }
        return try? decoder.decode(Line.self, from: Data(trimmed.utf8)).event
    }

    private static let decoder = JSONDecoder()

    /// The JSON shape, decoded leniently: unknown fields are ignored, and a `role` the
    /// bench does not know is treated as absent rather than failing the whole line.
    private struct Line: Decodable {
        let event: NodeLogEvent

        enum Keys: String, CodingKey {
            case ts, node, event, message, term, role, leader, peer
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let leader: LeaderField
            if !container.contains(.leader) {
                leader = .notMentioned
            } else if try container.decodeNil(forKey: .leader) {
                leader = .noLeader
            } else {
                leader = .leader(try container.decode(NodeID.self, forKey: .leader))
            }
            let roleText = try container.decodeIfPresent(String.self, forKey: .role)
            event = NodeLogEvent(
                timestampMs: try container.decode(Double.self, forKey: .ts),
                node: try container.decode(NodeID.self, forKey: .node),
                kind: Event.Kind(try container.decode(String.self, forKey: .event)),
                message: try container.decodeIfPresent(String.self, forKey: .message) ?? "",
                term: try container.decodeIfPresent(UInt64.self, forKey: .term),
                role: roleText.flatMap(Role.init(rawValue:)),
                leader: leader,
                peer: try container.decodeIfPresent(NodeID.self, forKey: .peer))
        }
    }
}
