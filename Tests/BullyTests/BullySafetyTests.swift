import Election
import ElectionSimulation
import Testing
@testable import Bully

/// Seeded fault runs over every combination of the options beyond the textbook: crashes,
/// restarts, graceful and forced stops, pauses, partitions, slow nodes and a lossy, reordering network
/// for two seconds, then the faults stop and the cluster must settle on exactly one leader
/// (in classic, the highest running id) and keep it. A failure names its seed; the run
/// replays exactly from it.
@Suite struct BullySafetyTests {
    struct Options: CustomTestStringConvertible, Sendable {
        var fastDetect: Bool
        var handOver: Bool
        var variant: BullyVariant

        var settings: BullySettings {
            var settings = BullySettings.textbook
            settings.fastDetect = fastDetect
            settings.handOver = handOver
            settings.variant = variant
            return settings
        }

        var testDescription: String {
            "\(variant), fastDetect \(fastDetect ? "on" : "off"), handOver \(handOver ? "on" : "off")"
        }

        static let all: [Options] = [false, true].flatMap { fastDetect in
            [false, true].flatMap { handOver in
                BullyVariant.allCases.map { Options(fastDetect: fastDetect, handOver: handOver, variant: $0) }
            }
        }
    }

    static let seedsPerCombination: UInt64 = 200
    static let faultDuration = Duration.seconds(2)
    static let slowestExtraDelay = Duration.milliseconds(150)
    /// Generous: after a heal, a node may have to notice silence, listen (sticky), elect and
    /// be challenged once more. The point is that it settles, not how fast.
    static let settleBound = Duration.seconds(3)
    /// Longer than the chaos campaign's 900 ms watch of a recovered cluster.
    static let recoveredWatch = Duration.seconds(1)

    @Test(arguments: Options.all)
    func afterFaultsStop_exactlyOneLeader(options: Options) {
        var failures: [String] = []
        for seed in 1...Self.seedsPerCombination {
            if let failure = run(seed: seed, options.settings) { failures.append(failure) }
        }
        let summary = "\(failures.count) of \(Self.seedsPerCombination) seeds: "
            + failures.prefix(3).joined(separator: " | ")
        #expect(failures.isEmpty, "\(summary)")
    }

    /// One seeded run; a sentence saying what went wrong, or nil.
    private func run(seed: UInt64, _ settings: BullySettings) -> String? {
        var script = SeededRandom(seed: seed ^ 0xB011_5AFE)
        let network = LinkConditions(baseDelay: script.duration(from: .milliseconds(1), below: .milliseconds(4)),
                                     jitter: script.duration(from: .zero, below: .milliseconds(6)),
                                     lossProbability: Double(script.next() % 10) / 100,
                                     duplicationProbability: Double(script.next() % 5) / 100)
        let members = (1...5).map { NodeID($0) }
        let simulator = Simulator<BullyNode>(
            members: members, options: SimulationOptions(seed: seed, network: network, recordsTrace: false),
            settings: { _ in settings })
        simulator.startAll()

        var faults = RandomFaults(random: script, menu: Self.faultMenu, slowestExtraDelay: Self.slowestExtraDelay)
        faults.run(on: simulator, for: Self.faultDuration, gapsFrom: .milliseconds(10), below: .milliseconds(120))
        script = faults.random

        // The faults stop: the network heals and turns clean, hung nodes wake, and every
        // node that is down comes back except maybe one (Bully needs no majority).
        simulator.heal()
        simulator.setNetwork(LinkConditions())
        for node in members { simulator.setSlowNode(node, extraDelay: .zero) }
        // Messages still crawling over a slow link are part of the faults: let them land
        // (one from a crashed node's last life could otherwise depose a settled leader).
        simulator.run(for: Self.slowestExtraDelay + .milliseconds(20))
        var mayStayDown = 1
        for node in members {
            simulator.resume(node)
            guard !simulator.isRunning(node) else { continue }
            if mayStayDown > 0 && script.chance(0.5) { mayStayDown -= 1 } else { simulator.restart(node) }
        }
        let highestRunning = members.last { simulator.isRunning($0) }
        let settled: (Simulator<BullyNode>) -> Bool = { simulator in
            guard let leader = simulator.agreedLeader else { return false }
            return settings.variant == .sticky || leader == highestRunning
        }
        guard simulator.run(until: settled, timeout: Self.settleBound) else {
            return "seed \(seed): not settled \(Self.settleBound) after the faults stopped: "
                + simulator.runningStatuses.map(\.description).joined(separator: "; ")
        }
        let leader = simulator.agreedLeader
        // Held to it at every millisecond of the watch, not only at its end: in classic, a
        // lower node leading even for one round trip (stale news acted on) is split brain.
        let watchEnd = simulator.now + Self.recoveredWatch
        while simulator.now < watchEnd {
            simulator.run(for: .milliseconds(1))
            let lowerLeaders = simulator.runningStatuses.filter { $0.isLeader && $0.id != highestRunning }
            if settings.variant == .classic, !lowerLeaders.isEmpty {
                return "seed \(seed): after settling on \(leader.map(String.init(describing:)) ?? "none"), "
                    + "at \(simulator.now) a lower node leads: "
                    + simulator.runningStatuses.map(\.description).joined(separator: "; ")
            }
        }
        guard simulator.agreedLeader == leader, simulator.runningStatuses.filter(\.isLeader).count == 1 else {
            return "seed \(seed): settled on \(leader.map(String.init(describing:)) ?? "none") but did not stay: "
                + simulator.runningStatuses.map(\.description).joined(separator: "; ")
        }
        return nil
    }

    /// Every fault, graceful and forced stops included (the hand-over's LEAVING and the HELLO
    /// that follows a restart), restarts twice as likely so the cluster keeps coming back.
    static let faultMenu: [RandomFaults.Fault] = [
        .crash, .gracefulStop, .forcedStop, .restart, .restart, .partition, .heal, .pause, .resume, .slowDown, .quiet,
    ]
}
