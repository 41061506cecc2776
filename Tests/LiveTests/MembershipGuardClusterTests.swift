import Election
import ElectionLive
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension ElectionNodeClusterTests {
    /// The membership guard on real processes: a zombie member shows in every status
    /// before the failure that stops elections, and a node with another member list is
    /// refused, reported now and then, and locks nobody out. Nested in
    /// `ElectionNodeClusterTests`, whose `.serialized` runs one cluster at a time.
    @Suite struct MembershipGuardClusterTests {
        static func margin(_ reply: StatusReply?) -> String? {
            guard let reply, let membership = reply.membership else { return nil }
            return membership.marginSentence(configured: reply.members.count)
        }

        @Test func aZombieMemberIsFlaggedBeforeTheFailureThatStopsElections() async throws {
            // Node 3 is configured but never runs: the etcd zombie.
            let cluster = LocalCluster(size: 3, algorithm: "raft",
                                       extraArguments: ["--heartbeat-ms", "50", "--election-timeout-ms", "400-800"])
            defer { cluster.shutDown() }
            try cluster.start(1)
            try cluster.start(2)
            let leader = try await cluster.awaitAgreedLeader(among: [1, 2])

            // 1) While all is well, both running nodes say node 3 never answered, and that
            //    one more failure stops elections.
            for id: NodeID in [1, 2] {
                #expect(await eventually {
                    let reply = cluster.status(id)
                    return reply?.membership?.neverHeardFrom == [3] && reply?.membership?.reachable == [1, 2]
                        && Self.margin(reply) == "2 of 3 configured members reachable; one more failure stops elections"
                }, "node \(id): \(String(describing: cluster.status(id)))\n\(cluster.logs)")
            }

            // 2) That failure: the survivor sees that elections are stopped.
            let follower: NodeID = leader == 1 ? 2 : 1
            cluster.process(follower).send(SIGKILL)
            #expect(await eventually {
                Self.margin(cluster.status(leader))
                    == "1 of 3 configured members reachable; elections are stopped: they need 2, so one more member must be reachable"
            }, "\(String(describing: cluster.status(leader)))\n\(cluster.logs)")
            #expect(cluster.status(leader)?.membership?.neverHeardFrom == [3])
        }

        @Test func aNodeWithAnotherMemberListIsRefusedReportedNowAndThenAndLocksNobodyOut() async throws {
            // The fourth member's port is reserved, so node 3's calls to it are refused
            // and reach no other test's node; held until node 3 is gone.
            let fourth = PortReservations(1)
            defer { fourth.release() }
            let cluster = LocalCluster(size: 3, algorithm: "bully", extraArguments: ["--log-format", "json"])
            defer { cluster.shutDown() }
            // Node 3 believes in a fourth member: its fingerprint differs from the others'.
            // It starts first, so that no refused connection to it is part of the story.
            let wrongNodes = cluster.nodesArgument + ",4:\(fourth.ports[0])"
            try cluster.start(3, nodes: wrongNodes)
            #expect(await eventually { cluster.status(3) != nil }, "\(cluster.logs)")
            try cluster.start(1)
            try cluster.start(2)
            let theirs = try Membership.parse(wrongNodes).fingerprint

            // 1) Nodes 1 and 2 refuse node 3's messages and count them in their status...
            for id: NodeID in [1, 2] {
                #expect(await eventually {
                    cluster.status(id)?.membership?.mismatches.contains { $0.peer == 3 && $0.fingerprint == theirs
                        && $0.count >= 10 } == true
                }, "node \(id): \(String(describing: cluster.status(id)))\n\(cluster.logs)")
            }
            // 2) ...and elect among themselves: highest id 3 cannot bully its way in.
            #expect(await eventually { cluster.agreedLeader(among: [1, 2]) == 2 }, "\(cluster.logs)")

            // 3) Loud but rare: far fewer mismatch lines than refusals, and no peer-down
            //    hints, since a refusal is not a dead peer.
            for id: NodeID in [1, 2] {
                let process = cluster.process(id)
                let reports = ControlChannelClusterTests.events("membership_mismatch", in: process)
                let refused = cluster.status(id)?.membership?.mismatches.first { $0.peer == 3 }?.count ?? 0
                #expect(!reports.isEmpty && reports.count * 5 <= refused, "node \(id): \(reports.count) reports, \(refused) refused")
                #expect(reports.allSatisfy { $0["theirs"] as? String == theirs }, "\(reports)")
                let downs = ControlChannelClusterTests.events("peer_down", in: process).filter { $0["peer"] as? Int == 3 }
                #expect(downs.isEmpty, "\(process.output)")
            }
        }
    }
}
