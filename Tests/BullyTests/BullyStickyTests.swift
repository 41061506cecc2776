import Election
import Testing
@testable import Bully

/// `BullySettings.variant = .sticky`: a healthy leader keeps its place. Each rule is shown
/// in sticky and, beside it, what classic does instead.
@Suite struct BullyStickyTests {
    static let sticky: BullySettings = {
        var settings = BullySettings.textbook
        settings.variant = .sticky
        return settings
    }()
    static let classic = BullySettings.textbook

    @Test func start_sticky_listensBeforeSpeaking() {
        var node = BullyHarness(5, settings: Self.sticky)
        let effects = node.start()

        #expect(effects.outgoing.isEmpty)
        #expect(effects.eventKinds == [.listeningForLeader])
        #expect(node.status == NodeStatus(id: 5, role: .follower, leader: nil, term: 0))
        #expect(node.pendingTimers == [.leaderTimeout: Self.sticky.failureTimeout])
    }

    @Test func returningHighestNode_sticky_followsTheLowerLeaderItHears() {
        var node = BullyHarness(5, settings: Self.sticky)
        node.start()
        let effects = node.receive(.heartbeat(epoch: 3), from: 4)

        #expect(node.status == NodeStatus(id: 5, role: .follower, leader: 4, term: 3))
        #expect(effects.outgoing.isEmpty)
        #expect(node.pendingTimers == [.leaderTimeout: Self.sticky.failureTimeout])
        // Its heartbeats keep it followed.
        #expect(node.receive(.heartbeat(epoch: 3), from: 4).outgoing.isEmpty)
        #expect(node.status.leader == 4)
    }

    @Test func returningHighestNode_classic_takesOver() {
        var node = BullyHarness(5, settings: Self.classic)
        #expect(node.start().outgoing == ["COORDINATOR (epoch 1) to all"])
        let effects = node.receive(.heartbeat(epoch: 3), from: 4)
        #expect(effects.outgoing == ["COORDINATOR (epoch 4) to all"])
        #expect(node.status == NodeStatus(id: 5, role: .leader, leader: 5, term: 4))
    }

    @Test func start_sticky_silence_thenTheUsualElection() {
        var five = BullyHarness(5, settings: Self.sticky)
        five.start()
        #expect(five.fire(.leaderTimeout).outgoing == ["COORDINATOR (epoch 1) to all"])
        #expect(five.status.role == .leader)

        var three = BullyHarness(3, settings: Self.sticky)
        three.start()
        #expect(three.fire(.leaderTimeout).outgoing == ["ELECTION to 4", "ELECTION to 5"])
        #expect(three.pendingTimers == [.answerTimeout: Self.sticky.answerTimeout])
    }

    @Test func electionFromLower_sticky_followerAnswersButKeepsItsLeader() {
        var node = BullyHarness.following(4, as: 5, settings: Self.sticky)
        let effects = node.receive(.election, from: 2)

        #expect(effects.outgoing == ["ANSWER to 2"])
        #expect(effects.eventKinds == [.electionAnswered])
        #expect(node.status == NodeStatus(id: 5, role: .follower, leader: 4, term: 1))
        #expect(node.pendingTimers == [.leaderTimeout: Self.sticky.failureTimeout])
    }

    @Test func electionFromLower_classic_followerTakesTheElectionOver() {
        var node = BullyHarness.following(5, as: 3, settings: Self.classic)
        let effects = node.receive(.election, from: 2)
        #expect(effects.outgoing == ["ANSWER to 2", "ELECTION to 4", "ELECTION to 5"])
        #expect(node.status.role == .candidate)
    }

    @Test func candidate_sticky_joinsALowerLeaderItHears() {
        var node = BullyHarness.following(5, as: 4, settings: Self.sticky)
        node.fire(.leaderTimeout)
        #expect(node.status.role == .candidate)
        node.receive(.heartbeat(epoch: 2), from: 2)
        #expect(node.status == NodeStatus(id: 4, role: .follower, leader: 2, term: 2))
        #expect(node.pendingTimers == [.leaderTimeout: Self.sticky.failureTimeout])
    }

    @Test func candidate_classic_leavesALowerClaimToItsElection() {
        var node = BullyHarness.following(5, as: 4, settings: Self.classic)
        node.fire(.leaderTimeout)
        #expect(node.receive(.heartbeat(epoch: 2), from: 2).isEmpty)
        #expect(node.status.role == .candidate)
    }

    @Test func follower_sticky_ignoresAClaimBelowItsLeader_followsOneAbove() {
        var node = BullyHarness.following(3, as: 5, settings: Self.sticky)
        #expect(node.receive(.coordinator(epoch: 2), from: 2).isEmpty)
        #expect(node.status.leader == 3)
        node.receive(.coordinator(epoch: 2), from: 4)
        #expect(node.status == NodeStatus(id: 5, role: .follower, leader: 4, term: 2))
    }

    @Test func leaderChallengedByALowerClaim_sticky_announcesItselfAgain() {
        var node = BullyHarness.following(5, as: 4, settings: Self.sticky)
        node.fire(.leaderTimeout)
        node.fire(.answerTimeout)
        #expect(node.status == NodeStatus(id: 4, role: .leader, leader: 4, term: 2))

        // No ELECTION to node 5: it may be a follower that chose this leader.
        let effects = node.receive(.coordinator(epoch: 2), from: 2)
        #expect(effects.outgoing == ["COORDINATOR (epoch 3) to all"])
        #expect(effects.eventKinds == [.lowerLeaderChallenged, .becameLeader])
        #expect(node.status == NodeStatus(id: 4, role: .leader, leader: 4, term: 3))
    }

    @Test func leaderChallengedByALowerClaim_classic_holdsAnElection() {
        var node = BullyHarness.following(5, as: 4, settings: Self.classic)
        node.fire(.leaderTimeout)
        node.fire(.answerTimeout)
        let effects = node.receive(.coordinator(epoch: 2), from: 2)
        #expect(effects.outgoing == ["ELECTION to 5"])
        #expect(node.status.role == .candidate)
    }

    @Test func aHigherClaim_stillWinsInSticky() {
        var node = BullyHarness.following(3, as: 2, settings: Self.sticky)
        node.receive(.coordinator(epoch: 1), from: 5)
        #expect(node.status == NodeStatus(id: 2, role: .follower, leader: 5, term: 1))
    }
}
