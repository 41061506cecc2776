/// The configured cluster: every member the node believes exists, sorted by id.
///
/// The membership is *configuration*, not observation: a member listed here counts
/// towards a majority quorum whether or not it is running. That is exactly how a "zombie"
/// member (etcd issue 20967) can stop a cluster from electing a leader.
public struct Membership: Hashable, Sendable, CustomStringConvertible {
    /// Members in increasing id order.
    public let members: [Member]

    /// Creates a membership. Throws on an empty list or a repeated id.
    public init(_ members: [Member]) throws(MembershipError) {
        guard !members.isEmpty else { throw .empty }
        var seen = Set<NodeID>()
        for member in members where !seen.insert(member.id).inserted {
            throw .duplicateID(member.id)
        }
        self.members = members.sorted { $0.id < $1.id }
    }

    /// Every member's id, in increasing order.
    public var ids: [NodeID] { members.map(\.id) }

    /// How many members make a majority of the *configured* membership.
    public var quorum: Int { members.count / 2 + 1 }

    public func member(_ id: NodeID) -> Member? { members.first { $0.id == id } }

    public func contains(_ id: NodeID) -> Bool { member(id) != nil }

    /// The same text `parse` accepts: `1:8001,2:8002,3:example.org:8003`.
    public var description: String { members.map(\.description).joined(separator: ",") }

    /// Parses the workshop's `--nodes` syntax: comma-separated `id:port` entries (host
    /// 127.0.0.1) or `id:host:port` entries. Spaces around entries are ignored.
    ///
    ///     try Membership.parse("1:8001,2:8002,3:8003")
    ///     try Membership.parse("1:10.0.0.5:8001,2:node-b:8001")
    public static func parse(_ text: String) throws(MembershipError) -> Membership {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingSpaces() }
        if entries.allSatisfy(\.isEmpty) { throw .empty }
        var members: [Member] = []
        for entry in entries {
            members.append(try parseEntry(entry))
        }
        return try Membership(members)
    }

    private static func parseEntry(_ entry: String) throws(MembershipError) -> Member {
        guard !entry.isEmpty else { throw .emptyEntry }
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else { throw .malformedEntry(entry) }
        guard let number = Int(parts[0]), let id = NodeID(rawValue: number) else {
            throw .badID(entry: entry, id: parts[0])
        }
        let portText = parts[parts.count - 1]
        guard let port = UInt16(portText), port > 0 else {
            throw .badPort(entry: entry, port: portText)
        }
        if parts.count == 3 {
            guard !parts[1].isEmpty else { throw .malformedEntry(entry) }
            return Member(id: id, host: parts[1], port: port)
        }
        return Member(id: id, port: port)
    }
}

/// Why a `--nodes` list was refused. Each description is one sentence a user can act on.
public enum MembershipError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case emptyEntry
    case malformedEntry(String)
    case badID(entry: String, id: String)
    case badPort(entry: String, port: String)
    case duplicateID(NodeID)

    public var description: String {
        switch self {
        case .empty:
            return "the node list is empty; give entries like 1:8001,2:8002,3:8003"
        case .emptyEntry:
            return "the node list has an empty entry (two commas in a row, or a trailing comma)"
        case .malformedEntry(let entry):
            return "node entry '\(entry)' is not of the form id:port or id:host:port"
        case .badID(let entry, let id):
            return "node entry '\(entry)' has id '\(id)'; ids are positive integers"
        case .badPort(let entry, let port):
            return "node entry '\(entry)' has port '\(port)'; ports are 1-65535"
        case .duplicateID(let id):
            return "node id \(id) appears more than once in the node list"
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
