import Testing
@testable import Election
@testable import ElectionSimulation

/// `RandomFaults`, the seeded fault script the chaos, the Bully safety tests and the
/// conformance suite share: it draws only from its menu, says what each draw did, and one
/// seed gives the same faults.
@Suite struct SimulatorRandomFaultsTests {
    private func faults(in simulator: Simulator<ScriptedNode>, seed: UInt64,
                        menu: [RandomFaults.Fault]) -> [RandomFaults.Fault?] {
        var faults = RandomFaults(random: SeededRandom(seed: seed), menu: menu, slowestExtraDelay: .milliseconds(50))
        var injected: [RandomFaults.Fault?] = []
        faults.run(on: simulator, for: .seconds(2), gapsFrom: .milliseconds(10), below: .milliseconds(30)) {
            injected.append($0)
        }
        return injected
    }

    @Test func oneSeedGivesTheSameFaults_andEveryKindComesUp() {
        let menu = RandomFaults.Fault.allCases
        func faults(seed: UInt64) -> [RandomFaults.Fault?] {
            let simulator = scriptedSimulator([1, 2, 3, 4], react: { _, _, _ in [] })
            simulator.startAll()
            return self.faults(in: simulator, seed: seed, menu: menu)
        }
        let first = faults(seed: 5)
        #expect(first == faults(seed: 5) && first.count > 60)
        #expect(faults(seed: 6) != first)
        // A resume needs the one hung node drawn before a crash or a stop takes it, so it is
        // rare in any one seed; over a few, every kind comes up.
        let seen = Set((1...4).flatMap { faults(seed: $0) }.compactMap { $0 })
        #expect(seen == Set(menu).subtracting([.quiet]))
    }

    @Test func aFaultThatCannotApplyIsReportedAsNothing() {
        let simulator = scriptedSimulator([1, 2, 3], react: { _, _, _ in [] })
        simulator.startAll()
        // Crashes only, until nobody runs: every later draw finds no running node to crash.
        let injected = faults(in: simulator, seed: 1, menu: [.crash])
        #expect(injected.compactMap { $0 } == [.crash, .crash, .crash])
        #expect(injected.count > 3 && simulator.members.allSatisfy { !simulator.isRunning($0) })
        // Restarts only: each brings back one node that is down, then there is none.
        let restarted = faults(in: simulator, seed: 1, menu: [.restart])
        #expect(restarted.compactMap { $0 } == [.restart, .restart, .restart])
        #expect(simulator.members.allSatisfy { simulator.isRunning($0) })
        #expect(faults(in: simulator, seed: 1, menu: [.quiet]).allSatisfy { $0 == nil })
    }

    /// Graceful stops aim at the leader half the time, so hand-overs really happen, and
    /// leave a hung node alone (it runs no SIGTERM handler until it wakes).
    @Test func gracefulStopsOftenStopTheLeader_andNeverAHungNode() {
        // Node 5 leads whenever it runs; one in five uniform draws would pick it.
        let simulator = scriptedSimulator([1, 2, 3, 4, 5], react: { node, input, _ in
            if case .start = input, node.id == 5 { node.role = .leader; node.leader = 5 }
            return []
        })
        simulator.startAll()
        var faults = RandomFaults(random: SeededRandom(seed: 3), menu: [.gracefulStop, .restart])
        var stops = 0
        faults.run(on: simulator, for: .seconds(20), gapsFrom: .milliseconds(10), below: .milliseconds(30)) {
            if $0 == .gracefulStop { stops += 1 }
        }
        #expect(stops > 200, "\(stops)")
        #expect(faults.leadersStoppedGracefully * 10 > stops * 4 && faults.leadersStoppedGracefully < stops,
                "\(faults.leadersStoppedGracefully) of \(stops)")

        for node in simulator.members {
            if !simulator.isRunning(node) { simulator.restart(node) }
            simulator.pause(node)
        }
        var hung = RandomFaults(random: SeededRandom(seed: 3), menu: [.gracefulStop])
        for _ in 0..<50 { #expect(hung.injectOne(into: simulator) == nil) }
        #expect(simulator.members.allSatisfy { simulator.isRunning($0) } && hung.leadersStoppedGracefully == 0)
    }
}
