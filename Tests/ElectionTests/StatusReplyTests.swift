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

    @Test func membershipFieldsAreWrittenAndReadBack() throws {
        var guarded = reply
        guarded.membership = MembershipHealth(
            fingerprint: "f5ad6c65cbad70c4",
            mismatches: [MembershipHealth.Mismatch(peer: 3, fingerprint: "0123456789abcdef", count: 4)],
            neverHeardFrom: [3], reachable: [1, 2], quorum: 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(guarded.jsonLine())) as? [String: Any])
        #expect(object["fingerprint"] as? String == "f5ad6c65cbad70c4")
        let mismatches = try #require(object["membership_mismatches"] as? [[String: Any]])
        #expect(mismatches.count == 1 && mismatches[0]["peer"] as? Int == 3 && mismatches[0]["count"] as? Int == 4)
        #expect(mismatches[0]["fingerprint"] as? String == "0123456789abcdef")
        #expect(object["never_heard_from"] as? [Int] == [3])
        #expect(object["reachable"] as? [Int] == [1, 2])
        #expect(object["quorum"] as? Int == 2)
        #expect(object["quorum_margin"] as? String == "2 of 3 configured members reachable; one more failure stops elections")
        #expect(try JSONDecoder().decode(StatusReply.self, from: Data(guarded.jsonLine())) == guarded)

        // No majority needed: an explicit null.
        guarded.membership?.quorum = nil
        #expect(guarded.json().contains("\"quorum\":null"))
        #expect(try JSONDecoder().decode(StatusReply.self, from: Data(guarded.jsonLine())) == guarded)
    }

    @Test func aReplyWithoutMembershipFieldsDecodesWithoutThem() throws {
        let older = #"{"algorithm":"raft","id":2,"leader":2,"members":[1,2,3],"role":"leader","term":7,"type":"status","uptime_ms":5123}"#
        let decoded = try JSONDecoder().decode(StatusReply.self, from: Data(older.utf8))
        #expect(decoded == reply && decoded.membership == nil)
    }
}
