import Testing
@testable import Election
@testable import ElectionSimulation

/// A rough ride for five highest-id nodes: a jittery, lossy, duplicating network, a crash, a
/// partition, a restart and a pause, all scripted ahead.
private func roughRide(seed: UInt64, recordsTrace: Bool = true) -> Simulator<HighestIDNode> {
    let network = LinkConditions(baseDelay: .milliseconds(2), jitter: .milliseconds(3),
                                 lossProbability: 0.1, duplicationProbability: 0.05)
    let options = SimulationOptions(seed: seed, network: network, recordsTrace: recordsTrace)
    let simulator = highestIDSimulator(options: options)
    simulator.startAll()
    simulator.at(.ms(200)) { $0.crash(5) }
    simulator.at(.ms(400)) { $0.partition([[1, 2], [3, 4]]) }
    simulator.at(.ms(600)) { $0.heal() }
    simulator.at(.ms(700)) { $0.restart(5) }
    simulator.at(.ms(800)) { $0.pause(4) }
    simulator.at(.ms(900)) { $0.resume(4) }
    simulator.at(.ms(950)) { $0.setSlowNode(3, extraDelay: .milliseconds(20)) }
    simulator.run(for: .milliseconds(1_500))
    return simulator
}

@Suite struct SimulatorDeterminismTests {
    @Test func theSameSeedGivesTheSameTraceByteForByte() {
        let first = roughRide(seed: 2024)
        let second = roughRide(seed: 2024)
        #expect(first.trace.count > 1_000)
        #expect(first.traceText == second.traceText)
        #expect(Array(first.traceText.utf8) == Array(second.traceText.utf8))
        #expect(first.counters == second.counters)
        #expect(first.counters.messagesDropped > 0)
        #expect(first.counters.messagesDuplicated > 0)
    }

    @Test func aDifferentSeedGivesADifferentTrace() {
        let first = roughRide(seed: 2024)
        let other = roughRide(seed: 2025)
        #expect(first.traceText != other.traceText)
        #expect(first.counters != other.counters)
    }

    @Test func recordingTheTraceDoesNotChangeTheRun() {
        let traced = roughRide(seed: 77, recordsTrace: true)
        let untraced = roughRide(seed: 77, recordsTrace: false)
        #expect(untraced.trace.isEmpty)
        #expect(untraced.counters == traced.counters)
        #expect(untraced.runningStatuses == traced.runningStatuses)
    }

    @Test func theSameScriptOnAPerfectNetworkStillDependsOnlyOnTheSeed() {
        // Without network randomness the nodes' own draws still come from the seed.
        func run(_ seed: UInt64) -> String {
            let simulator = highestIDSimulator(options: SimulationOptions(seed: seed))
            simulator.startAll()
            simulator.run(for: .milliseconds(300))
            return simulator.traceText
        }
        #expect(run(1) == run(1))
        #expect(run(1) != run(2))
    }
}
