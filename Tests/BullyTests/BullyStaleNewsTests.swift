import Election
import ElectionSimulation
import Testing
@testable import Bully

/// News that a peer is down can come late, after the peer has come back: at the shipped
/// defaults (fast detection and hand-over) acting on it let a lower node lead beside the
/// highest for a round trip, which seeded chaos found. Each race by hand.
@Suite struct BullyStaleNewsTests {
    /// Race (a), in the simulator: node 2's HELLO to node 3, which is down, is refused, and the
    /// refusal crawls back over a slow link (which then turns fast). Meanwhile node 3 starts,
    /// says HELLO and leads, and node 2 follows it. The refusal, about node 3's process
    /// before, must not make node 2 believe its leader died: it would lead at once, every
    /// higher node looking down.
    @Test func aRefusalFromBeforeTheLeaderRestarted_doesNotMakeALowerNodeLead() {
        let simulator = Simulator<BullyNode>(members: [1, 2, 3], options: SimulationOptions(seed: 3),
                                             settings: { _ in BullyNode.defaultSettings })
        simulator.setLink(from: 3, to: 2, LinkConditions(baseDelay: .milliseconds(100)))
        simulator.start(1)
        simulator.start(2)  // its connect to node 3 is refused at 1 ms; node 2 hears so at 101 ms
        simulator.at(.start + .milliseconds(10)) { simulator in
            simulator.setLink(from: 3, to: 2, LinkConditions())
            simulator.start(3)
        }
        // Node 3's COORDINATOR reaches the others over 1 ms links, long before the refusal.
        #expect(simulator.run(until: { $0.agreedLeader == 3 }, timeout: .milliseconds(50)))
        var lowerLeader: (node: NodeID, at: Instant)?
        simulator.onTransition = { time, _, after in
            if after.isLeader, after.id != 3, lowerLeader == nil { lowerLeader = (after.id, time) }
        }
        simulator.run(for: .milliseconds(400))

        #expect(lowerLeader == nil, "node \(lowerLeader?.node ?? 0) led below node 3 at \(lowerLeader.map { "\($0.at)" } ?? "")")
        #expect(simulator.agreedLeader == 3)
        #expect(simulator.node(2)?.knownDown.isEmpty == true)
    }

    /// Race (b): node 5 stopped gracefully and started again; its old process's LEAVING
    /// reaches node 4 after the new process's HELLO and COORDINATOR. Handing over on it would
    /// make node 4 lead beside node 5.
    @Test func aLeavingFromTheLeadersEarlierLife_isIgnored() {
        var node = BullyHarness.following(5, as: 4, settings: .production)
        node.receive(.hello(life: 2), from: 5)
        node.receive(.coordinator(epoch: 2), from: 5)
        let effects = node.receive(.leaving(life: 1), from: 5)

        #expect(effects.outgoing.isEmpty)
        #expect(effects.eventKinds == [.note])
        #expect(effects.events.first?.message.contains("earlier process (life 1)") == true)
        #expect(node.status == NodeStatus(id: 4, role: .follower, leader: 5, term: 2))
        #expect(node.node.knownDown.isEmpty)

        // The new process's own LEAVING hands over as usual.
        node.receive(.leaving(life: 2), from: 5)
        #expect(node.status == NodeStatus(id: 4, role: .leader, leader: 4, term: 3))
    }

    /// A sender from before lives (life 0) is taken at its word, as before.
    @Test func aLeavingThatSaysNoLife_isTaken() {
        var node = BullyHarness.following(5, as: 4, settings: .production)
        node.receive(.hello(life: 2), from: 5)
        node.receive(.leaving(life: 0), from: 5)
        #expect(node.status.role == .leader)
    }

    /// Every process draws its own life, from its generator: the restarted node's LEAVING is
    /// told from its predecessor's.
    @Test func eachProcessDrawsItsOwnLife() {
        var source = SeededRandom(seed: 11)
        let lives = (1...20).map { _ in
            BullyNode(id: 5, members: [1, 2, 3, 4, 5], settings: .production, random: source.split(),
                      durable: nil).life
        }
        #expect(Set(lives).count == lives.count)
        #expect(lives.allSatisfy { (1...BullyMessage.largestLife).contains($0) })
    }

    /// The successor's COORDINATOR overtook the old leader's last HEARTBEAT and LEAVING (they
    /// come on different connections): the node follows the successor at once instead of
    /// waiting a coordinator timeout for an announcement it already had.
    @Test func aSuccessorThatAnnouncedBeforeTheLeaving_isFollowedAtOnce() {
        var node = BullyHarness.following(5, as: 1, epoch: 2, settings: .production)
        node.receive(.coordinator(epoch: 3), from: 4)
        node.receive(.heartbeat(epoch: 2), from: 5)  // sent by node 5 before it stopped
        #expect(node.status.leader == 5)
        let effects = node.receive(.leaving(life: 1), from: 5)

        #expect(effects.outgoing.isEmpty)
        #expect(node.status == NodeStatus(id: 1, role: .follower, leader: 4, term: 3))
        #expect(node.pendingTimers[.leaderTimeout] == BullySettings.production.failureTimeout)
        #expect(node.pendingTimers[.coordinatorTimeout] == nil)
    }
}
