import Election
import Foundation

/// What one member of an outside system (etcd, the workshop's Python node) said about
/// leadership, in that system's own names: etcd calls its members by 64-bit ids written
/// as decimal strings, the workshop node by the id it was started with. `PeerCluster`
/// turns the names into the bench's node ids.
struct PeerStatus: Hashable, Sendable {
    /// The member that answered.
    var member: String
    /// The leader it names; `nil` when it knows of none.
    var leader: String?
    /// etcd's Raft term; `nil` for a system without terms.
    var term: UInt64?
    /// The workshop node's `election_in_progress`; `nil` for etcd.
    var electionInProgress: Bool?

    /// etcd 3.4's `POST /v3/maintenance/status` reply (grpc-gateway JSON), for example
    /// `{"header":{"member_id":"8645782499530242234",...},"leader":"8645782499530242234",
    /// "raftTerm":"2",...}`. 64-bit numbers come as strings; a missing or `"0"` leader
    /// means none. `nil` when the body is not such a reply.
    static func etcd(_ body: [UInt8]) -> PeerStatus? {
        struct Reply: Decodable {
            struct Header: Decodable {
                var memberID: String?
                enum CodingKeys: String, CodingKey { case memberID = "member_id" }
            }
            var header: Header?
            var leader: String?
            var raftTerm: String?
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: Data(body)),
              let member = reply.header?.memberID, UInt64(member) != nil, member != "0"
        else { return nil }
        let leader = reply.leader.flatMap { UInt64($0) }.flatMap { $0 == 0 ? nil : String($0) }
        return PeerStatus(member: member, leader: leader, term: reply.raftTerm.flatMap { UInt64($0) })
    }

    /// The workshop node's `GET /` reply:
    /// `{"node_id":2,"leader_id":3,"is_leader":false,"election_in_progress":false}`
    /// (`leader_id` is `null` before the first election ends). `nil` when the body is
    /// not such a reply.
    static func workshop(_ body: [UInt8]) -> PeerStatus? {
        struct Reply: Decodable {
            var nodeID: Int
            var leaderID: Int?
            var electionInProgress: Bool?
            enum CodingKeys: String, CodingKey {
                case nodeID = "node_id"
                case leaderID = "leader_id"
                case electionInProgress = "election_in_progress"
            }
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: Data(body)) else { return nil }
        return PeerStatus(member: String(reply.nodeID), leader: reply.leaderID.map(String.init),
                          term: nil, electionInProgress: reply.electionInProgress)
    }

    /// The role this status describes, as our nodes report theirs: leader when it names
    /// itself, candidate while it knows no leader or (workshop) holds an election, else
    /// follower.
    var role: Role {
        if leader == member { return .leader }
        if leader == nil || electionInProgress == true { return .candidate }
        return .follower
    }
}
