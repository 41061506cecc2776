import Election
import ElectionSimulation
@testable import Raft

/// One seeded chaos run of a Raft cluster in the simulator: random faults for about two
/// seconds of virtual time (crashes, restarts, partitions, pauses, slow nodes and, when
/// asked, graceful stops of leaders and followers), then the faults stop and a leader must be agreed on. Every step
/// is checked by `RaftCluster`: at most one leader per term, no term going back, and no
/// term created except by a candidate (so no pre-vote ever raised one).
struct RaftChaosRun {
    /// How long a healthy cluster may take to agree on a leader, from a cold start or from
    /// the moment faults stop. Justification, with the default settings: within one maximum
    /// election timeout (250 ms) some node times out; its election takes a round trip of a
    /// few milliseconds and fails only if another node times out inside that window (a split
    /// vote, a few percent of rounds with timeouts spread over 100 ms); the new leader's
    /// first heartbeat tells everyone at once. Ten maximum election timeouts leave room for
    /// about nine split votes in a row, which practically never happens.
    static let agreementBound = RaftSettings().electionTimeoutMax * 10

    var seed: UInt64
    var settings = RaftSettings.textbook
    /// Graceful stops are one more kind of fault; off, the script is the one the textbook
    /// chaos test has always run, so its seeds replay unchanged.
    var gracefulStops = false

    struct Outcome {
        var safetyViolations: [String]
        /// From the end of the faults to an agreed leader; `nil` if that took too long.
        var recovery: Duration?
        var finalStatuses: [NodeStatus]
        /// How many terms had a leader.
        var termsLed: Int
        /// Every "became candidate" story, to check why each election started.
        var electionStories: [String]
    }

    func run() -> Outcome {
        var script = SeededRandom(seed: seed ^ 0xC4A0_5EED)  // the faults' own generator
        let size = 3 + Int(seed % 3)
        let network = LinkConditions(
            baseDelay: script.duration(from: .milliseconds(1), below: .milliseconds(5)),
            jitter: script.duration(from: .zero, below: .milliseconds(10)),
            lossProbability: Double(script.next() % 20) / 100,
            duplicationProbability: Double(script.next() % 10) / 100)
        let settings = self.settings
        let cluster = RaftCluster(size: size, seed: seed, network: network, recordsTrace: false,
                                  settings: { _ in settings })
        let simulator = cluster.simulator
        var electionStories: [String] = []
        simulator.onEffects = { _, _, effects in
            for case .log(let event) in effects where event.kind == .electionStarted {
                electionStories.append(event.message)
            }
        }
        let members = simulator.members
        simulator.startAll()

        // 1. Faults: a random action every 20-150 ms.
        let kinds: UInt64 = gracefulStops ? 9 : 8
        for _ in 0..<20 {
            simulator.run(for: script.duration(from: .milliseconds(20), below: .milliseconds(150)))
            let node = members[Int(script.next() % UInt64(size))]
            switch script.next() % kinds {
            case 0: simulator.crash(node)
            case 1: simulator.restart(node)
            case 2:
                let cut = 1 + Int(script.next() % UInt64(size - 1))
                let shuffled = members.shuffled(using: &script)
                simulator.partition([Array(shuffled[..<cut]), Array(shuffled[cut...])])
            case 3: simulator.heal()
            case 4: simulator.pause(node)
            case 5: simulator.resume(node)
            case 6:
                simulator.setSlowNode(node, extraDelay: script.duration(from: .zero,
                                                                        below: .milliseconds(200)))
            case 8:
                // The leader half the time, since that is the stop that hands over; else any
                // node, most often a follower, which says it is leaving.
                let leaderFirst = script.next() % 2 == 0
                simulator.stop(leaderFirst ? simulator.agreedLeader ?? node : node, graceful: true)
            default: break  // a quiet spell
            }
        }

        // 2. Faults stop: the network heals and turns clean, hung nodes wake up, and all but
        //    at most a minority of the crashed nodes come back.
        simulator.heal()
        simulator.setNetwork(LinkConditions())
        for node in members {
            simulator.setSlowNode(node, extraDelay: .zero)
            simulator.resume(node)
        }
        var mayStayDown = (size - 1) / 2
        for node in members where !simulator.isRunning(node) {
            if mayStayDown > 0 && script.chance(0.5) {
                mayStayDown -= 1
            } else {
                simulator.restart(node)
            }
        }
        let faultsStopped = simulator.now
        let recovered = simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
        return Outcome(safetyViolations: cluster.safetyViolations,
                       recovery: recovered ? simulator.now - faultsStopped : nil,
                       finalStatuses: simulator.runningStatuses,
                       termsLed: cluster.termsLedSince(0),
                       electionStories: electionStories)
    }
}
