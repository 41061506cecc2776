import Election
import Testing
@testable import Bully

/// `BullySettings.handOver`: a node stopped gracefully says LEAVING, so nobody waits a
/// timeout for it. Receivers act on LEAVING whatever their own setting.
@Suite struct BullyHandOverTests {
    static let on: BullySettings = {
        var settings = BullySettings.textbook
        settings.handOver = true
        return settings
    }()
    static let off = BullySettings.textbook

    @Test func leaderStop_on_broadcastsLeaving() {
        var node = BullyHarness.leading(as: 5, settings: Self.on)
        let effects = node.handle(.stop(graceful: true))

        #expect(effects.outgoing == ["LEAVING (life \(node.node.life)) to all"])
        #expect(effects.eventKinds == [.nodeStopped])
        #expect(effects.events.first?.message.contains("the highest remaining one takes over") == true)
        #expect(node.pendingTimers.isEmpty)
    }

    @Test(arguments: [true, false])
    func leaderStop_off_orForced_saysNothing(graceful: Bool) {
        var node = BullyHarness.leading(as: 5, settings: graceful ? Self.off : Self.on)
        let effects = node.handle(.stop(graceful: graceful))
        #expect(effects.outgoing.isEmpty)
        #expect(effects.eventKinds == [.nodeStopped])
    }

    @Test func followerStop_on_tellsItsPeersToo() {
        var node = BullyHarness.following(5, as: 3, settings: Self.on)
        let effects = node.handle(.stop(graceful: true))
        #expect(effects.outgoing == ["LEAVING (life \(node.node.life)) to all"])
        #expect(effects.events.first?.message.contains("no election waits for me") == true)
    }

    @Test func leaderLeaves_theHighestRemainingLeadsAtOnce() {
        var node = BullyHarness.following(5, as: 4)
        let effects = node.receive(.leaving(life: 1), from: 5)

        #expect(node.status == NodeStatus(id: 4, role: .leader, leader: 4, term: 2))
        #expect(effects.outgoing == ["COORDINATOR (epoch 2) to all"])
        #expect(effects.eventKinds == [.becameLeader])
        #expect(node.pendingTimers == [.heartbeat: Self.off.heartbeatInterval])
    }

    @Test func leaderLeaves_theOthersWaitForTheSuccessor() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.receive(.leaving(life: 1), from: 5)

        #expect(effects.outgoing.isEmpty)
        #expect(effects.events.map(\.message)
            == ["leader 5 is leaving: waiting up to 200 ms for node 4, the highest remaining, to take over"])
        #expect(effects.eventKinds == [.becameCandidate])
        #expect(node.status == NodeStatus(id: 3, role: .candidate, leader: nil, term: 1))
        #expect(node.node.electionStage == .waitingForCoordinator)
        #expect(node.pendingTimers == [.coordinatorTimeout: Self.off.coordinatorTimeout])

        node.receive(.coordinator(epoch: 2), from: 4)
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 4, term: 2))
    }

    @Test func leaderLeaves_andTheSuccessorNeverSpeaks_theElectionStartsOver() {
        var node = BullyHarness.following(5, as: 3)
        node.receive(.leaving(life: 1), from: 5)
        let effects = node.fire(.coordinatorTimeout)
        #expect(effects.eventKinds == [.coordinatorMissing, .electionStarted])
        #expect(effects.outgoing == ["ELECTION to 4", "ELECTION to 5"])
        #expect(node.pendingTimers == [.answerTimeout: Self.off.answerTimeout])
    }

    @Test func leavingHigherNodes_endAnElectionWithoutTheAnswerTimeout() {
        var node = BullyHarness(3)
        node.start()
        node.receive(.leaving(life: 1), from: 4)
        #expect(node.status.role == .candidate)
        let effects = node.receive(.leaving(life: 1), from: 5)
        #expect(effects.outgoing == ["COORDINATOR (epoch 1) to all"])
        #expect(node.status == NodeStatus(id: 3, role: .leader, leader: 3, term: 1))
    }

    @Test func aFollowerLeaving_isOnlyRemembered() {
        var node = BullyHarness.following(5, as: 3)
        let effects = node.receive(.leaving(life: 1), from: 4)
        #expect(effects.outgoing.isEmpty)
        #expect(effects.eventKinds == [.peerKnownDown])
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
        #expect(node.node.knownDown == [4])

        // So when the leader goes, node 3 is the highest remaining and leads at once.
        node.receive(.leaving(life: 1), from: 5)
        #expect(node.status == NodeStatus(id: 3, role: .leader, leader: 3, term: 2))
    }

    @Test func aLeavingMark_lastsUntilThePeerSpeaksAgain() {
        var node = BullyHarness.following(5, as: 3)
        node.receive(.leaving(life: 1), from: 4)
        node.now = node.now + .seconds(60)
        node.receive(.heartbeat(epoch: 1), from: 5)
        #expect(node.node.knownDown == [4])
        node.receive(.answer, from: 4)  // it is back
        #expect(node.node.knownDown.isEmpty)
    }

    @Test(arguments: [(false, false), (true, false), (false, true)])
    func start_saysHello_whenPeersMayHoldTheNodeForDown(handOver: Bool, fastDetect: Bool) {
        var settings = BullySettings()
        settings.handOver = handOver
        settings.fastDetect = fastDetect
        var node = BullyHarness(3, settings: settings)
        let effects = node.start()
        let hello = handOver || fastDetect ? ["HELLO (life \(node.node.life)) to all"] : []
        #expect(effects.outgoing == hello + ["ELECTION to 4", "ELECTION to 5"])
    }

    @Test func hello_clearsALeavingMark_andNothingElse() {
        var node = BullyHarness.following(5, as: 3)
        node.receive(.leaving(life: 1), from: 4)
        let effects = node.receive(.hello(life: 1), from: 4)
        #expect(effects.isEmpty)
        #expect(node.node.knownDown.isEmpty)
        #expect(node.status == NodeStatus(id: 3, role: .follower, leader: 5, term: 1))
        // So when the leader leaves, node 3 waits for node 4 instead of leading beside it.
        node.receive(.leaving(life: 1), from: 5)
        #expect(node.status.role == .candidate)
        #expect(node.pendingTimers == [.coordinatorTimeout: Self.off.coordinatorTimeout])
    }
}
