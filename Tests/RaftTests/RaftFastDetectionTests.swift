import Testing
import Election
@testable import ElectionSimulation  // to hand one node a hint the simulator would not give
@testable import Raft

/// Connection-loss detection, on and off: a follower told its leader's connection is gone
/// stands after a stagger by rank, instead of its election timeout; the hint lowers only its
/// own suspicion.
@Suite struct RaftFastDetectionTests {
    static let on = RaftSettings.with(fastDetection: true)

    @Test func on_survivorsStandOneStaggerApartByRank() {
        // Members 1, 2, 3; leader 1 lost. Survivors by id: 2 (rank 0), 3 (rank 1).
        var second = RaftNode.follower(2, settings: Self.on)
        let now = second.connectionLost(to: 1, atMs: 10)
        #expect(now.timerSets(RaftNode.electionTimer) == [.zero])
        #expect(now.events(.leaderLost).count == 1)
        var third = RaftNode.follower(3, settings: Self.on)
        #expect(third.connectionLost(to: 1, atMs: 10).timerSets(RaftNode.electionTimer)
            == [.milliseconds(5)])
        // When the timer fires it stands, and says why.
        let stands = second.electionTimeoutFires(atMs: 10)
        #expect(second.role == .candidate && second.currentTerm == 2)
        #expect(stands.events(.electionStarted).first?.message.contains("connection to leader 1 was lost") == true)
    }

    @Test func on_theHintDropsTheLeaseSoTheNodeWillVote() {
        var settings = Self.on
        settings.leaderLease = true
        var follower = RaftNode.follower(3, settings: settings, heardAtMs: 0)
        #expect(follower.hearsLiveLeader(at: .ms(10)))
        follower.connectionLost(to: 1, atMs: 10)
        #expect(!follower.hearsLiveLeader(at: .ms(11)))
        let effects = follower.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0), from: 2, atMs: 11)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 2, voteGranted: true)])
    }

    @Test func on_aHeartbeatAfterTheHintCancelsTheSuspicion() {
        var follower = RaftNode.follower(3, settings: Self.on)
        follower.connectionLost(to: 1, atMs: 10)
        let effects = follower.receive(.heartbeat(term: 1), from: 1, atMs: 12)
        let timeouts = effects.timerSets(RaftNode.electionTimer)
        #expect(timeouts.count == 1 && timeouts.allSatisfy { $0 >= Self.on.electionTimeoutMin })
        #expect(follower.leader == 1 && follower.hearsLiveLeader(at: .ms(13)))
    }

    @Test func on_aHintAboutANonLeaderOrToALeaderOrCandidateDoesNothing() {
        var follower = RaftNode.follower(2, settings: Self.on)
        #expect(follower.connectionLost(to: 3, atMs: 10).isEmpty)
        var leader = RaftNode.leader(settings: Self.on)
        #expect(leader.connectionLost(to: 2, atMs: 10).isEmpty)
        var candidate = makeNode(settings: Self.on)
        candidate.start()
        candidate.electionTimeoutFires()
        #expect(candidate.connectionLost(to: 2, atMs: 10).isEmpty)
    }

    @Test func off_theHintIsIgnored() {
        var follower = RaftNode.follower(2, settings: .textbook)
        #expect(follower.connectionLost(to: 1, atMs: 10).isEmpty)
    }

    // MARK: In the simulator

    /// One broken link: the leader and follower F cannot reach each other, and F alone is
    /// told the leader is unreachable, while the leader keeps heartbeating the other
    /// follower. With PreVote and the lease, F's attempts fail without raising anyone's term
    /// and the leader stays; with neither, F deposes a healthy leader.
    @Test(arguments: [true, false])
    func oneBrokenLink_deposesAHealthyLeaderOnlyWithoutPreVoteAndLease(protected: Bool) throws {
        let settings = RaftSettings.with(preVote: protected, leaderLease: protected, fastDetection: true)
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(size: 3, seed: seed, settings: { _ in settings })
            let simulator = cluster.simulator
            let leader = try #require(cluster.electLeader(settlingFor: .milliseconds(200)),
                                      "reproduce with seed \(seed)")
            let term = try #require(simulator.status(of: leader)).term
            let cutOff = simulator.members.first { $0 != leader }!
            let broken = LinkConditions(lossProbability: 1)
            simulator.setLink(from: leader, to: cutOff, broken)
            simulator.setLink(from: cutOff, to: leader, broken)
            simulator.handle(.peerUnreachable(leader), at: simulator.position(of: cutOff))
            simulator.run(for: .seconds(3))
            if protected {
                #expect(simulator.status(of: leader)?.isLeader == true, "reproduce with seed \(seed)")
                #expect(simulator.runningStatuses.allSatisfy { $0.term == term },
                        "reproduce with seed \(seed): \(simulator.runningStatuses)")
            } else {
                #expect(cluster.termsLedSince(term + 1) > 0, "reproduce with seed \(seed): not deposed")
            }
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }

    /// 3 and 5 nodes, 50 seeds each: the leader crashes. With fast detection a new leader
    /// is agreed on within a few link delays and staggers; without it, only after the
    /// shortest election timeout. With PreVote and the lease on too, the same.
    @Test(arguments: [(true, false), (false, false), (true, true)])
    func aLeaderCrash(fastDetection: Bool, preVoteAndLease: Bool) throws {
        var settings = RaftSettings.with(preVote: preVoteAndLease, leaderLease: preVoteAndLease,
                                         fastDetection: fastDetection)
        settings.heartbeatInterval = .milliseconds(50)
        let network = LinkConditions(baseDelay: .milliseconds(1), jitter: .microseconds(500))
        for size in [3, 5] {
            for seed in UInt64(1)...50 {
                let cluster = RaftCluster(size: size, seed: seed, network: network, settings: { _ in settings })
                let failover = cluster.failover { simulator, leader in simulator.crash(leader) }
                let took = try #require(failover, "reproduce with seed \(seed): no leader after the crash")
                if fastDetection {
                    #expect(took < .milliseconds(30), "reproduce with seed \(seed) (\(size) nodes): took \(took)")
                } else {
                    #expect(took >= settings.electionTimeoutMin - settings.heartbeatInterval,
                            "reproduce with seed \(seed): took \(took)")
                }
                #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
            }
        }
    }
}
