import Election
import Testing
@testable import Bully

/// `BullySettings.fastDetect`: a closed connection (`.peerUnreachable`) counts as evidence
/// of a crash. Each rule is shown on, and shown doing nothing off.
@Suite struct BullyFastDetectTests {
    static let on: BullySettings = {
        var settings = BullySettings.textbook
        settings.fastDetect = true
        return settings
    }()
    static let off = BullySettings.textbook

    @Test func leaderHint_on_startsTheElectionAtOnce() {
        var node = BullyHarness.following(5, as: 3, settings: Self.on)
        let effects = node.handle(.peerUnreachable(5))

        #expect(effects.eventKinds == [.leaderLost, .electionStarted])
        #expect(effects.events.first?.message
            == "the connection to leader 5 closed: presuming it crashed (fast detection)")
        #expect(effects.outgoing == ["ELECTION to 4", "ELECTION to 5"])
        // Node 4 is not known down, so the election waits for its answer as usual.
        #expect(node.pendingTimers == [.answerTimeout: Self.on.answerTimeout])
        #expect(node.node.knownDown == [5])
    }

    @Test func leaderHint_off_isIgnored() {
        var node = BullyHarness.following(5, as: 3, settings: Self.off)
        #expect(node.handle(.peerUnreachable(5)).isEmpty)
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
        #expect(node.pendingTimers == [.leaderTimeout: Self.off.failureTimeout])
        #expect(node.node.knownDown.isEmpty)
    }

    @Test func leaderHint_on_atTheNextInLine_leadsWithoutWaitingForAnAnswer() {
        var node = BullyHarness.following(5, as: 4, settings: Self.on)
        let effects = node.handle(.peerUnreachable(5))

        #expect(node.status == NodeStatus(id: 4, role: .leader, leader: 4, term: 2))
        // Node 5 is still asked, in case the hint was wrong; nobody waits for it.
        #expect(effects.outgoing == ["ELECTION to 5", "COORDINATOR (epoch 2) to all"])
        #expect(node.pendingTimers == [.heartbeat: Self.on.heartbeatInterval])
        #expect(effects.eventKinds == [.leaderLost, .electionStarted, .becameLeader])
    }

    @Test func hintAboutAnotherPeer_onlyMarksIt() {
        var node = BullyHarness.following(5, as: 3, settings: Self.on)
        let effects = node.handle(.peerUnreachable(2))

        #expect(effects.outgoing.isEmpty)
        #expect(effects.eventKinds == [.peerKnownDown])
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
        #expect(node.pendingTimers == [.leaderTimeout: Self.on.failureTimeout])
        #expect(node.node.knownDown == [2])
    }

    @Test func hintsDuringAnElection_on_endItOnceEveryHigherNodeIsDown() {
        var node = BullyHarness(3, settings: Self.on)
        node.start()
        let first = node.handle(.peerUnreachable(4))
        #expect(first.outgoing.isEmpty)
        #expect(node.node.electionStage == .waitingForAnswer)

        let second = node.handle(.peerUnreachable(5))
        #expect(node.status == NodeStatus(id: 3, role: .leader, leader: 3, term: 1))
        #expect(second.outgoing == ["COORDINATOR (epoch 1) to all"])
        #expect(node.pendingTimers == [.heartbeat: Self.on.heartbeatInterval])
    }

    @Test func hintsDuringAnElection_off_leaveItToTheAnswerTimeout() {
        var node = BullyHarness(3, settings: Self.off)
        node.start()
        #expect(node.handle(.peerUnreachable(4)).isEmpty)
        #expect(node.handle(.peerUnreachable(5)).isEmpty)
        #expect(node.status.role == .candidate)
        #expect(node.pendingTimers == [.answerTimeout: Self.off.answerTimeout])
    }

    @Test func answeredNodeGoesDown_on_noCoordinatorIsAwaited() {
        var node = BullyHarness(3, settings: Self.on)
        node.start()
        node.receive(.answer, from: 5)
        node.handle(.peerUnreachable(4))
        #expect(node.node.electionStage == .waitingForCoordinator)

        node.handle(.peerUnreachable(5))
        #expect(node.status == NodeStatus(id: 3, role: .leader, leader: 3, term: 1))
        #expect(node.pendingTimers == [.heartbeat: Self.on.heartbeatInterval])
    }

    @Test func hearingFromAPeer_clearsItsMark() {
        var marked = BullyHarness.following(5, as: 3, settings: Self.on)
        marked.handle(.peerUnreachable(4))
        marked.handle(.peerUnreachable(5))
        // 4 and 5 both known down: node 3 led at once.
        #expect(marked.status.role == .leader)

        var cleared = BullyHarness.following(5, as: 3, settings: Self.on)
        cleared.handle(.peerUnreachable(4))
        cleared.receive(.answer, from: 4)  // a stray ANSWER, ignored, but node 4 is up after all
        #expect(cleared.node.knownDown.isEmpty)
        cleared.handle(.peerUnreachable(5))
        // Now the election waits for node 4's answer.
        #expect(cleared.status.role == .candidate)
        #expect(cleared.pendingTimers == [.answerTimeout: Self.on.answerTimeout])
    }

    @Test func aMarkIsTrustedForOneFailureTimeout() {
        var node = BullyHarness.following(5, as: 3, settings: Self.on)
        node.handle(.peerUnreachable(4))
        // Node 4 may have restarted since without a word to node 3 (it talks to 5 only).
        node.now = node.now + Self.on.failureTimeout
        #expect(node.node.knownDown == [4])  // as of the last input
        node.handle(.peerUnreachable(5))
        #expect(node.node.knownDown == [5])
        #expect(node.status.role == .candidate)
        #expect(node.pendingTimers == [.answerTimeout: Self.on.answerTimeout])
    }

    /// The hint must not depose a leader that still speaks: the node that acted on it
    /// follows the leader again as soon as it hears it, and the leader, hearing the
    /// announcement, takes its place back.
    @Test func wrongHint_theLeaderStillSpeaks_andKeepsItsPlace() {
        var four = BullyHarness.following(5, as: 4, settings: Self.on)
        var five = BullyHarness.leading(as: 5, settings: Self.on)
        let announcement = four.handle(.peerUnreachable(5))
        #expect(announcement.outgoing.contains("COORDINATOR (epoch 2) to all"))

        // The leader's next heartbeat reaches node 4: it follows 5 again.
        let heartbeat = five.fire(.heartbeat)
        #expect(heartbeat.outgoing == ["HEARTBEAT (epoch 1) to all"])
        four.receive(.heartbeat(epoch: 1), from: 5)
        #expect(four.status == NodeStatus(id: 4, role: .follower, leader: 5, term: 1))
        #expect(four.node.knownDown.isEmpty)

        // Node 5 hears the announcement and announces itself in a newer epoch.
        let answer = five.receive(.coordinator(epoch: 2), from: 4)
        #expect(answer.outgoing == ["COORDINATOR (epoch 3) to all"])
        #expect(five.status == NodeStatus(id: 5, role: .leader, leader: 5, term: 3))
        four.receive(.coordinator(epoch: 3), from: 5)
        #expect(four.status == NodeStatus(id: 4, role: .follower, leader: 5, term: 3))
    }

    @Test func hintAboutItselfOrAStranger_isIgnored() {
        var node = BullyHarness.following(5, as: 3, settings: Self.on)
        #expect(node.handle(.peerUnreachable(3)).isEmpty)
        #expect(node.handle(.peerUnreachable(9)).isEmpty)
        #expect(node.node.knownDown.isEmpty)
    }
}
