import Election
import Testing
@testable import Bully

/// Each step of the Bully algorithm on a single node, driven input by input.
/// Unless a test says otherwise the cluster is nodes 1...5 with the textbook settings.
@Suite struct BullyNodeTests {
    let settings = BullySettings.textbook

    // MARK: - Starting

    @Test func onStart_highestDeclaresItself() {
        var node = BullyHarness(5)
        let effects = node.start()

        #expect(node.status == NodeStatus(id: 5, role: .leader, leader: 5, term: 1))
        #expect(effects.outgoing == ["COORDINATOR (epoch 1) to all"])
        #expect(node.pendingTimers == [.heartbeat: settings.heartbeatInterval])
        #expect(effects.eventKinds == [.becameLeader])
        #expect(effects.events.first?.term == 1)
    }

    @Test func onStart_lowerNodeSendsElectionToEveryHigherNode() {
        var node = BullyHarness(3)
        let effects = node.start()

        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 0))
        #expect(node.node.electionStage == .waitingForAnswer)
        #expect(effects.outgoing == ["ELECTION to 4", "ELECTION to 5"])
        #expect(node.pendingTimers == [.answerTimeout: settings.answerTimeout])
        #expect(effects.eventKinds == [.electionStarted])
    }

    @Test func onStart_aloneInTheClusterLeads() {
        var node = BullyHarness(1, members: [1])
        let effects = node.start()
        #expect(node.status.role == .leader)
        #expect(node.status.leader == 1)
        #expect(effects.outgoing == ["COORDINATOR (epoch 1) to all"])
    }

    // MARK: - The election at the lower node

    @Test func noAnswer_becomesLeader() {
        var node = BullyHarness(3)
        node.start()
        let effects = node.fire(.answerTimeout)

        #expect(node.status == NodeStatus(id: 3, role: .leader, leader: 3, term: 1))
        #expect(effects.outgoing == ["COORDINATOR (epoch 1) to all"])
        #expect(node.pendingTimers == [.heartbeat: settings.heartbeatInterval])
        #expect(effects.events.map(\.message)
            == ["no answer from a higher node within 50 ms: I am the leader (epoch 1)"])
    }

    @Test func answer_standsDownAndWaitsForCoordinator() {
        var node = BullyHarness(3)
        node.start()
        let effects = node.receive(.answer, from: 5)

        // Still electing, still leaderless, but now waiting for the winner to announce.
        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 0))
        #expect(node.node.electionStage == .waitingForCoordinator)
        #expect(effects.outgoing.isEmpty)
        #expect(node.pendingTimers == [.coordinatorTimeout: settings.coordinatorTimeout])
        #expect(effects.eventKinds == [.answerReceived])
    }

    @Test func secondAnswer_changesNothing() {
        var node = BullyHarness(3)
        node.start()
        node.receive(.answer, from: 5)
        let effects = node.receive(.answer, from: 4)
        #expect(effects.isEmpty)
        #expect(node.pendingTimers == [.coordinatorTimeout: settings.coordinatorTimeout])
    }

    @Test func answerThenNoCoordinator_restartsElection() {
        var node = BullyHarness(3)
        node.start()
        node.receive(.answer, from: 5)
        let effects = node.fire(.coordinatorTimeout)

        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 0))
        #expect(node.node.electionStage == .waitingForAnswer)
        #expect(effects.eventKinds == [.coordinatorMissing, .electionStarted])
        #expect(effects.outgoing == ["ELECTION to 4", "ELECTION to 5"])
        #expect(node.pendingTimers == [.answerTimeout: settings.answerTimeout])
    }

    @Test func answerThenCoordinator_followsTheWinner() {
        var node = BullyHarness(3)
        node.start()
        node.receive(.answer, from: 5)
        let effects = node.receive(.coordinator(epoch: 4), from: 5)

        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 4))
        #expect(effects.eventKinds == [.leaderChanged])
        #expect(effects.outgoing.isEmpty)
        #expect(node.pendingTimers == [.leaderTimeout: settings.failureTimeout])
    }

    @Test func coordinatorBeforeAnswer_isFollowedAndTheLateAnswerIgnored() {
        var node = BullyHarness(3)
        node.start()
        node.receive(.coordinator(epoch: 1), from: 5)
        let late = node.receive(.answer, from: 5)

        #expect(late.isEmpty)
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
        #expect(node.pendingTimers == [.leaderTimeout: settings.failureTimeout])
    }

    // MARK: - The election at the higher node

    @Test func electionFromLower_isAnsweredAndStartsOwnElection() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.receive(.election, from: 2)

        #expect(effects.outgoing == ["ANSWER to 2", "ELECTION to 4", "ELECTION to 5"])
        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 1))
        #expect(effects.eventKinds == [.electionAnswered, .electionStarted])
        #expect(node.pendingTimers == [.answerTimeout: settings.answerTimeout])
    }

    @Test func electionFromLower_duringOwnElection_isOnlyAnswered() {
        var node = BullyHarness(3)
        node.start()
        node.now = node.now + .milliseconds(20)
        let effects = node.receive(.election, from: 1)

        #expect(effects.outgoing == ["ANSWER to 1"])
        // The running election keeps its deadline: no timer is moved.
        #expect(effects.timersSet.isEmpty)
        #expect(node.status.role == .candidate)
    }

    @Test func electionFromLower_atTheLeader_isAnsweredWithCoordinator() {
        var node = BullyHarness.leading(as: 5)
        let effects = node.receive(.election, from: 2)

        #expect(effects.outgoing == ["ANSWER to 2", "COORDINATOR (epoch 1) to 2"])
        #expect(node.status == NodeStatus(id: 5, role: .leader, leader: 5, term: 1))
        #expect(node.pendingTimers == [.heartbeat: settings.heartbeatInterval])
    }

    @Test func electionFromHigher_isIgnoredWithAHint() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.receive(.election, from: 4)
        #expect(effects.outgoing.isEmpty)
        #expect(effects.eventKinds == [.note])
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
    }

    // MARK: - Leaders, heartbeats and failure detection

    @Test func leader_heartbeatsEveryInterval() {
        var node = BullyHarness.leading(as: 5)
        for _ in 0..<3 {
            let effects = node.fire(.heartbeat)
            #expect(effects.outgoing == ["HEARTBEAT (epoch 1) to all"])
            #expect(effects.events.isEmpty)
        }
        #expect(node.pendingTimers == [.heartbeat: settings.heartbeatInterval])
        #expect(node.now == .start + settings.heartbeatInterval * 3)
    }

    @Test func heartbeatFromLeader_onlyResetsTheFailureTimer() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.receive(.heartbeat(epoch: 1), from: 5)
        #expect(effects.count == 1)
        #expect(effects.timersSet == [.leaderTimeout: settings.failureTimeout])
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
    }

    @Test func heartbeatTimeout_startsElection() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.fire(.leaderTimeout)

        #expect(effects.eventKinds == [.leaderLost, .electionStarted])
        #expect(effects.events.first?.message
            == "heard nothing from leader 5 for 200 ms: presuming it crashed")
        #expect(effects.outgoing == ["ELECTION to 4", "ELECTION to 5"])
        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 1))
        #expect(node.pendingTimers == [.answerTimeout: settings.answerTimeout])
    }

    @Test func failover_newLeaderAnnouncesHighestSeenEpochPlusOne() {
        var node = BullyHarness.following(5, as: 4, epoch: 6)
        node.fire(.leaderTimeout)
        let effects = node.fire(.answerTimeout)

        #expect(effects.outgoing == ["COORDINATOR (epoch 7) to all"])
        #expect(node.status == NodeStatus(id: 4, role: .leader, leader: 4, term: 7))
        #expect(node.fire(.heartbeat).outgoing == ["HEARTBEAT (epoch 7) to all"])
    }

    @Test func heartbeatFromHigher_isFollowedLikeACoordinator() {
        var node = BullyHarness(3)
        node.start()
        let effects = node.receive(.heartbeat(epoch: 2), from: 4)
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 4, term: 2))
        #expect(effects.eventKinds == [.leaderChanged])
    }

    @Test func coordinatorFromHigher_makesTheLeaderStepDown() {
        var node = BullyHarness.following(5, as: 4, epoch: 2)
        node.fire(.leaderTimeout)
        node.fire(.answerTimeout)
        #expect(node.status.role == .leader)

        // Node 5 is back and announces itself: 4 stops heartbeating and follows.
        let effects = node.receive(.coordinator(epoch: 1), from: 5)
        // Its status shows the epoch of the leadership it now follows; it remembers the 3.
        #expect(node.status == NodeStatus(id: 4, role: .follower, leader: 5, term: 1))
        #expect(node.node.epoch == 3)
        #expect(effects.eventKinds == [.becameFollower])
        #expect(node.pendingTimers == [.leaderTimeout: settings.failureTimeout])
        // Its epoch 1 is behind the 3 node 4 knows: said in the log, followed anyway.
        #expect(effects.events.first?.message.contains("restarted and lost count") == true)
    }

    @Test func coordinatorFromLower_bulliesBack() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.receive(.coordinator(epoch: 2), from: 2)

        #expect(effects.eventKinds == [.lowerLeaderChallenged, .electionStarted])
        #expect(effects.outgoing == ["ELECTION to 4", "ELECTION to 5"])
        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 2))
    }

    @Test func heartbeatFromLower_atTheHighestNode_reclaimsLeadershipInANewEpoch() {
        var node = BullyHarness.leading(as: 5)
        let effects = node.receive(.heartbeat(epoch: 3), from: 2)

        #expect(effects.eventKinds == [.lowerLeaderChallenged, .becameLeader])
        #expect(effects.outgoing == ["COORDINATOR (epoch 4) to all"])
        #expect(node.status == NodeStatus(id: 5, role: .leader, leader: 5, term: 4))
    }

    @Test func staleClaimFromLower_atTheLeader_remindsItsSenderWithoutANewEpoch() {
        var node = BullyHarness.leading(as: 5)
        node.receive(.heartbeat(epoch: 3), from: 2)  // a rival leadership: epoch 4 answers it
        let effects = node.receive(.heartbeat(epoch: 3), from: 2)  // a late copy of the same

        #expect(effects.eventKinds == [.lowerLeaderChallenged])
        #expect(effects.outgoing == ["COORDINATOR (epoch 4) to 2"])
        #expect(node.status == NodeStatus(id: 5, role: .leader, leader: 5, term: 4))
    }

    @Test func claimFromLower_duringOwnElection_isLeftToThatElection() {
        var node = BullyHarness(3)
        node.start()
        let effects = node.receive(.coordinator(epoch: 1), from: 1)
        #expect(effects.isEmpty)
        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 1))
        #expect(node.pendingTimers == [.answerTimeout: settings.answerTimeout])
    }

    // MARK: - Stale timers, strangers, hints and stopping

    @Test func staleTimers_doNothing() {
        var node = BullyHarness.following(5, as: 3)
        for timer in [TimerID.heartbeat, .answerTimeout, .coordinatorTimeout, TimerID("unknown")] {
            #expect(node.handle(.timerFired(timer)).isEmpty)
        }
        var leader = BullyHarness.leading(as: 5)
        #expect(leader.handle(.timerFired(.leaderTimeout)).isEmpty)
    }

    @Test func messagesFromOutsideTheMembership_areIgnoredAndReportedOnce() {
        var node = BullyHarness.following(5, as: 3)
        let first = node.receive(.coordinator(epoch: 9), from: 9)
        let second = node.receive(.heartbeat(epoch: 9), from: 9)

        #expect(first.eventKinds == [.note])
        #expect(first.events.first?.message.contains("--nodes") == true)
        #expect(second.isEmpty)
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
    }

    @Test func peerUnreachable_isIgnored() {
        var node = BullyHarness.following(5, as: 3)
        #expect(node.handle(.peerUnreachable(5)).isEmpty)
        #expect(node.status.leader == 5)
    }

    @Test(arguments: [true, false])
    func stop_cancelsTimersAndSilencesTheNode(graceful: Bool) {
        var node = BullyHarness.leading(as: 5)
        let effects = node.handle(.stop(graceful: graceful))

        #expect(effects.outgoing.isEmpty)
        #expect(effects.timersCancelled
            == [.heartbeat, .leaderTimeout, .answerTimeout, .coordinatorTimeout])
        #expect(effects.eventKinds == [.nodeStopped])
        #expect(node.pendingTimers.isEmpty)
        #expect(node.node.isStopped)

        let inputs: [Input<BullyMessage>] = [
            .start, .receive(.election, from: 1), .receive(.coordinator(epoch: 9), from: 2),
            .timerFired(.heartbeat), .peerUnreachable(1), .stop(graceful: true),
        ]
        for input in inputs {
            #expect(node.handle(input).isEmpty)
        }
    }

    @Test func restartedHighestNode_takesLeadershipBack() {
        // Node 4 led while 5 was down; 5 restarts as a fresh instance and holds an election.
        var four = BullyHarness.following(5, as: 4, epoch: 2)
        four.fire(.leaderTimeout)
        four.fire(.answerTimeout)

        var five = BullyHarness(5)
        let announcement = five.start()
        #expect(announcement.outgoing == ["COORDINATOR (epoch 1) to all"])

        four.receive(.coordinator(epoch: 1), from: 5)
        #expect(four.status.leader == 5)
        #expect(five.status.leader == 5)
    }
}
