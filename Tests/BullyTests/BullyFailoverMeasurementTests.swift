import Election
import ElectionSimulation
import Foundation
import Testing
@testable import Bully

/// Failover measured in the simulator (virtual time, so nothing here depends on the
/// machine): clusters on a loopback-like network (0.1-0.2 ms per message), default timing
/// (heartbeat 50 ms, failure timeout 200 ms, answer timeout 50 ms), the leader crashed or
/// stopped at a uniform point of the heartbeat interval. The figures are printed, labelled
/// "sim"; the checks hold each option to what it claims.
@Suite struct BullyFailoverMeasurementTests {
    static let trials = 300

    struct Figures {
        var failovers: [Duration] = []

        func quantile(_ q: Double) -> Duration {
            let sorted = failovers.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }

        func line(_ name: String, nodes: Int) -> String {
            func ms(_ d: Duration) -> String { String(format: "%.2f", d.milliseconds) }
            return "sim, \(nodes) nodes, \(failovers.count) trials, \(name): failover p50 \(ms(quantile(0.5))) ms, "
                + "p90 \(ms(quantile(0.9))) ms, p99 \(ms(quantile(0.99))) ms"
        }
    }

    /// `trials` crashes (or graceful stops) of the settled leader; each failover is the time
    /// until every survivor follows the next highest id.
    static func measure(_ settings: BullySettings, nodes: Int, gracefulStop: Bool = false) -> Figures {
        var figures = Figures()
        for trial in 1...trials {
            let seed = UInt64(trial)
            let network = LinkConditions(baseDelay: .microseconds(100), jitter: .microseconds(100))
            let simulator = Simulator<BullyNode>(
                members: (1...nodes).map { NodeID($0) },
                options: SimulationOptions(seed: seed, network: network, recordsTrace: false),
                settings: { _ in settings })
            simulator.startAll()
            let leader = NodeID(nodes)
            guard simulator.run(until: { $0.agreedLeader == leader }, timeout: .seconds(2)) else { continue }
            var phase = SeededRandom(seed: seed ^ 0xFA11)
            simulator.run(for: .milliseconds(500) + phase.duration(from: .zero, below: settings.heartbeatInterval))
            if gracefulStop { simulator.stop(leader, graceful: true) } else { simulator.crash(leader) }
            let stoppedAt = simulator.now
            let successor = NodeID(nodes - 1)
            guard simulator.run(until: { $0.agreedLeader == successor }, timeout: .seconds(2)) else { continue }
            figures.failovers.append(simulator.now - stoppedAt)
        }
        #expect(figures.failovers.count == trials, "some trials found no leader")
        return figures
    }

    static func settings(fastDetect: Bool, handOver: Bool) -> BullySettings {
        var settings = BullySettings.textbook
        settings.fastDetect = fastDetect
        settings.handOver = handOver
        return settings
    }

    /// Timeouts only, the follower's timer runs out 150-200 ms after the crash (it last
    /// heard a heartbeat up to one interval before), then the next in line waits one answer
    /// timeout for the crashed node: about 200 - 25 + 50 = 225 ms at the median. With fast
    /// detection the hint comes one link delay after the crash and the next in line leads
    /// at once: two link delays.
    @Test(arguments: [3, 5])
    func leaderCrash_fastDetection_onAgainstOff(nodes: Int) {
        let on = Self.measure(Self.settings(fastDetect: true, handOver: false), nodes: nodes)
        let off = Self.measure(Self.settings(fastDetect: false, handOver: false), nodes: nodes)
        print(on.line("leader crash, fast detection on", nodes: nodes))
        print(off.line("leader crash, fast detection off (the textbook)", nodes: nodes))
        #expect(on.quantile(0.99) < .milliseconds(5))
        let median = off.quantile(0.5).milliseconds
        #expect(abs(median / 225 - 1) < 0.05, "median \(median) ms")
    }

    /// A graceful stop (SIGTERM) of the leader: with the hand-over, LEAVING and the
    /// successor's COORDINATOR, two link delays; without it (fast detection off too), the
    /// same wait as after a crash.
    @Test(arguments: [3, 5])
    func gracefulStop_handOver_onAgainstOff(nodes: Int) {
        let on = Self.measure(Self.settings(fastDetect: false, handOver: true), nodes: nodes, gracefulStop: true)
        let production = Self.measure(.production, nodes: nodes, gracefulStop: true)
        let off = Self.measure(Self.settings(fastDetect: false, handOver: false), nodes: nodes, gracefulStop: true)
        print(on.line("graceful stop, hand-over on, fast detection off", nodes: nodes))
        print(production.line("graceful stop, production (hand-over and fast detection on)", nodes: nodes))
        print(off.line("graceful stop, hand-over and fast detection off (the textbook)", nodes: nodes))
        #expect(on.quantile(0.99) < .milliseconds(5))
        #expect(production.quantile(0.99) < .milliseconds(5))
        let median = off.quantile(0.5).milliseconds
        #expect(abs(median / 225 - 1) < 0.05, "median \(median) ms")
    }
}
