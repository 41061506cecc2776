import Election
import Foundation

/// The answer to `{"type":"status"}` (and to `GET /status`), one JSON line:
///
///     {"type":"status","id":2,"algorithm":"<name>","role":"leader","leader":2,"term":7,
///      "members":[1,2,3],"uptime_ms":5123,"fingerprint":"f5ad6c65cbad70c4",
///      "membership_mismatches":[],"never_heard_from":[],"reachable":[1,2,3],"quorum":2,
///      "quorum_margin":"3 of 3 configured members reachable; elections survive one more failure, and stop after two"}
///
/// `algorithm` is the running algorithm's `algorithmName`. `leader` is always present, `null`
/// when the node knows of no leader. The fields from `fingerprint` on describe the membership
/// (`MembershipHealth`); a reply without them (from an older node) decodes with `membership`
/// `nil`. `quorum` is `null` for an algorithm that needs no majority.
public struct StatusReply: Codable, Hashable, Sendable {
    public var type: String = "status"
    public var id: NodeID
    public var algorithm: String
    public var role: Role
    public var leader: NodeID?
    public var term: UInt64
    public var members: [NodeID]
    public var uptimeMs: Int64
    /// How the node sees its membership; `nil` when the reply did not say.
    public var membership: MembershipHealth?

    public init(id: NodeID, algorithm: String, role: Role, leader: NodeID?, term: UInt64,
                members: [NodeID], uptimeMs: Int64, membership: MembershipHealth? = nil) {
        self.id = id
        self.algorithm = algorithm
        self.role = role
        self.leader = leader
        self.term = term
        self.members = members
        self.uptimeMs = uptimeMs
        self.membership = membership
    }

    public init(_ status: NodeStatus, algorithm: String, members: [NodeID], uptime: Duration,
                membership: MembershipHealth? = nil) {
        self.init(id: status.id, algorithm: algorithm, role: status.role, leader: status.leader,
                  term: status.term, members: members, uptimeMs: uptime.nanoseconds / 1_000_000,
                  membership: membership)
    }

    /// The node status this reply describes.
    public var status: NodeStatus { NodeStatus(id: id, role: role, leader: leader, term: term) }

    enum CodingKeys: String, CodingKey {
        case type, id, algorithm, role, leader, term, members
        case uptimeMs = "uptime_ms"
        case fingerprint
        case mismatches = "membership_mismatches"
        case neverHeardFrom = "never_heard_from"
        case reachable, quorum
        case quorumMargin = "quorum_margin"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        id = try container.decode(NodeID.self, forKey: .id)
        algorithm = try container.decode(String.self, forKey: .algorithm)
        role = try container.decode(Role.self, forKey: .role)
        leader = try container.decodeIfPresent(NodeID.self, forKey: .leader)
        term = try container.decode(UInt64.self, forKey: .term)
        members = try container.decode([NodeID].self, forKey: .members)
        uptimeMs = try container.decode(Int64.self, forKey: .uptimeMs)
        // The membership fields came later: a reply without them has none to report.
        if let fingerprint = try container.decodeIfPresent(String.self, forKey: .fingerprint) {
            membership = MembershipHealth(
                fingerprint: fingerprint,
                mismatches: try container.decodeIfPresent([MembershipHealth.Mismatch].self, forKey: .mismatches) ?? [],
                neverHeardFrom: try container.decodeIfPresent([NodeID].self, forKey: .neverHeardFrom) ?? [],
                reachable: try container.decodeIfPresent([NodeID].self, forKey: .reachable) ?? [],
                quorum: try container.decodeIfPresent(Int.self, forKey: .quorum))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(role, forKey: .role)
        try container.encode(leader, forKey: .leader)  // explicit null, never omitted
        try container.encode(term, forKey: .term)
        try container.encode(members, forKey: .members)
        try container.encode(uptimeMs, forKey: .uptimeMs)
        if let membership {
            try container.encode(membership.fingerprint, forKey: .fingerprint)
            try container.encode(membership.mismatches, forKey: .mismatches)
            try container.encode(membership.neverHeardFrom, forKey: .neverHeardFrom)
            try container.encode(membership.reachable, forKey: .reachable)
            try container.encode(membership.quorum, forKey: .quorum)  // null: no majority needed
            try container.encode(membership.marginSentence(configured: members.count), forKey: .quorumMargin)
        }
    }

    /// The reply as one line of JSON, newline included.
    public func jsonLine() -> [UInt8] { Array(StatusReply.encoder.encodeToString(self).utf8) + [10] }

    /// The workshop visualizer's shape, for `GET /`:
    /// `{"node_id":2,"leader_id":2,"is_leader":true,"election_in_progress":false}`.
    public func workshopJSON() -> String {
        let leaderText = leader.map { String($0.rawValue) } ?? "null"
        return "{\"node_id\":\(id.rawValue),\"leader_id\":\(leaderText),"
            + "\"is_leader\":\(role == .leader),\"election_in_progress\":\(role == .candidate)}"
    }

    /// The workshop's health shape, for `GET /health`: `{"status":"ok","id":2,"is_leader":true}`.
    public func healthJSON() -> String {
        "{\"status\":\"ok\",\"id\":\(id.rawValue),\"is_leader\":\(role == .leader)}"
    }

    /// The status object without the trailing newline, for `GET /status`.
    public func json() -> String { StatusReply.encoder.encodeToString(self) }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

extension JSONEncoder {
    fileprivate func encodeToString<T: Encodable>(_ value: T) -> String {
        // Encoding a value made only of numbers, strings and arrays cannot fail.
        (try? String(decoding: encode(value), as: UTF8.self)) ?? "{}"
    }
}
