import Election
import Testing
@testable import Raft

/// Pins Raft's term rule per message kind (Figure 2, "Rules for All Servers"; §5.1): what a
/// newer and an older term do to a follower, a candidate and a leader. Later exceptions
/// (PreVote, the lease) must change these only behind their own settings.
@Suite struct RaftTermRuleTests {
    /// One message of each kind, all carrying `term`.
    static func everyKind(term: UInt64) -> [RaftMessage] {
        [.requestVote(term: term, lastLogIndex: 0, lastLogTerm: 0),
         .requestVoteReply(term: term, voteGranted: false),
         .appendEntries(term: term, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0),
         .appendEntriesReply(term: term, success: false)]
    }

    /// A started node of [1, 2, 3] in `role` at term 5.
    static func node(_ role: Role) -> RaftNode {
        var node = makeNode(durable: RaftPersistentState(currentTerm: role == .follower ? 5 : 4))
        node.start()
        if role != .follower { node.electionTimeoutFires() }
        if role == .leader { node.receive(.requestVoteReply(term: 5, voteGranted: true), from: 2) }
        return node
    }

    @Test(arguments: [Role.follower, .candidate, .leader])
    func everyKindFromANewerTermIsAdopted(role: Role) {
        for message in Self.everyKind(term: 8) {
            var node = Self.node(role)
            #expect(node.role == role && node.currentTerm == 5)
            #expect(node.termRule(for: message, at: .start) == .adoptTermAndFollow)
            let effects = node.receive(message, from: 2)
            #expect(node.role == .follower, "\(role) after \(message)")
            #expect(node.currentTerm == 8, "\(role) after \(message)")
            // The new term is persisted with the old vote cleared; a newer request for votes
            // may then be granted in that term (persisted again, before the reply).
            #expect(effects.persisted.first == RaftPersistentState(currentTerm: 8),
                    "\(role) after \(message)")
            #expect(effects.cancels(RaftNode.heartbeatTimer) == (role == .leader),
                    "\(role) after \(message)")
        }
    }

    @Test(arguments: [Role.follower, .candidate, .leader])
    func olderRequestsAreAnsweredWithTheCurrentTerm(role: Role) {
        var node = Self.node(role)
        let vote = node.receive(.requestVote(term: 3, lastLogIndex: 9, lastLogTerm: 3), from: 2)
        #expect(vote.sent.map(\.message) == [.requestVoteReply(term: 5, voteGranted: false)])
        let heartbeat = node.receive(
            .appendEntries(term: 3, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0), from: 3)
        #expect(heartbeat.sent.map(\.message) == [.appendEntriesReply(term: 5, success: false)])
        // Neither changes the term, the role, or (for a follower) its election timer.
        #expect(node.role == role && node.currentTerm == 5)
        #expect((vote + heartbeat).persisted.isEmpty)
        #expect((vote + heartbeat).timerSets(RaftNode.electionTimer).isEmpty)
    }

    @Test(arguments: [Role.follower, .candidate, .leader])
    func olderRepliesAreIgnored(role: Role) {
        var node = Self.node(role)
        let before = node.status
        for message in [RaftMessage.requestVoteReply(term: 3, voteGranted: true),
                        .appendEntriesReply(term: 3, success: false)] {
            #expect(node.termRule(for: message, at: .start) == .ignoreStale)
            #expect(node.receive(message, from: 3).isEmpty, "\(role) after \(message)")
        }
        #expect(node.status == before)
        #expect(node.votesReceived.count == (role == .follower ? 0 : role == .leader ? 2 : 1))
    }

    @Test func sameTermIsHandledInTheCurrentTerm() {
        let node = Self.node(.follower)
        for message in Self.everyKind(term: 5) {
            #expect(node.termRule(for: message, at: .start) == .handleInCurrentTerm)
        }
    }

    // MARK: The exceptions, each behind its option

    /// The messages of the options beyond Figure 2, from a newer (8) and an older (3) term,
    /// to a node at term 5: a pre-vote request never moves a term, a granted pre-vote only
    /// echoes the asker's question, and a refused one or a hand-over from a newer term does.
    @Test(arguments: [Role.follower, .candidate, .leader])
    func theOptionsMessagesFollowTheirOwnRule(role: Role) {
        let node = Self.node(role)
        let expected: [(RaftMessage, RaftNode.TermVerdict)] = [
            (.preVote(term: 8, lastLogIndex: 0, lastLogTerm: 0), .handleInCurrentTerm),
            (.preVote(term: 3, lastLogIndex: 0, lastLogTerm: 0), .handleInCurrentTerm),
            (.preVoteReply(term: 8, voteGranted: true), .handleInCurrentTerm),
            (.preVoteReply(term: 8, voteGranted: false), .adoptTermAndFollow),
            (.preVoteReply(term: 3, voteGranted: true), .ignoreStale),
            (.timeoutNow(term: 8), .adoptTermAndFollow),
            (.timeoutNow(term: 3), .ignoreStale),
            (.requestVote(term: 8, lastLogIndex: 0, lastLogTerm: 0, leadershipTransfer: true), .adoptTermAndFollow),
        ]
        for (message, verdict) in expected {
            #expect(node.termRule(for: message, at: .start) == verdict, "\(role) given \(message)")
        }
    }

    /// The lease's exception applies only with `leaderLease` on, only to a newer vote
    /// request that is not a transfer, and only while a live leader is heard.
    @Test func theLeaseExceptionNeedsItsSetting() {
        let newer = RaftMessage.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0)
        let off = RaftNode.follower(settings: .textbook, heardAtMs: 0)
        #expect(off.termRule(for: newer, at: .ms(10)) == .adoptTermAndFollow)
        let on = RaftNode.follower(settings: .with(leaderLease: true), heardAtMs: 0)
        #expect(on.termRule(for: newer, at: .ms(10)) == .refuseInLease)
        #expect(on.termRule(for: newer, at: .ms(150)) == .adoptTermAndFollow)
        // Every other kind keeps Figure 2's rule inside the lease.
        for message in Self.everyKind(term: 2) where message.typeName != "request_vote" {
            #expect(on.termRule(for: message, at: .ms(10)) == off.termRule(for: message, at: .ms(10)))
        }
    }
}
