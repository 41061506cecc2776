import Testing
@testable import Election
@testable import ElectionSimulation

/// Node 1 sends `count` numbered `ping`s to node 2 when it starts; node 2 answers each `ping`
/// with a `pong` carrying the same number.
private func pingOnStart(count: Int = 1, to target: NodeID = 2) -> ScriptedNode.Reaction {
    { node, input, _ in
        switch input {
        case .start where node.id == 1:
            return (0..<count).map { .send(ToyMessage("ping", $0), to: target) }
        case .receive(let message, let from) where message.type == "ping":
            return [.send(ToyMessage("pong", message.value), to: from)]
        default:
            return []
        }
    }
}

@Suite struct SimulatorNetworkTests {
    @Test func aMessageTakesTheBaseDelay() {
        let simulator = scriptedSimulator([1, 2], react: pingOnStart())
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.inputs(of: 2) == ["t+0.000s start", "t+0.001s receive ping 0 from 1"])
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.002s receive pong 0 from 2"])
        #expect(simulator.now == .ms(10))
    }

    @Test func linksAreDirectional() {
        let simulator = scriptedSimulator([1, 2], react: pingOnStart())
        simulator.setLink(from: 1, to: 2, LinkConditions(baseDelay: .milliseconds(5)))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(20))
        #expect(simulator.arrivals(of: 2).map(\.time) == [.ms(5)])
        #expect(simulator.arrivals(of: 1).map(\.time) == [.ms(6)])
    }

    @Test func setLinkSurvivesSetNetwork() {
        let simulator = scriptedSimulator([1, 2], react: pingOnStart())
        simulator.setLink(from: 1, to: 2, LinkConditions(baseDelay: .milliseconds(5)))
        simulator.setNetwork(LinkConditions(baseDelay: .milliseconds(3)))
        #expect(simulator.options.network.baseDelay == .milliseconds(3))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(20))
        #expect(simulator.arrivals(of: 2).map(\.time) == [.ms(5)])
        #expect(simulator.arrivals(of: 1).map(\.time) == [.ms(8)])
    }

    @Test func aSlowNodeDelaysItsIncomingAndOutgoingLinks() {
        let simulator = scriptedSimulator([1, 2, 3]) { node, input, _ in
            switch input {
            case .start where node.id == 1:
                return [.send(ToyMessage("ping"), to: 2), .send(ToyMessage("ping"), to: 3)]
            case .receive(let message, let from) where message.type == "ping":
                return [.send(ToyMessage("pong"), to: from)]
            default:
                return []
            }
        }
        simulator.setSlowNode(2, extraDelay: .milliseconds(10))
        simulator.start(2)
        simulator.start(3)
        simulator.start(1)
        simulator.run(for: .milliseconds(50))
        #expect(simulator.arrivals(of: 2).map(\.time) == [.ms(11)])
        #expect(simulator.arrivals(of: 3).map(\.time) == [.ms(1)])
        #expect(simulator.arrivals(of: 1).map(\.time) == [.ms(2), .ms(22)])

        // Back to normal.
        simulator.setSlowNode(2, extraDelay: .zero)
        simulator.crash(1)
        simulator.restart(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.arrivals(of: 1).map(\.time) == [.ms(52), .ms(52)])
    }

    @Test func withoutJitterALinkIsFirstInFirstOut() {
        let simulator = scriptedSimulator([1, 2], react: pingOnStart(count: 100))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        let arrivals = simulator.arrivals(of: 2)
        #expect(arrivals.map(\.message.value) == Array(0..<100))
        #expect(arrivals.allSatisfy { $0.time == .ms(1) })
        #expect(!LinkConditions().reordering)
    }

    @Test func jitterSpreadsDelaysOverItsRangeAndReorders() {
        let network = LinkConditions(baseDelay: .milliseconds(10), jitter: .milliseconds(5))
        #expect(network.reordering)
        let simulator = scriptedSimulator([1, 2], network: network, react: pingOnStart(count: 200))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(100))
        let arrivals = simulator.arrivals(of: 2)
        #expect(arrivals.count == 200)
        #expect(arrivals.allSatisfy { $0.time >= .ms(10) && $0.time < .ms(15) })
        #expect(Set(arrivals.map(\.message.value)) == Set(0..<200))
        #expect(arrivals.map(\.message.value) != Array(0..<200), "jitter should reorder messages")
        // Arrival times spread over the range rather than piling up at one end.
        #expect(arrivals.contains { $0.time < .ms(11) })
        #expect(arrivals.contains { $0.time >= .ms(14) })
    }

    @Test func totalLossDropsEveryMessage() {
        let network = LinkConditions(lossProbability: 1)
        let simulator = scriptedSimulator([1, 2], network: network, react: pingOnStart(count: 10))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.arrivals(of: 2).isEmpty)
        #expect(simulator.counters.messagesSent == 10)
        #expect(simulator.counters.messagesDropped == 10)
        #expect(simulator.counters.messagesDelivered == 0)
        #expect(simulator.traceText.contains("t+0.000s node 2 dropped ping from 1 (loss)\n"))
        // Loss is silent: the sender is told nothing.
        #expect(!simulator.inputs(of: 1).contains { $0.contains("unreachable") })
    }

    @Test func partialLossDropsAboutThatShare() {
        let network = LinkConditions(lossProbability: 0.3)
        let simulator = scriptedSimulator([1, 2], network: network, react: pingOnStart(count: 1_000))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        let counters = simulator.counters
        #expect((600...800).contains(simulator.arrivals(of: 2).count))
        // Every message sent was either delivered or dropped (no duplication here).
        #expect(counters.messagesSent == counters.messagesDelivered + counters.messagesDropped)
        #expect(counters.messagesSent == 1_000 + simulator.arrivals(of: 2).count)
    }

    @Test func duplicationDeliversASecondCopy() {
        let network = LinkConditions(duplicationProbability: 1)
        let simulator = scriptedSimulator([1, 2], network: network) { node, input, _ in
            guard case .start = input, node.id == 1 else { return [] }
            return (0..<10).map { .send(ToyMessage("ping", $0), to: 2) }
        }
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.arrivals(of: 2).map(\.message.value) == (0..<10).flatMap { [$0, $0] })
        #expect(simulator.counters.messagesSent == 10)
        #expect(simulator.counters.messagesDuplicated == 10)
        #expect(simulator.counters.messagesDelivered == 20)
    }

    @Test func aPartitionDropsSilentlyUntilHealed() {
        // Every node says `beat` to everyone every 10 ms.
        let simulator = scriptedSimulator([1, 2, 3]) { _, input, _ in
            switch input {
            case .start:
                return [.setTimer(TimerID("beat"), after: .milliseconds(10))]
            case .timerFired:
                return [.broadcast(ToyMessage("beat")), .setTimer(TimerID("beat"), after: .milliseconds(10))]
            default:
                return []
            }
        }
        simulator.startAll()
        simulator.at(.ms(15)) { $0.partition([[1, 2], [3]]) }
        simulator.at(.ms(45)) { $0.heal() }
        simulator.run(for: .milliseconds(70))

        let toThree = simulator.arrivals(of: 3)
        #expect(!toThree.contains { $0.time > .ms(15) && $0.time < .ms(45) })
        #expect(toThree.contains { $0.time > .ms(45) && $0.from == 1 })
        #expect(simulator.arrivals(of: 2).contains { $0.time > .ms(15) && $0.time < .ms(45) && $0.from == 1 })
        // Silent: nobody hears that a peer is unreachable.
        for id: NodeID in [1, 2, 3] {
            #expect(!simulator.inputs(of: id).contains { $0.contains("unreachable") })
        }
        #expect(simulator.traceText.contains("t+0.020s node 3 dropped beat from 1 (partition)\n"))
        #expect(simulator.traceText.contains("t+0.020s node 1 dropped beat from 3 (partition)\n"))
    }

    @Test func aPartitionSwallowsMessagesAlreadyInFlight() {
        let network = LinkConditions(baseDelay: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], network: network, react: pingOnStart())
        simulator.start(2)
        simulator.start(1)
        simulator.at(.ms(5)) { $0.partition([[1], [2]]) }
        simulator.run(for: .milliseconds(30))
        #expect(simulator.arrivals(of: 2).isEmpty)
        #expect(simulator.traceText.contains("t+0.010s node 2 dropped ping from 1 (partition)\n"))
    }

    @Test func aMemberLeftOutOfEveryGroupIsCutOffFromAll() {
        let simulator = scriptedSimulator([1, 2, 3]) { node, input, _ in
            guard case .start = input, node.id == 3 else { return [] }
            return [.broadcast(ToyMessage("hello"))]
        }
        simulator.start(1)
        simulator.start(2)
        simulator.partition([[1, 2]])
        simulator.start(3)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.arrivals(of: 1).isEmpty)
        #expect(simulator.arrivals(of: 2).isEmpty)
        #expect(simulator.counters.messagesDropped == 2)
    }

    @Test func eventsAtTheSameTimeKeepTheirSchedulingOrder() {
        let network = LinkConditions(baseDelay: .zero)
        let simulator = scriptedSimulator([1, 2], network: network) { node, input, _ in
            guard case .start = input, node.id == 1 else { return [] }
            return ["a", "b", "c", "d"].map { .send(ToyMessage($0), to: 2) }
        }
        var actions: [String] = []
        simulator.at(.ms(10)) { _ in actions.append("first") }
        simulator.at(.ms(10)) { _ in actions.append("second") }
        simulator.at(.ms(10)) { _ in actions.append("third") }
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(20))
        #expect(simulator.arrivals(of: 2).map(\.message.type) == ["a", "b", "c", "d"])
        #expect(simulator.arrivals(of: 2).allSatisfy { $0.time == .start })
        #expect(actions == ["first", "second", "third"])
    }

    @Test func broadcastReachesEveryOtherConfiguredMember() {
        let simulator = scriptedSimulator([1, 2, 3, 4]) { node, input, _ in
            guard case .start = input, node.id == 1 else { return [] }
            return [.broadcast(ToyMessage("hello"))]
        }
        simulator.start(2)
        simulator.start(3)
        simulator.start(1)  // node 4 never starts
        simulator.run(for: .milliseconds(10))
        #expect(simulator.arrivals(of: 2).map(\.from) == [1])
        #expect(simulator.arrivals(of: 3).map(\.from) == [1])
        #expect(simulator.arrivals(of: 1).isEmpty)
        let counters = simulator.counters
        #expect(counters.messagesSent == 3)
        #expect(counters.messagesByType == ["hello": 3])
        #expect(counters.messagesDelivered == 2)
        #expect(counters.messagesDropped == 1)
        #expect(simulator.traceText.contains("t+0.000s node 4 dropped hello from 1 (not started)\n"))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.002s unreachable 4"])
    }

    @Test func countersTallyMessagesByType() {
        let simulator = scriptedSimulator([1, 2], react: pingOnStart(count: 3))
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.counters.messagesByType == ["ping": 3, "pong": 3])
        #expect(simulator.counters.messagesSent == 6)
        #expect(simulator.counters.messagesDelivered == 6)
        #expect(simulator.counters.eventsProcessed == 6)
    }

    @Test func sendingToAnIDOutsideTheMembershipIsDroppedAndCounted() {
        let simulator = scriptedSimulator([1, 2], react: pingOnStart(to: 9))
        simulator.startAll()
        simulator.run(for: .milliseconds(10))
        #expect(simulator.counters.messagesSent == 1)
        #expect(simulator.counters.messagesDropped == 1)
        #expect(simulator.traceText.contains("t+0.000s node 9 dropped ping from 1 (not a member)\n"))
    }
}
