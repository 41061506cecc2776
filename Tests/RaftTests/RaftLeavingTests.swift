import Election
import Foundation
import ElectionSimulation
import Testing
@testable import Raft

/// A follower or candidate stopped gracefully (`handOverOnStop`) says `leaving`. Its peers
/// count it as gone: a leader left without a majority steps down at once (CheckQuorum), and
/// nobody raises a term, drops its lease or abandons a live leader because of it.
@Suite struct RaftLeavingTests {
    static let handOver = RaftSettings.with(handOverOnStop: true)
    static let handOverAndCheckQuorum = RaftSettings.with(checkQuorum: true, handOverOnStop: true)

    // MARK: The stopping node

    @Test func aGracefullyStoppingFollowerOrCandidateSaysItIsLeaving() {
        var follower = RaftNode.follower(settings: Self.handOver)
        let effects = follower.handle(.stop(graceful: true), at: .ms(10))
        #expect(effects.broadcasts == [.leaving(term: 1)])
        #expect(effects.sent.isEmpty && follower.isStopped)
        #expect(effects.has("broadcast leaving", before: "log note"))

        var candidate = makeNode(2, settings: Self.handOver)
        candidate.start()
        candidate.electionTimeoutFires()
        #expect(candidate.role == .candidate)
        #expect(candidate.handle(.stop(graceful: true), at: .ms(10)).broadcasts == [.leaving(term: 1)])
    }

    @Test func aLeaderAForcedStopOrTheOptionOffSaysNoLeaving() {
        var leader = RaftNode.leader(settings: Self.handOver)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 2, atMs: 5)
        let stopping = leader.handle(.stop(graceful: true), at: .ms(10))
        #expect(stopping.broadcasts.isEmpty && stopping.sent.map(\.message) == [.timeoutNow(term: 1)])

        var crashed = RaftNode.follower(settings: Self.handOver)
        #expect(crashed.handle(.stop(graceful: false), at: .ms(10)).broadcasts.isEmpty)
        var textbook = RaftNode.follower(settings: .textbook)
        #expect(textbook.handle(.stop(graceful: true), at: .ms(10)).broadcasts.isEmpty)
        var alone = makeNode(1, members: [1], settings: Self.handOver)
        alone.start()
        #expect(alone.handle(.stop(graceful: true), at: .ms(10)).broadcasts.isEmpty)
    }

    // MARK: The leader

    /// 3 nodes: the first follower to leave leaves a majority (the leader and the other);
    /// the second does not, and the leader steps down on hearing it, in its own term.
    @Test func aLeaderLeftWithoutAMajorityStepsDownAtOnce() {
        var leader = RaftNode.leader(settings: Self.handOverAndCheckQuorum)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 2, atMs: 20)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: 20)
        let first = leader.receive(.leaving(term: 1), from: 2, atMs: 30)
        #expect(leader.role == .leader && leader.departedPeers == [2])
        #expect(first.events(.peerLeaving).first?.message.contains("node 2 is leaving") == true)

        let second = leader.receive(.leaving(term: 1), from: 3, atMs: 31)
        #expect(leader.role == .follower && leader.leader == nil && leader.currentTerm == 1)
        #expect(second.cancels(RaftNode.heartbeatTimer) && second.persisted.isEmpty)
        #expect(second.events(.becameFollower).first?.message.contains("CheckQuorum") == true)
    }

    /// The same two departures within the first election timeout of the term, when
    /// followers are otherwise given grace: a departed peer gets none.
    @Test func aDepartedPeerGetsNoGraceAtTheStartOfATerm() {
        var leader = RaftNode.leader(settings: Self.handOverAndCheckQuorum)  // since t = 0
        leader.receive(.leaving(term: 1), from: 2, atMs: 1)
        leader.receive(.leaving(term: 1), from: 3, atMs: 2)
        #expect(leader.role == .follower)
    }

    @Test func withoutCheckQuorumALeaderLeftAloneLeadsOn() {
        var leader = RaftNode.leader(settings: Self.handOver)
        leader.receive(.leaving(term: 1), from: 2, atMs: 30)
        leader.receive(.leaving(term: 1), from: 3, atMs: 31)
        leader.heartbeatTimerFires(atMs: 10_000)
        #expect(leader.role == .leader && leader.departedPeers == [2, 3])
    }

    /// Until it speaks again: a departed peer that answers a heartbeat counts again.
    @Test func aPeerThatSpeaksAgainCountsAgain() {
        var leader = RaftNode.leader(settings: Self.handOverAndCheckQuorum)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: 20)
        leader.receive(.leaving(term: 1), from: 2, atMs: 30)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 2, atMs: 40)  // restarted
        #expect(leader.departedPeers.isEmpty)
        leader.receive(.leaving(term: 1), from: 3, atMs: 50)
        #expect(leader.role == .leader)
    }

    /// A stopping leader does not hand over to a follower that just said it is leaving,
    /// though it heard from it a moment ago.
    @Test func aHandOverSkipsADepartedFollower() {
        var leader = RaftNode.leader(settings: Self.handOver)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 2, atMs: 20)
        leader.receive(.appendEntriesReply(term: 1, success: true), from: 3, atMs: 20)
        leader.receive(.leaving(term: 1), from: 2, atMs: 30)
        #expect(leader.handle(.stop(graceful: true), at: .ms(40)).sent.map(\.to) == [3])
    }

    // MARK: Terms, leases and pre-votes

    /// Whatever its term, whoever hears it: no term is adopted, nothing is persisted.
    @Test func receivingLeavingNeverRaisesATerm() {
        let everything = RaftSettings.production
        var nodes = [RaftNode.leader(settings: everything), RaftNode.follower(settings: everything)]
        var candidate = makeNode(3, settings: RaftSettings.with(checkQuorum: true, handOverOnStop: true))
        candidate.start()
        candidate.electionTimeoutFires()
        nodes.append(candidate)
        for var node in nodes {
            let before = (node.currentTerm, node.votedFor)
            for term in [UInt64(0), node.currentTerm, node.currentTerm + 1, 99] {
                #expect(node.termRule(for: .leaving(term: term), at: .ms(10)) == .handleInCurrentTerm)
            }
            let sender: NodeID = node.id == 2 ? 3 : 2
            let effects = node.receive(.leaving(term: 99), from: sender, atMs: 10)
            #expect(node.currentTerm == before.0 && node.votedFor == before.1, "node \(node.id)")
            #expect(effects.persisted.isEmpty && effects.broadcasts.isEmpty && effects.sent.isEmpty,
                    "node \(node.id): \(effects.labels)")
        }
    }

    /// Another follower leaving tells a follower nothing about its leader: it keeps the
    /// leader, its lease (so it still refuses a disruptive pre-vote and vote) and its timer.
    @Test func aFollowerKeepsItsLeaderAndLeaseWhenAnotherFollowerLeaves() {
        var follower = RaftNode.follower(2, of: 1, settings: .production, heardAtMs: 0)
        let effects = follower.receive(.leaving(term: 1), from: 3, atMs: 10)
        #expect(follower.leader == 1 && follower.role == .follower && follower.hearsLiveLeader(at: .ms(10)))
        #expect(effects.timerSets(RaftNode.electionTimer).isEmpty && effects.events(.leaderLost).isEmpty)
        #expect(effects.events(.peerLeaving).count == 1)
        #expect(follower.termRule(for: .requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0), at: .ms(20))
            == .refuseInLease)
    }

    /// Its own leader leaving (one that stepped down and stopped before this follower heard
    /// of it) is news about the leader, taken as the lost-connection hint is: with fast
    /// detection, drop the lease and stand after the stagger; without it, nothing more.
    @Test(arguments: [true, false])
    func aFollowerWhoseLeaderLeavesActsAsOnTheHint(fastDetection: Bool) {
        let settings = RaftSettings.with(preVote: true, leaderLease: true, handOverOnStop: true,
                                         fastDetection: fastDetection)
        var follower = RaftNode.follower(2, of: 1, settings: settings, heardAtMs: 0)
        let effects = follower.receive(.leaving(term: 1), from: 1, atMs: 10)
        #expect(follower.currentTerm == 1 && follower.role == .follower)
        if fastDetection {
            #expect(!follower.hearsLiveLeader(at: .ms(10)))
            #expect(effects.timerSets(RaftNode.electionTimer) == [.zero])  // rank 0 of [2, 3]
            #expect(effects.events(.leaderLost).first?.message.contains("leader 1 said it is leaving") == true)
            let stands = follower.electionTimeoutFires(atMs: 10)
            #expect(stands.broadcasts == [.preVote(term: 2, lastLogIndex: 0, lastLogTerm: 0)])
        } else {
            #expect(follower.hearsLiveLeader(at: .ms(10)))
            #expect(effects.timerSets(RaftNode.electionTimer).isEmpty)
        }
    }

    /// An asker withdraws the yes of a voter that then leaves: it forecast a vote that will
    /// never come. 5 nodes need 3: itself, node 2 (left), node 3 is not enough.
    @Test func aPreVoteFromAPeerThatLeftNoLongerCounts() {
        var asker = makeNode(1, members: [1, 2, 3, 4, 5], settings: .with(preVote: true, handOverOnStop: true))
        asker.start()
        asker.electionTimeoutFires()
        asker.receive(.preVoteReply(term: 1, voteGranted: true), from: 2, atMs: 1)
        asker.receive(.leaving(term: 0), from: 2, atMs: 2)
        asker.receive(.preVoteReply(term: 1, voteGranted: true), from: 3, atMs: 3)
        #expect(asker.role == .follower && asker.currentTerm == 0 && asker.preVotesReceived == [1, 3])
        asker.receive(.preVoteReply(term: 1, voteGranted: true), from: 4, atMs: 4)
        #expect(asker.role == .candidate && asker.currentTerm == 1)
    }

    /// A real vote, once granted, stays counted: its voter persisted it for this term.
    @Test func aVoteFromAPeerThatLeftStillCounts() {
        var candidate = makeNode(1, members: [1, 2, 3, 4, 5], settings: Self.handOver)
        candidate.start()
        candidate.electionTimeoutFires()
        candidate.receive(.requestVoteReply(term: 1, voteGranted: true), from: 2, atMs: 1)
        candidate.receive(.leaving(term: 1), from: 2, atMs: 2)
        candidate.receive(.requestVoteReply(term: 1, voteGranted: true), from: 3, atMs: 3)
        #expect(candidate.role == .leader)
    }

    // MARK: On the wire

    /// Its line is a type and a term, whatever the cluster's size; the conformance suite
    /// runs every message its runs send (this one included) through `WireCodec` and back.
    @Test func encodesAsATypeAndATerm() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let line = String(decoding: try encoder.encode(RaftMessage.leaving(term: .max)), as: UTF8.self)
        #expect(line == #"{"term":18446744073709551615,"type":"leaving"}"#)
        #expect(try JSONDecoder().decode(RaftMessage.self, from: Data(line.utf8)) == .leaving(term: .max))
    }

    // MARK: In the simulator

    /// 3 nodes, 30 seeds, every option on: both followers are stopped gracefully, one after
    /// the other, and the leader steps down one link delay after the second goes, in its
    /// own term. Crashed instead (kill -9, no goodbye), or stopped with the hand-over off,
    /// the leader waits out CheckQuorum's election timeout. Never two leaders in a term.
    @Test(arguments: [(true, true), (false, true), (true, false)])
    func aLeaderWhoseFollowersStop(graceful: Bool, handOver: Bool) throws {
        var settings = RaftSettings.production
        settings.handOverOnStop = handOver
        let network = LinkConditions(baseDelay: .milliseconds(1), jitter: .microseconds(500))
        for seed in UInt64(1)...30 {
            let cluster = RaftCluster(size: 3, seed: seed, network: network, settings: { _ in settings })
            let simulator = cluster.simulator
            let leader = try #require(cluster.electLeader(), "reproduce with seed \(seed)")
            let term = try #require(simulator.status(of: leader)).term
            let followers = simulator.members.filter { $0 != leader }
            for follower in followers {
                if graceful { simulator.stop(follower, graceful: true) } else { simulator.crash(follower) }
            }
            let stoppedAt = simulator.now
            let steppedDown = simulator.run(until: { $0.status(of: leader)?.isLeader == false },
                                            timeout: .seconds(2))
            #expect(steppedDown, "reproduce with seed \(seed)")
            let took = simulator.now - stoppedAt
            if graceful && handOver {
                #expect(took < .milliseconds(10), "reproduce with seed \(seed): stepped down after \(took)")
            } else {
                #expect(took >= settings.electionTimeoutMin - settings.heartbeatInterval - .milliseconds(10),
                        "reproduce with seed \(seed): stepped down after \(took)")
            }
            #expect(simulator.status(of: leader)?.term == term, "reproduce with seed \(seed)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }
}
