import Election
import Testing
@testable import Raft

/// The leader lease's vote refusal (dissertation §4.2.3), on and off: a node that heard from
/// a live leader within the shortest election timeout refuses votes without adopting the
/// newer term, unless the request is a leadership transfer.
@Suite struct RaftLeaseTests {
    static let on = RaftSettings.with(leaderLease: true)
    static let request = RaftMessage.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0)

    @Test func on_aFollowerInItsLeaseRefusesAndKeepsItsTerm() {
        var follower = RaftNode.follower(settings: Self.on, heardAtMs: 0)
        #expect(follower.termRule(for: Self.request, at: .ms(149)) == .refuseInLease)
        let effects = follower.receive(Self.request, from: 3, atMs: 149)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 1, voteGranted: false)])
        #expect(effects.persisted.isEmpty)
        #expect(follower.currentTerm == 1 && follower.votedFor == nil && follower.leader == 1)
        #expect(effects.events(.voteRefused).first?.message.contains("leader lease") == true)
    }

    @Test func on_afterTheShortestElectionTimeoutTheVoteIsGranted() {
        var follower = RaftNode.follower(settings: Self.on, heardAtMs: 0)
        #expect(follower.termRule(for: Self.request, at: .ms(150)) == .adoptTermAndFollow)
        let effects = follower.receive(Self.request, from: 3, atMs: 150)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 2, voteGranted: true)])
        #expect(follower.currentTerm == 2 && follower.votedFor == 3)
    }

    @Test func on_aLeadershipTransferPassesTheLease() {
        var follower = RaftNode.follower(settings: Self.on, heardAtMs: 0)
        let transfer = RaftMessage.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0,
                                               leadershipTransfer: true)
        let effects = follower.receive(transfer, from: 3, atMs: 10)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 2, voteGranted: true)])
        #expect(follower.currentTerm == 2 && follower.votedFor == 3)
    }

    @Test func on_aLeaderRefusesANewerCandidateAndLeadsOn() {
        var leader = RaftNode.leader(settings: Self.on)
        let effects = leader.receive(Self.request, from: 3, atMs: 5_000)
        #expect(leader.role == .leader && leader.currentTerm == 1)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 1, voteGranted: false)])
    }

    @Test func off_theNewerTermIsAdoptedAndTheVoteGranted() {
        var follower = RaftNode.follower(settings: .textbook, heardAtMs: 0)
        let effects = follower.receive(Self.request, from: 3, atMs: 10)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 2, voteGranted: true)])
        #expect(follower.currentTerm == 2 && follower.leader == nil)
        var leader = RaftNode.leader()
        leader.receive(Self.request, from: 3, atMs: 10)
        #expect(leader.role == .follower && leader.currentTerm == 2)
    }

    @Test func aCandidateHoldsNoLease() {
        var candidate = makeNode(settings: Self.on, durable: RaftPersistentState(currentTerm: 1))
        candidate.start()
        candidate.receive(.heartbeat(term: 1), from: 3, atMs: 0)
        candidate.electionTimeoutFires(atMs: 200)
        #expect(candidate.role == .candidate && !candidate.hearsLiveLeader(at: .ms(201)))
    }
}
