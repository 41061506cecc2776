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
        faults.run(on: simulator, for: .seconds(1), gapsFrom: .milliseconds(10), below: .milliseconds(30)) {
            injected.append($0)
        }
        return injected
    }

    @Test func oneSeedGivesTheSameFaults_andEveryKindComesUp() {
        let menu = RandomFaults.Fault.allCases
        let first = faults(in: scriptedSimulator([1, 2, 3, 4], react: { _, _, _ in [] }), seed: 5, menu: menu)
        let again = faults(in: scriptedSimulator([1, 2, 3, 4], react: { _, _, _ in [] }), seed: 5, menu: menu)
        #expect(first == again && first.count > 30)
        #expect(Set(first.compactMap { $0 }) == Set(menu).subtracting([.quiet]))
        #expect(faults(in: scriptedSimulator([1, 2, 3, 4], react: { _, _, _ in [] }), seed: 6, menu: menu) != first)
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
}
