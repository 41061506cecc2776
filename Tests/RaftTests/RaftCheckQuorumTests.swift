import Election
import ElectionSimulation
import Testing
@testable import Raft

/// CheckQuorum (dissertation §6.2), on and off: a leader that has not heard from a majority
/// within the shortest election timeout steps down.
@Suite struct RaftCheckQuorumTests {
    static let on = RaftSettings.with(checkQuorum: true)

    @Test func on_aLeaderHearingNobodyStepsDownAfterAnElectionTimeout() {
        var leader = RaftNode.leader(settings: Self.on)  // leader since t = 0
        let early = leader.heartbeatTimerFires(atMs: 149)
        #expect(leader.role == .leader && early.broadcasts.count == 1)
        let effects = leader.heartbeatTimerFires(atMs: 150)
        #expect(leader.role == .follower && leader.leader == nil && leader.currentTerm == 1)
        #expect(effects.broadcasts.isEmpty && effects.cancels(RaftNode.heartbeatTimer))
        #expect(effects.timerSets(RaftNode.electionTimer).count == 1)
        #expect(effects.events(.becameFollower).first?.message.contains("CheckQuorum") == true)
        // Stepping down in its own term changes nothing durable.
        #expect(effects.persisted.isEmpty)
    }

    @Test func on_oneAnsweringFollowerOfThreeIsAMajority() {
        var leader = RaftNode.leader(settings: Self.on)
        for at in stride(from: Int64(75), through: 1_000, by: 75) {
            leader.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: at - 10)
            leader.heartbeatTimerFires(atMs: at)
            #expect(leader.role == .leader, "at \(at) ms")
        }
        // Node 3 falls silent too, after a last reply at 990 ms.
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: 990)
        leader.heartbeatTimerFires(atMs: 1_139)
        #expect(leader.role == .leader)
        leader.heartbeatTimerFires(atMs: 1_140)
        #expect(leader.role == .follower)
    }

    @Test func on_fiveMembersNeedTwoAnsweringFollowers() {
        var leader = RaftNode.leader(members: [1, 2, 3, 4, 5], settings: Self.on)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 4, atMs: 100)
        leader.heartbeatTimerFires(atMs: 200)
        #expect(leader.role == .follower)
        var kept = RaftNode.leader(members: [1, 2, 3, 4, 5], settings: Self.on)
        kept.receive(.appendEntriesReply(term: 1, success: true), from: 4, atMs: 100)
        kept.receive(.appendEntriesReply(term: 1, success: true), from: 5, atMs: 120)
        kept.heartbeatTimerFires(atMs: 200)
        #expect(kept.role == .leader)
    }

    @Test func off_aLeaderHearingNobodyLeadsOn() {
        var leader = RaftNode.leader()
        leader.heartbeatTimerFires(atMs: 10_000)
        #expect(leader.role == .leader)
    }

    // MARK: In the simulator

    /// The leader is cut off from both followers. With CheckQuorum it stops calling itself
    /// leader within one election timeout plus one heartbeat; without it, it leads on until
    /// the partition heals, beside the new leader of the majority.
    @Test(arguments: [true, false])
    func aCutOffLeader_stepsDownOnlyWithCheckQuorum(checkQuorum: Bool) throws {
        let settings = RaftSettings.with(checkQuorum: checkQuorum)
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(size: 3, seed: seed, settings: { _ in settings })
            let simulator = cluster.simulator
            let leader = try #require(cluster.electLeader(settlingFor: .milliseconds(300)),
                                      "reproduce with seed \(seed)")
            simulator.partition([[leader], simulator.members.filter { $0 != leader }])
            let cut = simulator.now
            let steppedDown = simulator.run(until: { $0.status(of: leader)?.isLeader == false },
                                            timeout: .seconds(2))
            if checkQuorum {
                #expect(steppedDown, "reproduce with seed \(seed)")
                #expect(simulator.now - cut <= settings.electionTimeoutMin + settings.heartbeatInterval,
                        "reproduce with seed \(seed): stepped down after \(simulator.now - cut)")
            } else {
                #expect(!steppedDown, "reproduce with seed \(seed)")
            }
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }
}
