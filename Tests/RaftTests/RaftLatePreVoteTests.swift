import Testing
import Election
import ElectionSimulation
@testable import Raft

/// PreVote, the lease and fast detection together, when a dying leader's connections close
/// one at a time: survivor 2 is told first and asks for a pre-vote; survivor 3 still heard
/// the leader a moment ago and refuses under the lease; then 3 is told too. It grants the
/// refused pre-vote at once instead of making 2 wait another round.
@Suite struct RaftLatePreVoteTests {
    static let settings = RaftSettings.with(preVote: true, leaderLease: true, fastDetection: true)
    static let preVoteForTerm2 = RaftMessage.preVote(term: 2, lastLogIndex: 0, lastLogTerm: 0)

    /// Survivor 3, which heard leader 1 at 5 ms and refused 2's pre-vote under the lease at
    /// 11 ms.
    static func voterThatRefusedUnderTheLease() -> RaftNode {
        var voter = RaftNode.follower(3, settings: settings, heardAtMs: 5)
        let refusal = voter.receive(preVoteForTerm2, from: 2, atMs: 11)
        #expect(refusal.sent.map(\.message) == [.preVoteReply(term: 1, voteGranted: false)])
        return voter
    }

    @Test func theRaceByHand_theCandidateWinsWithoutATimeout() throws {
        // 2 is told first; rank 0 among the survivors, it asks at once.
        var candidate = RaftNode.follower(2, settings: Self.settings, heardAtMs: 5)
        candidate.connectionLost(to: 1, atMs: 10)
        let asks = candidate.electionTimeoutFires(atMs: 10)
        #expect(asks.broadcasts == [Self.preVoteForTerm2])

        // 3 reads the pre-vote before its own hint arrives, and refuses under the lease.
        var voter = Self.voterThatRefusedUnderTheLease()
        candidate.receive(.preVoteReply(term: 1, voteGranted: false), from: 3, atMs: 11)
        #expect(candidate.role == .follower && candidate.currentTerm == 1)

        // 3's hint arrives: the refusal becomes a grant, and 3 keeps its term.
        let hint = voter.connectionLost(to: 1, atMs: 12)
        #expect(hint.sent.map(\.message) == [.preVoteReply(term: 2, voteGranted: true)])
        #expect(hint.sent.map(\.to) == [2])
        #expect(hint.events(.preVoteGranted).count == 1)
        #expect(voter.currentTerm == 1 && hint.persisted.isEmpty)

        // 2 counts it, stands, and 3 votes: a leader, with no election timer having fired
        // since 2's first ask.
        let stands = candidate.receive(.preVoteReply(term: 2, voteGranted: true), from: 3, atMs: 12)
        #expect(candidate.role == .candidate && candidate.currentTerm == 2)
        let request = try #require(stands.broadcasts.first)
        let vote = voter.receive(request, from: 2, atMs: 13)
        #expect(vote.sent.map(\.message) == [.requestVoteReply(term: 2, voteGranted: true)])
        candidate.receive(.requestVoteReply(term: 2, voteGranted: true), from: 3, atMs: 13)
        #expect(candidate.role == .leader && candidate.currentTerm == 2)
    }

    @Test func theLeadersLastHeartbeatBeforeTheHintDoesNotCancelTheGrant() {
        // Sent before the leader died, it arrives after the pre-vote but before the close.
        var voter = Self.voterThatRefusedUnderTheLease()
        voter.receive(.heartbeat(term: 1), from: 1, atMs: 12)
        #expect(voter.connectionLost(to: 1, atMs: 13).sent.map(\.message)
            == [.preVoteReply(term: 2, voteGranted: true)])
    }

    @Test func oneBrokenLink_theVoterToldNothingKeepsRefusing() {
        // 2 lost its link to leader 1 and asks again and again; 3 still hears 1 and is told
        // nothing, so it grants nothing, late or not, and nobody's term moves.
        var voter = Self.voterThatRefusedUnderTheLease()
        for ms in stride(from: Int64(20), through: 400, by: 20) {
            let heartbeat = voter.receive(.heartbeat(term: 1), from: 1, atMs: ms)
            let again = voter.receive(Self.preVoteForTerm2, from: 2, atMs: ms + 1)
            #expect((heartbeat + again).sent.allSatisfy { reply in
                if case .preVoteReply(_, let granted) = reply.message { !granted } else { true }
            })
        }
        #expect(voter.currentTerm == 1 && voter.leader == 1)
    }

    @Test func anOldRefusalIsNotGrantedLate() {
        var voter = Self.voterThatRefusedUnderTheLease()
        // Told a whole shortest election timeout after it refused.
        let lapsed = 11 + Int64(Self.settings.electionTimeoutMin / .milliseconds(1))
        let hint = voter.connectionLost(to: 1, atMs: lapsed)
        #expect(hint.sent.isEmpty && hint.events(.preVoteGranted).isEmpty)
    }

    @Test func aHintAboutAnotherPeerGrantsNothing() {
        var voter = Self.voterThatRefusedUnderTheLease()
        let hint = voter.connectionLost(to: 2, atMs: 12)
        #expect(hint.isEmpty)
        // The refusal still stands for leader 1's hint.
        #expect(voter.connectionLost(to: 1, atMs: 13).sent.map(\.message)
            == [.preVoteReply(term: 2, voteGranted: true)])
    }

    @Test func aRefusalForABehindLogIsNotGrantedLate() {
        // 3's log is ahead of the asker's: refused under the lease, and still refused after.
        var voter = makeNode(3, settings: Self.settings,
                             durable: RaftPersistentState(currentTerm: 1, lastLogIndex: 4, lastLogTerm: 1))
        voter.start()
        voter.receive(.heartbeat(term: 1), from: 1, atMs: 5)
        voter.receive(Self.preVoteForTerm2, from: 2, atMs: 11)
        #expect(voter.connectionLost(to: 1, atMs: 12).sent.isEmpty)
    }

    @Test func withoutFastDetectionNothingIsGrantedLate() {
        var settings = Self.settings
        settings.fastDetection = false
        var voter = RaftNode.follower(3, settings: settings, heardAtMs: 5)
        voter.receive(Self.preVoteForTerm2, from: 2, atMs: 11)
        #expect(voter.connectionLost(to: 1, atMs: 12).isEmpty)
    }

    // MARK: In the simulator

    /// The race as the live cluster met it: the leader crashes, and its connection to the
    /// higher-id survivor is slow, so that survivor's hint comes after the other's pre-vote.
    /// The first survivor told (rank 0) leads the next term: the refusal it met was granted
    /// when the hint came, instead of the second survivor standing a stagger later.
    @Test func aLeaderCrashWithOneSlowLink_theFirstSurvivorToldLeadsTheNextTerm() throws {
        var settings = Self.settings
        settings.heartbeatInterval = .milliseconds(50)
        let network = LinkConditions(baseDelay: .milliseconds(1))
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(size: 3, seed: seed, network: network, settings: { _ in settings })
            let simulator = cluster.simulator
            let leader = try #require(cluster.electLeader(), "reproduce with seed \(seed)")
            let term = try #require(simulator.status(of: leader)).term
            let survivors = simulator.members.filter { $0 != leader }
            let (toldFirst, toldLate) = (survivors[0], survivors[1])
            let slow = LinkConditions(baseDelay: .milliseconds(10))
            simulator.setLink(from: leader, to: toldLate, slow)
            simulator.setLink(from: toldLate, to: leader, slow)
            // Heartbeats over the slow link renew the lease; crashing at a different point of
            // the heartbeat interval per seed sometimes leaves the last one in flight.
            simulator.run(for: .milliseconds(100 + Int64(seed) * 3))
            simulator.crash(leader)
            let agreed = simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(3))
            #expect(agreed, "reproduce with seed \(seed)")
            #expect(simulator.agreedLeader == toldFirst, "reproduce with seed \(seed): \(simulator.runningStatuses)")
            #expect(simulator.status(of: toldFirst)?.term == term + 1, "reproduce with seed \(seed)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }
}
