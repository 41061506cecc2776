import Foundation
import Testing
@testable import Election
@testable import ElectionLive

@Suite struct StatusReplyTests {
    let reply = StatusReply(id: 2, algorithm: "raft", role: .leader, leader: 2, term: 7,
                            members: [1, 2, 3], uptimeMs: 5123)

    @Test func statusLineHasTheDocumentedFields() throws {
        let line = reply.jsonLine()
        #expect(line.last == 10)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["type"] as? String == "status")
        #expect(object["id"] as? Int == 2)
        #expect(object["algorithm"] as? String == "raft")
        #expect(object["role"] as? String == "leader")
        #expect(object["leader"] as? Int == 2)
        #expect(object["term"] as? Int == 7)
        #expect(object["members"] as? [Int] == [1, 2, 3])
        #expect(object["uptime_ms"] as? Int == 5123)
    }

    @Test func unknownLeaderIsAnExplicitNull() {
        var leaderless = reply
        leaderless.leader = nil
        leaderless.role = .candidate
        #expect(leaderless.json().contains("\"leader\":null"))
        #expect(leaderless.workshopJSON()
            == "{\"node_id\":2,\"leader_id\":null,\"is_leader\":false,\"election_in_progress\":true}")
    }

    @Test func workshopShapes() {
        #expect(reply.workshopJSON()
            == "{\"node_id\":2,\"leader_id\":2,\"is_leader\":true,\"election_in_progress\":false}")
        #expect(reply.healthJSON() == "{\"status\":\"ok\",\"id\":2,\"is_leader\":true}")
    }

    @Test func roundTrips() throws {
        let decoded = try JSONDecoder().decode(StatusReply.self, from: Data(reply.jsonLine()))
        #expect(decoded == reply)
        #expect(decoded.status == NodeStatus(id: 2, role: .leader, leader: 2, term: 7))
    }
}
