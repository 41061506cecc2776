import Election
import ElectionSimulation
import Testing
@testable import Bully

/// The Bully algorithm in the deterministic simulator: whole clusters, virtual time,
/// scripted crashes and partitions. Every run replays exactly from its seed, so a failure
/// here is reproduced by running the same test again.
@Suite struct BullySimulationTests {
    let settings = BullySettings.textbook

    /// A cluster of nodes 1...size with the textbook settings and a 1 ms network.
    private func cluster(_ size: Int, seed: UInt64 = 1,
                         network: LinkConditions = LinkConditions()) -> Simulator<BullyNode> {
        let settings = self.settings
        return Simulator<BullyNode>(
            members: (1...size).map { NodeID($0) },
            options: SimulationOptions(seed: seed, network: network),
            settings: { _ in settings })
    }

    /// Runs until every running node follows `leader`; fails the test (with the trace
    /// tail, for a learner to read) if that does not happen within `timeout`.
    private func expectAgreement(on leader: NodeID, in simulator: Simulator<BullyNode>,
                                 within timeout: Duration = .seconds(2),
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let agreed = simulator.run(until: { $0.agreedLeader == leader }, timeout: timeout)
        let statuses = simulator.runningStatuses.map(\.description).joined(separator: "; ")
        #expect(agreed, "no agreement on leader \(leader) by \(simulator.now): \(statuses)",
                sourceLocation: sourceLocation)
    }

    /// Every running node: the leader is `leader`, which alone reports `leader` as its role.
    private func expectEveryoneFollows(_ leader: NodeID, in simulator: Simulator<BullyNode>,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        for status in simulator.runningStatuses {
            #expect(status.leader == leader, "\(status)", sourceLocation: sourceLocation)
            #expect(status.role == (status.id == leader ? .leader : .follower), "\(status)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [3, 5])
    func coldStart_electsTheHighestID(size: Int) {
        let simulator = cluster(size)
        simulator.startAll()
        let highest = NodeID(size)
        expectAgreement(on: highest, in: simulator)

        // And it stays that way: heartbeats keep every follower's failure timer from firing.
        simulator.run(for: .seconds(1))
        #expect(simulator.agreedLeader == highest)
        expectEveryoneFollows(highest, in: simulator)
        #expect(simulator.runningStatuses.count == size)
    }

    @Test func leaderCrash_highestLiveIDTakesOver() {
        let simulator = cluster(5)
        simulator.startAll()
        expectAgreement(on: 5, in: simulator)
        simulator.run(for: .milliseconds(500))

        let crashedAt = simulator.now
        simulator.crash(5)
        expectAgreement(on: 4, in: simulator)
        expectEveryoneFollows(4, in: simulator)
        #expect(simulator.runningStatuses.map(\.id) == [1, 2, 3, 4])
        // Detection (failure timeout) plus node 4's own wait for an answer from 5, plus a
        // little network delay: the failover budget of the Bully algorithm.
        let budget = settings.failureTimeout + settings.answerTimeout + .milliseconds(20)
        #expect(simulator.now - crashedAt <= budget)
    }

    @Test func restartedHighestID_takesOverAgain() {
        let simulator = cluster(5)
        simulator.startAll()
        expectAgreement(on: 5, in: simulator)
        simulator.crash(5)
        expectAgreement(on: 4, in: simulator)
        simulator.run(for: .milliseconds(500))

        // The workshop's lesson: the returning highest id bullies its way back to the top,
        // interrupting a perfectly healthy leader.
        simulator.restart(5)
        expectAgreement(on: 5, in: simulator)
        expectEveryoneFollows(5, in: simulator)

        simulator.run(for: .seconds(1))
        #expect(simulator.agreedLeader == 5)
    }

    @Test func partition_splitBrain_thenHealToOneLeader() {
        let simulator = cluster(5)
        simulator.startAll()
        expectAgreement(on: 5, in: simulator)

        simulator.partition([[1, 2], [3, 4, 5]])
        // The minority side loses node 5's heartbeats and elects its own highest id.
        let split = simulator.run(until: { simulator in
            simulator.status(of: 1)?.leader == 2 && simulator.status(of: 2)?.role == .leader
        }, timeout: .seconds(2))
        #expect(split)

        // The lesson: two leaders at the same moment, each sure of itself. Nothing in the
        // Bully algorithm counts a majority, so nothing stops this.
        #expect(simulator.status(of: 2)?.isLeader == true)
        #expect(simulator.status(of: 5)?.isLeader == true)
        #expect(simulator.runningStatuses.filter(\.isLeader).map(\.id) == [2, 5])
        #expect(simulator.agreedLeader == nil)
        for follower: NodeID in [3, 4] {
            #expect(simulator.status(of: follower)?.leader == 5)
        }
        // It lasts as long as the partition does.
        simulator.run(for: .seconds(1))
        #expect(simulator.runningStatuses.filter(\.isLeader).map(\.id) == [2, 5])

        // Healing: node 2 hears the higher leader's heartbeats and gives way.
        simulator.heal()
        expectAgreement(on: 5, in: simulator)
        expectEveryoneFollows(5, in: simulator)
        simulator.run(for: .seconds(1))
        #expect(simulator.agreedLeader == 5)
    }

    @Test func sameSeed_sameTrace() {
        // Jitter and loss make the seed matter: every delay and drop is drawn from it.
        let network = LinkConditions(baseDelay: .milliseconds(2), jitter: .milliseconds(5),
                                     lossProbability: 0.05)
        func scriptedRun(seed: UInt64) -> String {
            let simulator = cluster(5, seed: seed, network: network)
            simulator.startAll()
            simulator.at(.start + .milliseconds(400)) { $0.crash(5) }
            simulator.at(.start + .milliseconds(900)) { $0.partition([[1, 2], [3, 4, 5]]) }
            simulator.at(.start + .milliseconds(1400)) { $0.heal() }
            simulator.at(.start + .milliseconds(1600)) { $0.restart(5) }
            simulator.run(for: .seconds(2))
            return simulator.traceText
        }
        let first = scriptedRun(seed: 42)
        #expect(!first.isEmpty)
        #expect(scriptedRun(seed: 42) == first)
        #expect(scriptedRun(seed: 43) != first)
    }
}
