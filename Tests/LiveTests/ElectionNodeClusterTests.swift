import Election
import ElectionLive
import Foundation
import Raft
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Whole clusters of real `election-node` processes on loopback: the workshop's
/// scenarios, checked through the status query the way a user would check them.
///
/// Serialized so that two clusters never compete for the same two cores.
@Suite(.serialized) struct ElectionNodeClusterTests {
    @Test func bullyHighestIdLeadsHandsOverOnSIGINTAndTakesBackOnRestart() async throws {
        let cluster = LocalCluster(size: 3, algorithm: "bully")
        defer { cluster.shutDown() }
        try cluster.startAll()

        // 1) Node 3, the highest id, leads and everyone knows it.
        #expect(await eventually { cluster.agreedLeader(among: [1, 2, 3]) == 3 }, "\(cluster.logs)")

        // 2) Ctrl-C on node 3: it exits 0, and both survivors settle on node 2.
        cluster.process(3).send(SIGINT)
        #expect(await cluster.process(3).exitStatus() == 0, "\(cluster.logs)")
        #expect(await eventually { cluster.agreedLeader(among: [1, 2]) == 2 }, "\(cluster.logs)")

        // 3) Node 3 comes back and, being the highest id, bullies its way back to the lead.
        try cluster.start(3)
        #expect(await eventually { cluster.agreedLeader(among: [1, 2, 3]) == 3 }, "\(cluster.logs)")
    }

    @Test func raftElectsOneLeaderReplacesItAfterKill9AndKeepsItWhenTheOldOneReturns() async throws {
        // Election timeouts well above the heartbeat, so a node restarting on a loaded
        // machine hears the leader before its own timer runs out.
        let cluster = LocalCluster(size: 3, algorithm: "raft",
                                   extraArguments: ["--heartbeat-ms", "50", "--election-timeout-ms", "400-800"])
        defer { cluster.shutDown() }
        try cluster.startAll()

        // 1) Exactly one leader, agreed by all three.
        let oldLeader = try await cluster.awaitAgreedLeader(among: [1, 2, 3])
        let oldTerm = try #require(cluster.status(oldLeader)).term

        // 2) kill -9 the leader: the two survivors agree on a new one, in a later term.
        cluster.process(oldLeader).send(SIGKILL)
        let survivors = cluster.ids.filter { $0 != oldLeader }
        let newLeader = try await cluster.awaitAgreedLeader(among: survivors)
        let newTerm = try #require(cluster.status(newLeader)).term
        #expect(newLeader != oldLeader)
        #expect(newTerm > oldTerm)

        // 3) kill -9 left the old leader's term and self-vote on disk...
        let saved = try DurableStore<RaftPersistentState>(directory: cluster.directory + "/data-\(oldLeader)").load()
        #expect(saved?.currentTerm == oldTerm && saved?.votedFor == oldLeader)

        // 4) ...it returns with them as a follower of the new leader, which keeps its
        //    place and its term.
        try cluster.start(oldLeader)
        #expect(await eventually {
            guard let returned = cluster.status(oldLeader) else { return false }
            return returned.role == .follower && returned.leader == newLeader
        }, "\(cluster.logs)")
        #expect(cluster.agreedLeader(among: cluster.ids) == newLeader, "\(cluster.logs)")
        #expect(cluster.status(newLeader)?.term == newTerm, "\(cluster.logs)")
    }
}
