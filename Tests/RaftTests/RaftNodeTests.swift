import Election
import Testing
@testable import Raft

/// Pure-instance tests: one `RaftNode`, inputs by hand, effects checked one by one.
@Suite struct RaftNodeTests {
    let election = RaftNode.electionTimer
    let heartbeat = RaftNode.heartbeatTimer

    // MARK: Start

    @Test func start_isFollowerWithAnElectionTimer() throws {
        var node = makeNode()
        let effects = node.start()
        #expect(node.status == NodeStatus(id: 1, role: .follower, leader: nil, term: 0))
        let delay = try #require(effects.timerSets(election).first)
        #expect(delay >= .milliseconds(150) && delay < .milliseconds(300))
        #expect(delay == node.electionTimeout)
        #expect(effects.broadcasts.isEmpty && effects.sent.isEmpty)
        #expect(RaftNode.algorithmName == "raft")
    }

    // MARK: Candidate

    @Test func timeout_becomesCandidateAndRequestsVotes() throws {
        var node = makeNode(durable: RaftPersistentState(lastLogIndex: 3, lastLogTerm: 2))
        node.start()
        let firstTimeout = node.electionTimeout
        let effects = node.electionTimeoutFires()

        // Term + 1 (the log's term 2 had already raised the term to 2), a vote for itself.
        #expect(node.role == .candidate)
        #expect(node.currentTerm == 3)
        #expect(node.votedFor == 1)
        #expect(node.votesReceived == [1])
        #expect(node.status.leader == nil)
        #expect(effects.persisted == [RaftPersistentState(currentTerm: 3, votedFor: 1,
                                                          lastLogIndex: 3, lastLogTerm: 2)])
        #expect(effects.broadcasts == [.requestVote(term: 3, lastLogIndex: 3, lastLogTerm: 2)])
        // The term and vote are durable before anyone hears of them.
        #expect(effects.has("persist", before: "broadcast request_vote"))
        // A fresh timer for the next election, in case this one splits.
        #expect(effects.timerSets(election).count == 1)
        #expect(node.electionTimeout != firstTimeout)
        let story = try #require(effects.events(.electionStarted).first)
        #expect(story.message.hasPrefix("became candidate at term 3"))
        #expect(story.term == 3)
    }

    @Test func candidateTimeout_startsANewElectionInTheNextTerm() {
        var node = makeNode()
        node.start()
        node.electionTimeoutFires()
        node.receive(.requestVoteReply(term: 1, voteGranted: false), from: 2)
        let effects = node.electionTimeoutFires()
        #expect(node.role == .candidate)
        #expect(node.currentTerm == 2)
        #expect(node.votesReceived == [1])
        #expect(effects.broadcasts == [.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0)])
        #expect(effects.events(.electionStarted).first?.message.contains("found no winner") == true)
    }

    @Test func singleMemberCluster_becomesLeaderOnItsFirstTimeout() {
        var node = makeNode(members: [1])
        node.start()
        #expect(node.role == .follower)
        let effects = node.electionTimeoutFires()
        #expect(node.status == NodeStatus(id: 1, role: .leader, leader: 1, term: 1))
        #expect(effects.broadcasts.allSatisfy { $0.typeName == "append_entries" })
        #expect(effects.has("persist", before: "log became_leader"))
    }

    // MARK: Voting

    @Test func grantsOneVotePerTerm() throws {
        var node = makeNode()
        node.start()

        // The first candidate of term 1 gets the vote, persisted before the reply.
        let first = node.receive(.requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0), from: 2)
        #expect(first.sent.map(\.message) == [.requestVoteReply(term: 1, voteGranted: true)])
        #expect(first.sent.map(\.to) == [2])
        #expect(first.persisted.last == RaftPersistentState(currentTerm: 1, votedFor: 2))
        #expect(first.has("persist", before: "send request_vote_reply to 2"))
        #expect(first.labels.lastIndex(of: "persist")! < first.position(ofSend: 2))
        #expect(first.timerSets(election).count == 1)
        #expect(first.events(.voteGranted).count == 1)

        // A second candidate of the same term is refused, and told why.
        let second = node.receive(.requestVote(term: 1, lastLogIndex: 9, lastLogTerm: 1), from: 3)
        #expect(second.sent.map(\.message) == [.requestVoteReply(term: 1, voteGranted: false)])
        #expect(second.persisted.isEmpty)
        #expect(second.timerSets(election).isEmpty)
        let refusal = try #require(second.events(.voteRefused).first)
        #expect(refusal.message.contains("already voted for node 2 in term 1"))
        #expect(node.votedFor == 2)

        // The same candidate asking again (a duplicate) gets the same answer.
        let again = node.receive(.requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0), from: 2)
        #expect(again.sent.map(\.message) == [.requestVoteReply(term: 1, voteGranted: true)])

        // A new term brings a new vote.
        let nextTerm = node.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0), from: 3)
        #expect(nextTerm.sent.map(\.message) == [.requestVoteReply(term: 2, voteGranted: true)])
        #expect(node.votedFor == 3)
        #expect(node.currentTerm == 2)
    }

    @Test func candidateRefusesOtherCandidatesOfItsTerm() {
        var node = makeNode()
        node.start()
        node.electionTimeoutFires()
        let effects = node.receive(.requestVote(term: 1, lastLogIndex: 0, lastLogTerm: 0), from: 2)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 1, voteGranted: false)])
        #expect(effects.events(.voteRefused).first?.message.contains("already voted for itself") == true)
        #expect(node.role == .candidate)
    }

    /// (candidate's last log index, candidate's last log term, granted?) against a voter
    /// whose log ends at index 5, term 3 (§5.4.1).
    @Test(arguments: [
        (UInt64(9), UInt64(2), false),  // longer, but its last entry is from an older term
        (4, 3, false),                  // same last term, shorter
        (5, 3, true),                   // identical
        (6, 3, true),                   // same last term, longer
        (1, 4, true),                   // shorter, but its last entry is from a newer term
    ])
    func refusesVoteForStaleLog(index: UInt64, logTerm: UInt64, granted: Bool) {
        var node = makeNode(durable: RaftPersistentState(currentTerm: 4, lastLogIndex: 5,
                                                         lastLogTerm: 3))
        node.start()
        let effects = node.receive(.requestVote(term: 5, lastLogIndex: index, lastLogTerm: logTerm),
                                   from: 2)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 5, voteGranted: granted)])
        // The candidate's term is adopted either way (rules for all servers).
        #expect(node.currentTerm == 5)
        #expect(node.votedFor == (granted ? 2 : nil))
        if !granted {
            #expect(effects.events(.voteRefused).first?.message.contains("not as up to date") == true)
            // The term bump alone is persisted, and the refused candidate does not hold
            // back this node's own election.
            #expect(effects.persisted == [RaftPersistentState(currentTerm: 5, lastLogIndex: 5,
                                                              lastLogTerm: 3)])
            #expect(effects.timerSets(election).isEmpty)
        }
    }

    @Test func staleTermRequestIsRefusedWithTheCurrentTerm() {
        var node = makeNode(durable: RaftPersistentState(currentTerm: 5))
        node.start()
        let effects = node.receive(.requestVote(term: 3, lastLogIndex: 9, lastLogTerm: 3), from: 2)
        #expect(effects.sent.map(\.message) == [.requestVoteReply(term: 5, voteGranted: false)])
        #expect(effects.events(.voteRefused).first?.message.contains("stale") == true)
        #expect(node.currentTerm == 5 && node.votedFor == nil)
    }

    // MARK: Terms

    @Test func higherTermMakesFollower() {
        // A leader hears of term 3 in a reply: it steps down, clears its vote, persists,
        // stops heartbeating and waits for a leader with an election timer again.
        var leader = RaftNode.leader()
        #expect(leader.role == .leader)
        let effects = leader.receive(.appendEntriesReply(term: 3, success: false), from: 2)
        #expect(leader.status == NodeStatus(id: 1, role: .follower, leader: nil, term: 3))
        #expect(leader.votedFor == nil)
        #expect(effects.persisted == [RaftPersistentState(currentTerm: 3)])
        #expect(effects.cancels(heartbeat))
        #expect(effects.timerSets(election).count == 1)
        #expect(effects.events(.becameFollower).first?.message.hasPrefix("stepped down at term 3") == true)

        // A candidate hears of term 4 in a vote reply.
        var candidate = makeNode()
        candidate.start()
        candidate.electionTimeoutFires()
        candidate.receive(.requestVoteReply(term: 4, voteGranted: false), from: 3)
        #expect(candidate.status == NodeStatus(id: 1, role: .follower, leader: nil, term: 4))
        #expect(candidate.votesReceived.isEmpty)

        // A follower of leader 2 hears a request for term 2: the leader it knew is of an
        // older term, so it no longer knows a leader.
        var follower = makeNode()
        follower.start()
        follower.receive(.appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0),
                         from: 2)
        #expect(follower.leader == 2)
        follower.receive(.requestVote(term: 2, lastLogIndex: 0, lastLogTerm: 0), from: 3)
        #expect(follower.status == NodeStatus(id: 1, role: .follower, leader: nil, term: 2))
    }

    @Test func heartbeatFromANewerTermFollowsItsSender() {
        var leader = RaftNode.leader()
        let effects = leader.receive(
            .appendEntries(term: 7, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0), from: 3)
        #expect(leader.status == NodeStatus(id: 1, role: .follower, leader: 3, term: 7))
        #expect(effects.sent.map(\.message) == [.appendEntriesReply(term: 7, success: true)])
        #expect(effects.events(.leaderChanged).count == 1)
    }

    // MARK: Winning

    @Test func majorityOfConfiguredMembersMakesLeader() {
        // 3 members: its own vote and one more.
        var three = makeNode(members: [1, 2, 3])
        three.start()
        three.electionTimeoutFires()
        three.receive(.requestVoteReply(term: 1, voteGranted: true), from: 3)
        #expect(three.role == .leader)

        // 4 configured members need 3 votes, whether or not the fourth is running.
        var four = makeNode(members: [1, 2, 3, 4])
        #expect(four.quorum == 3)
        four.start()
        four.electionTimeoutFires()
        four.receive(.requestVoteReply(term: 1, voteGranted: true), from: 2)
        four.receive(.requestVoteReply(term: 1, voteGranted: true), from: 2)  // duplicate
        four.receive(.requestVoteReply(term: 1, voteGranted: false), from: 3)  // refusal
        #expect(four.role == .candidate)
        #expect(four.votesReceived == [1, 2])
        four.receive(.requestVoteReply(term: 1, voteGranted: true), from: 4)
        #expect(four.role == .leader)
        #expect(four.status.leader == 1)

        // 5 members need 3; a vote from an older term does not count.
        var five = makeNode(members: [1, 2, 3, 4, 5])
        five.start()
        five.electionTimeoutFires()
        five.electionTimeoutFires()  // split vote: now at term 2
        five.receive(.requestVoteReply(term: 1, voteGranted: true), from: 2)
        five.receive(.requestVoteReply(term: 2, voteGranted: true), from: 3)
        #expect(five.role == .candidate)
        five.receive(.requestVoteReply(term: 2, voteGranted: true), from: 5)
        #expect(five.role == .leader)
        #expect(five.currentTerm == 2)
    }

    @Test func votesFromStrangersDoNotCount() {
        var node = makeNode(members: [1, 2, 3])
        node.start()
        node.electionTimeoutFires()
        let effects = node.receive(.requestVoteReply(term: 1, voteGranted: true), from: 9)
        #expect(effects.isEmpty)
        node.receive(.requestVoteReply(term: 1, voteGranted: true), from: 1)  // itself
        #expect(node.role == .candidate)
    }

    // MARK: Leading

    @Test func leaderSendsHeartbeats() throws {
        var node = makeNode(durable: RaftPersistentState(lastLogIndex: 4, lastLogTerm: 1))
        node.start()
        node.electionTimeoutFires()
        let won = node.receive(.requestVoteReply(term: 2, voteGranted: true), from: 2)
        let heartbeatMessage = RaftMessage.appendEntries(term: 2, prevLogIndex: 4, prevLogTerm: 1,
                                                         leaderCommit: 0)
        // An immediate round, then one every heartbeat interval.
        #expect(won.broadcasts == [heartbeatMessage])
        #expect(won.timerSets(heartbeat) == [RaftSettings().heartbeatInterval])
        #expect(won.cancels(election))
        let story = try #require(won.events(.becameLeader).first)
        #expect(story.message.hasPrefix("became leader at term 2 with votes from nodes 1, 2"))

        let tick = node.heartbeatTimerFires()
        #expect(tick.broadcasts == [heartbeatMessage])
        #expect(tick.timerSets(heartbeat) == [RaftSettings().heartbeatInterval])

        // A late election timer does nothing to a leader; it never steps down on its own.
        #expect(node.electionTimeoutFires().isEmpty)
        #expect(node.role == .leader)
        // Replies from followers of its own term change nothing.
        #expect(node.receive(.appendEntriesReply(term: 2, success: true), from: 3).isEmpty)
    }

    @Test func heartbeatTimerOfAFollowerIsIgnored() {
        var node = makeNode()
        node.start()
        #expect(node.heartbeatTimerFires().isEmpty)
    }

    // MARK: Following

    @Test func appendEntriesResetsTimerAndSetsLeader() throws {
        var node = makeNode()
        node.start()
        let heartbeatFrom2 = RaftMessage.appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0,
                                                       leaderCommit: 0)
        let effects = node.receive(heartbeatFrom2, from: 2)
        #expect(node.status == NodeStatus(id: 1, role: .follower, leader: 2, term: 1))
        #expect(effects.timerSets(election).count == 1)
        #expect(effects.sent.map(\.message) == [.appendEntriesReply(term: 1, success: true)])
        #expect(effects.sent.map(\.to) == [2])
        let story = try #require(effects.events(.leaderChanged).first)
        #expect(story.message == "now follows node 2, leader of term 1")

        // Later heartbeats reset the timer again, without a new story line.
        let next = node.receive(heartbeatFrom2, from: 2)
        #expect(next.timerSets(election).count == 1)
        #expect(next.events.isEmpty)
        // Heartbeats do not move an election-only follower's log position.
        #expect(node.persistentState == RaftPersistentState(currentTerm: 1))
    }

    @Test func candidateHearingItsTermsLeaderBecomesFollower() {
        var node = makeNode()
        node.start()
        node.electionTimeoutFires()
        let effects = node.receive(
            .appendEntries(term: 1, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0), from: 3)
        #expect(node.status == NodeStatus(id: 1, role: .follower, leader: 3, term: 1))
        #expect(node.votedFor == 1)  // its vote in term 1 stays cast
        #expect(effects.timerSets(election).count == 1)
        #expect(effects.events(.becameFollower).first?.message
            == "became follower at term 1: node 3 won the election for term 1")
    }

    @Test func staleAppendEntriesIsRejectedWithTheCurrentTerm() {
        var node = makeNode(durable: RaftPersistentState(currentTerm: 4))
        node.start()
        node.receive(.appendEntries(term: 4, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0),
                     from: 2)
        let effects = node.receive(
            .appendEntries(term: 3, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0), from: 3)
        #expect(effects.sent.map(\.message) == [.appendEntriesReply(term: 4, success: false)])
        #expect(effects.timerSets(election).isEmpty)
        #expect(node.leader == 2)
    }

    // MARK: Timeouts

    @Test func electionTimeoutIsUniformInRange() {
        let settings = RaftSettings(heartbeatInterval: .milliseconds(20),
                                    electionTimeoutMin: .milliseconds(100),
                                    electionTimeoutMax: .milliseconds(200))
        var node = makeNode(settings: settings, seed: 2024)
        var reference = SeededRandom(seed: 2024)  // the same generator, drawn directly
        var draws: [Duration] = []
        node.start()
        draws.append(node.electionTimeout)
        for term in 1...2_000 {
            // Each granted vote resets, and so re-draws, the timer.
            node.receive(.requestVote(term: UInt64(term), lastLogIndex: 0, lastLogTerm: 0), from: 2)
            draws.append(node.electionTimeout)
        }
        let expected = draws.indices.map { _ in
            reference.duration(from: .milliseconds(100), below: .milliseconds(200))
        }
        #expect(draws == expected)
        #expect(draws.allSatisfy { $0 >= .milliseconds(100) && $0 < .milliseconds(200) })
        // Uniform: every tenth of the range gets roughly a tenth of the draws.
        var buckets = [Int](repeating: 0, count: 10)
        for draw in draws { buckets[Int((draw.milliseconds - 100) / 10)] += 1 }
        #expect(buckets.allSatisfy { (140...260).contains($0) }, "buckets: \(buckets)")
    }

    @Test func equalMinAndMaxMeansNoRandomness() {
        let fixed = RaftSettings(heartbeatInterval: .milliseconds(50),
                                 electionTimeoutMin: .milliseconds(150),
                                 electionTimeoutMax: .milliseconds(150))
        var node = makeNode(settings: fixed)
        #expect(node.start().timerSets(election) == [.milliseconds(150)])
        #expect(node.electionTimeoutFires().timerSets(election) == [.milliseconds(150)])
    }

    // MARK: Restart and stop

    @Test func restartRestoresTermAndVote() throws {
        var node = makeNode(durable: RaftPersistentState(lastLogIndex: 2, lastLogTerm: 1))
        node.start()
        let effects = node.receive(.requestVote(term: 3, lastLogIndex: 2, lastLogTerm: 1), from: 2)
        let saved = try #require(effects.persisted.last)
        #expect(saved == RaftPersistentState(currentTerm: 3, votedFor: 2, lastLogIndex: 2,
                                             lastLogTerm: 1))

        // A crash loses everything else; the runtime hands back the saved state.
        var restarted = makeNode(seed: 99, durable: saved)
        restarted.start()
        #expect(restarted.status == NodeStatus(id: 1, role: .follower, leader: nil, term: 3))
        #expect(restarted.persistentState == saved)
        let other = restarted.receive(.requestVote(term: 3, lastLogIndex: 5, lastLogTerm: 1), from: 3)
        #expect(other.sent.map(\.message) == [.requestVoteReply(term: 3, voteGranted: false)])
        let same = restarted.receive(.requestVote(term: 3, lastLogIndex: 2, lastLogTerm: 1), from: 2)
        #expect(same.sent.map(\.message) == [.requestVoteReply(term: 3, voteGranted: true)])
    }

    @Test func durableLogTermRaisesAnOlderCurrentTerm() {
        let node = makeNode(durable: RaftPersistentState(currentTerm: 1, votedFor: 2,
                                                         lastLogIndex: 7, lastLogTerm: 4))
        #expect(node.currentTerm == 4)
        #expect(node.votedFor == nil)
    }

    @Test func stopCancelsTimersAndFallsSilent() {
        var node = RaftNode.leader()
        let effects = node.handle(.stop(graceful: true), at: .start)
        #expect(effects.cancels(election) && effects.cancels(heartbeat))
        #expect(effects.sent.isEmpty && effects.broadcasts.isEmpty)
        #expect(node.isStopped)
        #expect(node.heartbeatTimerFires().isEmpty)
        #expect(node.receive(.requestVote(term: 9, lastLogIndex: 0, lastLogTerm: 0), from: 2).isEmpty)
        #expect(node.currentTerm == 1)
    }

    @Test func peerUnreachableIsIgnored() {
        var node = RaftNode.leader()
        #expect(node.handle(.peerUnreachable(2), at: .start).isEmpty)
        #expect(node.role == .leader)
    }

    @Test func storyLinesCarryTheTerm() {
        var node = RaftNode.leader()
        node.receive(.requestVote(term: 5, lastLogIndex: 0, lastLogTerm: 0), from: 3)
        let events = node.receive(
            .appendEntries(term: 6, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0), from: 2).events
        #expect(events.map(\.kind) == [.becameFollower, .leaderChanged])
        #expect(events.allSatisfy { $0.term == 6 })
    }
}

extension Array where Element == RaftEffect {
    /// Position of the first `.send` to `peer`; `Int.min` when there is none, so that a
    /// "comes after" check against a missing send fails.
    fileprivate func position(ofSend peer: NodeID) -> Int {
        firstIndex { if case .send(_, peer) = $0 { true } else { false } } ?? .min
    }
}
