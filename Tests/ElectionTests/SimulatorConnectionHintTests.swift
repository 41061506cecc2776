import Testing
@testable import Election
@testable import ElectionSimulation

/// Every node but node 1 pings node 1 once a millisecond, so a hint that were given per
/// message, not per up-to-down transition, would show up many times.
private let pingOneEveryMillisecond: ScriptedNode.Reaction = { node, input, _ in
    guard node.id != 1 else { return [] }
    switch input {
    case .start, .timerFired:
        return [.send(ToyMessage("ping"), to: 1), .setTimer(TimerID("tick"), after: .milliseconds(1))]
    default:
        return []
    }
}

private extension Simulator<ScriptedNode> {
    func hints(of id: NodeID) -> [String] {
        inputs(of: id).filter { $0.contains("unreachable") }
    }
}

/// `.peerUnreachable` means what it means live: a connection closed, reset or refused.
@Suite struct SimulatorConnectionHintTests {
    @Test func aCrashGivesEachPeerOneHintAfterTheCloseAndARefusedReconnect() {
        let simulator = scriptedSimulator([1, 2, 3], network: LinkConditions(baseDelay: .milliseconds(1)),
                                          react: pingOneEveryMillisecond)
        simulator.setLink(from: 2, to: 1, LinkConditions(baseDelay: .milliseconds(4)))
        simulator.setLink(from: 3, to: 1, LinkConditions(baseDelay: .milliseconds(7)))
        simulator.startAll()
        simulator.at(.ms(10)) { $0.crash(1) }
        simulator.run(for: .milliseconds(60))
        // The close arrives after the link delay (4 and 7 ms); the reconnect's round trip
        // adds that delay and the 1 ms back.
        #expect(simulator.hints(of: 2) == ["t+0.019s unreachable 1"])
        #expect(simulator.hints(of: 3) == ["t+0.025s unreachable 1"])
    }

    @Test func aCrashGivesNoHintAcrossAPartition() {
        let simulator = scriptedSimulator([1, 2, 3], react: { _, _, _ in [] })
        simulator.startAll()
        simulator.partition([[1, 2], [3]])
        simulator.crash(1)
        simulator.run(for: .milliseconds(20))
        #expect(simulator.hints(of: 2) == ["t+0.003s unreachable 1"])
        #expect(simulator.hints(of: 3).isEmpty)
    }

    @Test func aPausedNodeGivesNoHint() {
        let simulator = scriptedSimulator([1, 2, 3], react: pingOneEveryMillisecond)
        simulator.startAll()
        simulator.at(.ms(5)) { $0.pause(1) }
        simulator.run(for: .milliseconds(50))
        #expect(simulator.hints(of: 2).isEmpty)
        #expect(simulator.hints(of: 3).isEmpty)
    }

    @Test func aPartitionGivesNoHint() {
        let simulator = scriptedSimulator([1, 2, 3], react: pingOneEveryMillisecond)
        simulator.startAll()
        simulator.at(.ms(5)) { $0.partition([[1], [2, 3]]) }
        simulator.run(for: .milliseconds(50))
        #expect(simulator.hints(of: 2).isEmpty)
        #expect(simulator.hints(of: 3).isEmpty)
    }

    @Test func sendingToADownNodeGivesOneHintPerUpToDownTransition() {
        let simulator = scriptedSimulator([1, 2], react: pingOneEveryMillisecond)
        simulator.start(2)  // node 1 is not started: the first ping is refused, and no later one tells again
        simulator.at(.ms(10)) { $0.start(1) }
        simulator.at(.ms(20)) { $0.stop(1, graceful: true) }  // down again: one more hint
        simulator.at(.ms(30)) { $0.start(1) }
        simulator.at(.ms(40)) { $0.crash(1) }  // and again
        simulator.run(for: .milliseconds(60))
        // Refused at once (one delay) while never started; after a stop or a crash the
        // close comes first, then the refused reconnect's round trip.
        #expect(simulator.hints(of: 2) == ["t+0.001s unreachable 1", "t+0.023s unreachable 1",
                                           "t+0.043s unreachable 1"])
    }

    @Test func aRestartedSenderIsToldAgain() {
        let simulator = scriptedSimulator([1, 2], react: pingOneEveryMillisecond)
        simulator.start(2)
        simulator.at(.ms(10)) { $0.crash(2) }
        simulator.at(.ms(15)) { $0.start(2) }  // a new process with no connections: refused anew
        simulator.run(for: .milliseconds(30))
        #expect(simulator.hints(of: 2) == ["t+0.016s unreachable 1"])
        #expect(simulator.inputs(of: 2).first == "t+0.015s start")
    }

    @Test func withHintsOffACrashIsSilent() {
        let simulator = scriptedSimulator([1, 2, 3], reportsUnreachable: false, react: pingOneEveryMillisecond)
        simulator.startAll()
        simulator.at(.ms(5)) { $0.crash(1) }
        simulator.run(for: .milliseconds(30))
        #expect(simulator.hints(of: 2).isEmpty && simulator.hints(of: 3).isEmpty)
    }
}
