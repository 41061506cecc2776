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
        // While never started, the first ping's connect is refused a round trip later; after
        // a stop or a crash the close comes first, then the refused reconnect's round trip.
        #expect(simulator.hints(of: 2) == ["t+0.002s unreachable 1", "t+0.023s unreachable 1",
                                           "t+0.043s unreachable 1"])
    }

    @Test func aRestartedSenderIsToldAgain() {
        let simulator = scriptedSimulator([1, 2], react: pingOneEveryMillisecond)
        simulator.start(2)
        simulator.at(.ms(10)) { $0.crash(2) }
        simulator.at(.ms(15)) { $0.start(2) }  // a new process with no connections: refused anew
        simulator.run(for: .milliseconds(30))
        #expect(simulator.hints(of: 2) == ["t+0.017s unreachable 1"])
        #expect(simulator.inputs(of: 2).first == "t+0.015s start")
    }

    /// A refusal is news about the process that was down. Once the node has heard from the
    /// peer's next process, it knows better, as a live node whose peer reconnected and
    /// greeted it does: a refusal still on its way back (here over a slow link, which then
    /// turns fast) is not handed over.
    @Test func aRefusalThatArrivesAfterThePeersNewProcessSpoke_isNotDelivered() {
        let sayHelloOnStart: ScriptedNode.Reaction = { node, input, _ in
            guard case .start = input else { return [] }
            return [.broadcast(ToyMessage("hello"))]
        }
        func run(peerSpeaks: Bool) -> Simulator<ScriptedNode> {
            let simulator = scriptedSimulator(
                [1, 2], network: LinkConditions(baseDelay: .milliseconds(1)),
                react: { node, input, now in node.id == 1 && !peerSpeaks ? [] : sayHelloOnStart(&node, input, now) })
            simulator.setLink(from: 1, to: 2, LinkConditions(baseDelay: .milliseconds(50)))
            // Node 2's hello to node 1, which is down: its connect is refused at 1 ms, and the
            // refusal crawls back over the slow link, due at 51 ms.
            simulator.start(2)
            simulator.at(.ms(5)) { simulator in
                simulator.setLink(from: 1, to: 2, LinkConditions(baseDelay: .milliseconds(1)))
                simulator.start(1)  // its hello reaches node 2 at 6 ms
            }
            simulator.run(for: .milliseconds(100))
            return simulator
        }
        let spoke = run(peerSpeaks: true)
        #expect(spoke.inputs(of: 2).contains { $0.hasPrefix("t+0.006s receive hello") })
        #expect(spoke.hints(of: 2).isEmpty)
        #expect(spoke.traceText.contains(
            "t+0.051s node 2 was not told that node 1 is unreachable: it has heard from a newer process of node 1"))
        // The same refusal with node 1 still silent is news, and is delivered.
        #expect(run(peerSpeaks: false).hints(of: 2) == ["t+0.051s unreachable 1"])
    }

    /// A send to a node that is down needs a connect, decided when it reaches that node:
    /// started again by then, it accepts, and nobody is told it was down.
    @Test func aConnectThatReachesAPeerStartedMeanwhile_isAccepted() {
        let simulator = scriptedSimulator([1, 2], network: LinkConditions(baseDelay: .milliseconds(1)),
                                          react: pingOneEveryMillisecond)
        simulator.setLink(from: 2, to: 1, LinkConditions(baseDelay: .milliseconds(20)))
        simulator.start(2)  // its first ping's connect reaches node 1 at 20 ms
        simulator.at(.ms(5)) { $0.start(1) }
        simulator.run(for: .milliseconds(60))
        #expect(simulator.hints(of: 2).isEmpty)
        #expect(simulator.arrivals(of: 1).isEmpty == false)
    }

    /// A hung node does nothing with its sockets: it notices a closed connection, and
    /// reconnects, only when it wakes, and finds the peer back if it is.
    @Test func aPausedNodeReconnectsWhenItResumes() {
        let simulator = scriptedSimulator([1, 2, 3], network: LinkConditions(baseDelay: .milliseconds(1)),
                                          react: { _, _, _ in [] })
        simulator.startAll()
        simulator.at(.ms(5)) { $0.pause(2) }
        simulator.at(.ms(10)) { $0.crash(1) }
        simulator.at(.ms(20)) { $0.restart(1) }
        simulator.at(.ms(30)) { $0.resume(2) }
        simulator.run(for: .milliseconds(60))
        #expect(simulator.hints(of: 3) == ["t+0.013s unreachable 1"])  // awake: told a round trip later
        #expect(simulator.hints(of: 2).isEmpty)  // its reconnect, made on waking, reached node 1 back
    }

    @Test func withHintsOffACrashIsSilent() {
        let simulator = scriptedSimulator([1, 2, 3], reportsUnreachable: false, react: pingOneEveryMillisecond)
        simulator.startAll()
        simulator.at(.ms(5)) { $0.crash(1) }
        simulator.run(for: .milliseconds(30))
        #expect(simulator.hints(of: 2).isEmpty && simulator.hints(of: 3).isEmpty)
    }
}
