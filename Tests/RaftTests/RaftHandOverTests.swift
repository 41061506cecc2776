import Election
import ElectionSimulation
import Testing
@testable import Raft

/// Graceful hand-over (dissertation §3.10), on and off: a leader stopped gracefully sends
/// TimeoutNow to a live follower, which stands at once, past PreVote and the lease.
@Suite struct RaftHandOverTests {
    static let on = RaftSettings.with(handOverOnStop: true)

    @Test func on_aGracefulStopTellsTheLowestLiveFollowerToStand() {
        var leader = RaftNode.leader(settings: Self.on)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: 1_000)
        // Node 2 was last heard at t = 0 (its vote): not live any more at 1.1 s.
        let effects = leader.handle(.stop(graceful: true), at: .ms(1_100))
        #expect(effects.sent.map(\.message) == [.timeoutNow(term: 1)])
        #expect(effects.sent.map(\.to) == [3])
        #expect(leader.isStopped)
        #expect(effects.cancels(RaftNode.heartbeatTimer))

        var bothLive = RaftNode.leader(settings: Self.on)
        bothLive.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: 1_000)
        bothLive.receive(.appendEntriesReply(term: 1, success: true), from: 2, atMs: 1_010)
        #expect(bothLive.handle(.stop(graceful: true), at: .ms(1_020)).sent.map(\.to) == [2])
    }

    @Test func on_noLiveFollowerMeansNoHandOver() {
        var leader = RaftNode.leader(settings: Self.on)
        let effects = leader.handle(.stop(graceful: true), at: .ms(5_000))
        #expect(effects.sent.isEmpty && leader.isStopped)
    }

    @Test func on_aForcedStopOrAFollowerHandsNothingOver() {
        var leader = RaftNode.leader(settings: Self.on)
        #expect(leader.handle(.stop(graceful: false), at: .ms(10)).sent.isEmpty)
        // A follower says `leaving` instead (RaftLeavingTests), but tells nobody to stand.
        var follower = RaftNode.follower(settings: Self.on)
        #expect(follower.handle(.stop(graceful: true), at: .ms(10)).sent.isEmpty)
    }

    @Test func off_aGracefulStopHandsNothingOver() {
        var leader = RaftNode.leader()
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 2, atMs: 5)
        #expect(leader.handle(.stop(graceful: true), at: .ms(10)).sent.isEmpty)
    }

    /// The follower told stands at once in the next term, even with PreVote and the lease
    /// on (it asks for real votes, marked as a transfer), and while it still hears the leader.
    @Test func theTargetStandsAtOnceMarkedAsATransfer() {
        var target = RaftNode.follower(settings: .production, heardAtMs: 0)
        let effects = target.receive(.timeoutNow(term: 1), from: 1, atMs: 10)
        #expect(target.role == .candidate && target.currentTerm == 2)
        #expect(effects.broadcasts == [.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0,
                                                    leadershipTransfer: true)])
        // An old leader's hand-over is ignored.
        var ahead = RaftNode.follower(settings: .production, heardAtMs: 0)
        ahead.receive(.heartbeat(term: 3), from: 3, atMs: 5)
        #expect(ahead.termRule(for: .timeoutNow(term: 1), at: .ms(10)) == .ignoreStale)
        #expect(ahead.receive(.timeoutNow(term: 1), from: 1, atMs: 10).broadcasts.isEmpty)
    }

    // MARK: In the simulator

    /// 3 and 5 nodes, 50 seeds each: the leader stops gracefully. With the hand-over a new
    /// leader is agreed on well within the shortest election timeout, without it only after
    /// one; never two leaders in a term. With every other option on as well, the hand-over
    /// must not race the others' lost-connection hints.
    @Test(arguments: [(true, false), (false, false), (true, true)])
    func aGracefulStopOfTheLeader(handOver: Bool, everyOtherOption: Bool) throws {
        var settings = everyOtherOption ? RaftSettings.production : RaftSettings.textbook
        settings.handOverOnStop = handOver
        let network = LinkConditions(baseDelay: .milliseconds(1), jitter: .microseconds(500))
        for size in [3, 5] {
            for seed in UInt64(1)...50 {
                let cluster = RaftCluster(size: size, seed: seed, network: network, settings: { _ in settings })
                let failover = cluster.failover { simulator, leader in simulator.stop(leader, graceful: true) }
                let took = try #require(failover, "reproduce with seed \(seed): no leader after the stop")
                if handOver {
                    #expect(took < .milliseconds(20), "reproduce with seed \(seed) (\(size) nodes): took \(took)")
                } else {
                    #expect(took >= settings.electionTimeoutMin - settings.heartbeatInterval,
                            "reproduce with seed \(seed): took \(took)")
                }
                #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
            }
        }
    }
}
