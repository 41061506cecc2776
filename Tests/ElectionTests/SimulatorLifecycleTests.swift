import Testing
@testable import Election
@testable import ElectionSimulation

/// Counts its boots in durable state: on every start it persists `counter + 1`.
private let countBoots: ScriptedNode.Reaction = { node, input, _ in
    guard case .start = input else { return [] }
    return [.persist(ToyDurable(counter: (node.durableAtBoot?.counter ?? 0) + 1))]
}

/// Node 1 sends one `ping` to node 2 when it starts.
private let pingTwoOnStart: ScriptedNode.Reaction = { node, input, _ in
    guard case .start = input, node.id == 1 else { return [] }
    return [.send(ToyMessage("ping"), to: 2)]
}

@Suite struct SimulatorLifecycleTests {
    @Test func aCrashLosesVolatileStateButKeepsWhatWasPersisted() {
        let simulator = scriptedSimulator([1, 2], react: countBoots)
        simulator.startAll()
        simulator.run(for: .milliseconds(5))
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))
        #expect(simulator.node(1)?.durableAtBoot == nil)

        simulator.crash(1)
        #expect(!simulator.isRunning(1))
        #expect(simulator.status(of: 1) == nil)
        #expect(simulator.node(1) == nil)
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))

        simulator.run(for: .milliseconds(5))
        simulator.restart(1)
        #expect(simulator.isRunning(1))
        #expect(simulator.node(1)?.durableAtBoot == ToyDurable(counter: 1))
        #expect(simulator.inputs(of: 1) == ["t+0.010s start"])  // the old inputs are gone
        #expect(simulator.persisted(1) == ToyDurable(counter: 2))
        #expect(simulator.traceText == """
            t+0.000s node 1 started
            t+0.000s node 2 started
            t+0.005s node 1 crashed
            t+0.008s node 2 learned that node 1 is unreachable
            t+0.010s node 1 restarted

            """)
    }

    @Test func initialDurableStateIsHandedToTheFirstStart() {
        let simulator = scriptedSimulator([1, 2], initialDurable: [2: ToyDurable(counter: 41)], react: countBoots)
        #expect(simulator.persisted(2) == ToyDurable(counter: 41))
        simulator.startAll()
        #expect(simulator.node(2)?.durableAtBoot == ToyDurable(counter: 41))
        #expect(simulator.persisted(2) == ToyDurable(counter: 42))
        #expect(simulator.node(1)?.durableAtBoot == nil)
    }

    @Test func aCrashDropsPendingTimers() {
        let simulator = scriptedSimulator([1]) { _, input, _ in
            guard case .start = input else { return [] }
            return [.setTimer(TimerID("wake"), after: .milliseconds(10))]
        }
        simulator.start(1)
        simulator.at(.ms(5)) { $0.crash(1) }
        simulator.at(.ms(6)) { $0.restart(1) }
        simulator.run(for: .milliseconds(30))
        // The first incarnation's timer (due at 10 ms) never fires; the new one does.
        #expect(simulator.inputs(of: 1) == ["t+0.006s start", "t+0.016s timer wake"])
        #expect(simulator.counters.timersFired == 1)
    }

    /// The ping is dropped; the connect it needs reaches node 2's machine one delay later,
    /// is refused, and the refusal is back one delay after that.
    @Test func aMessageToACrashedNodeBounces_andTheRefusalComesARoundTripLater() {
        let network = LinkConditions(baseDelay: .milliseconds(3))
        let simulator = scriptedSimulator([1, 2], network: network, react: pingTwoOnStart)
        simulator.start(2)
        simulator.crash(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.006s unreachable 2"])
        #expect(simulator.traceText.contains("t+0.000s node 2 dropped ping from 1 (crashed)\n"))
        #expect(simulator.traceText.contains("t+0.006s node 1 learned that node 2 is unreachable\n"))
        #expect(simulator.counters.messagesDropped == 1)
    }

    @Test func withoutUnreachableReportsABounceIsSilent() {
        let simulator = scriptedSimulator([1, 2], reportsUnreachable: false, react: pingTwoOnStart)
        simulator.start(2)
        simulator.crash(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start"])
        #expect(simulator.counters.messagesDropped == 1)
    }

    @Test func aMessageInFlightToANodeThatCrashesIsDroppedOnArrival() {
        let network = LinkConditions(baseDelay: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], network: network, react: pingTwoOnStart)
        simulator.start(2)
        simulator.start(1)
        simulator.at(.ms(5)) { $0.crash(2) }
        simulator.run(for: .milliseconds(40))
        #expect(simulator.traceText.contains("t+0.010s node 2 dropped ping from 1 (crashed)\n"))
        // The crash closes node 2's connections: node 1 sees the close one link delay after
        // the crash, and hears of it once its reconnect is refused, a round trip later; once
        // only, though its ping is dropped meanwhile.
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.035s unreachable 2"])
    }

    @Test func aMessageInFlightToAnEarlierIncarnationIsDropped() {
        let network = LinkConditions(baseDelay: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], network: network, react: pingTwoOnStart)
        simulator.start(2)
        simulator.start(1)
        simulator.at(.ms(2)) { $0.crash(2) }
        simulator.at(.ms(3)) { $0.restart(2) }
        simulator.run(for: .milliseconds(30))
        #expect(simulator.inputs(of: 2) == ["t+0.003s start"])
        #expect(simulator.counters.messagesDropped == 1)
        // The crash closed the old connection, but node 1's reconnect finds node 2 back and
        // is accepted: a link that came back, so no hint.
        #expect(simulator.inputs(of: 1) == ["t+0.000s start"])
    }

    @Test func anUnreachableHintForACrashedSenderIsDiscarded() {
        let network = LinkConditions(baseDelay: .milliseconds(5))
        let simulator = scriptedSimulator([1, 2], network: network, react: pingTwoOnStart)
        simulator.start(1)  // its ping bounces: node 2 is not started
        simulator.at(.ms(2)) { $0.crash(1) }
        simulator.at(.ms(3)) { $0.restart(1) }  // pings again, bounces again
        simulator.run(for: .milliseconds(30))
        #expect(simulator.inputs(of: 1) == ["t+0.003s start", "t+0.013s unreachable 2"])
    }

    @Test func aGracefulStopDeliversStopAndItsLastMessagesThenTakesTheNodeDown() {
        let simulator = scriptedSimulator([1, 2]) { node, input, _ in
            guard case .stop(let graceful) = input, node.id == 1 else { return [] }
            return [.send(ToyMessage(graceful ? "bye" : "crash"), to: 2),
                    .setTimer(TimerID("never"), after: .milliseconds(1))]
        }
        simulator.startAll()
        simulator.at(.ms(5)) { $0.stop(1, graceful: true) }
        simulator.run(for: .milliseconds(20))
        #expect(!simulator.isRunning(1))
        #expect(simulator.node(1) == nil)
        // Its connection closes after its last message: node 2 hears "bye", then the close,
        // and the refused reconnect tells it, a round trip later.
        #expect(simulator.inputs(of: 2) == ["t+0.000s start", "t+0.006s receive bye 0 from 1",
                                            "t+0.008s unreachable 1"])
        #expect(simulator.counters.timersFired == 0)  // its timers went down with it
        #expect(simulator.traceText.contains("t+0.005s node 1 stopped\n"))

        simulator.restart(1)
        simulator.stop(1, graceful: false)
        simulator.run(for: .milliseconds(5))
        #expect(simulator.arrivals(of: 2).map(\.message.type) == ["bye", "crash"])
    }

    @Test func aMessageToAStoppedNodeBounces() {
        let simulator = scriptedSimulator([1, 2], react: pingTwoOnStart)
        simulator.start(2)
        simulator.stop(2, graceful: true)
        simulator.start(1)
        simulator.run(for: .milliseconds(5))
        #expect(simulator.traceText.contains("t+0.000s node 2 dropped ping from 1 (stopped)\n"))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.002s unreachable 2"])
    }

    @Test func aPausedNodeQueuesItsInputsAndHandlesThemInOrderWhenResumed() {
        let simulator = scriptedSimulator([1, 2]) { node, input, _ in
            guard case .start = input else { return [] }
            if node.id == 1 { return ["a", "b", "c"].map { .send(ToyMessage($0), to: 2) } }
            return [.setTimer(TimerID("tick"), after: .milliseconds(5))]
        }
        simulator.start(2)
        simulator.pause(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(20))

        #expect(simulator.inputs(of: 2) == ["t+0.000s start"])
        #expect(simulator.isRunning(2))
        #expect(simulator.isPaused(2))
        #expect(simulator.status(of: 2) != nil)
        #expect(simulator.inputs(of: 1) == ["t+0.000s start"])  // nothing bounced

        simulator.resume(2)
        #expect(!simulator.isPaused(2))
        #expect(simulator.inputs(of: 2) == [
            "t+0.000s start",
            "t+0.020s receive a 0 from 1",
            "t+0.020s receive b 0 from 1",
            "t+0.020s receive c 0 from 1",
            "t+0.020s timer tick",
        ])
        #expect(simulator.traceText.contains("t+0.000s node 2 paused\nt+0.000s node 1 started\n"))
        #expect(simulator.traceText.contains(
            "t+0.020s node 2 resumed\nt+0.020s node 2 delivered a from 1\n"))
    }

    @Test func aBacklogTimerMovedByAnEarlierBacklogInputDoesNotFire() {
        let simulator = scriptedSimulator([1, 2]) { node, input, _ in
            switch input {
            case .start where node.id == 1:
                return [.send(ToyMessage("move"), to: 2)]
            case .start:
                return [.setTimer(TimerID("tick"), after: .milliseconds(5))]
            case .receive(let message, _) where message.type == "move":
                return [.setTimer(TimerID("tick"), after: .milliseconds(100))]
            default:
                return []
            }
        }
        simulator.start(2)
        simulator.pause(2)
        simulator.start(1)
        simulator.at(.ms(10)) { $0.resume(2) }
        simulator.run(for: .milliseconds(200))
        #expect(simulator.inputs(of: 2) == [
            "t+0.000s start", "t+0.010s receive move 0 from 1", "t+0.110s timer tick",
        ])
    }

    @Test func aCrashWhilePausedLosesTheBacklog() {
        let simulator = scriptedSimulator([1, 2]) { node, input, _ in
            guard case .start = input, node.id == 1 else { return [] }
            return [.send(ToyMessage("a"), to: 2), .send(ToyMessage("b"), to: 2)]
        }
        simulator.start(2)
        simulator.pause(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(5))
        simulator.crash(2)
        #expect(!simulator.isPaused(2))
        simulator.restart(2)
        simulator.run(for: .milliseconds(5))
        #expect(simulator.inputs(of: 2) == ["t+0.005s start"])
        #expect(simulator.counters.messagesDropped == 2)
        #expect(simulator.traceText.contains("t+0.005s node 2 dropped b from 1 (crashed)\n"))
    }

    @Test func aRestartGetsAFreshRandomGenerator() {
        let drawOnStart: ScriptedNode.Reaction = { node, input, _ in
            if case .start = input { node.scratch.append(node.random.next()) }
            return []
        }
        let simulator = scriptedSimulator([1], react: drawOnStart)
        var draws: [UInt64] = []
        for _ in 0..<3 {
            simulator.restart(1)
            draws += simulator.node(1)!.scratch
            simulator.crash(1)
        }
        #expect(Set(draws).count == 3)

        // ...and the same ones again from the same seed.
        let again = scriptedSimulator([1], react: drawOnStart)
        var drawsAgain: [UInt64] = []
        for _ in 0..<3 {
            again.start(1)
            drawsAgain += again.node(1)!.scratch
            again.crash(1)
        }
        #expect(drawsAgain == draws)
    }

    @Test func lifecycleCallsThatDoNotApplyDoNothing() {
        let simulator = scriptedSimulator([1, 2], react: countBoots)
        simulator.crash(1)      // never started
        simulator.resume(1)     // not paused
        simulator.pause(1)      // not running
        simulator.stop(1, graceful: true)
        #expect(simulator.trace.isEmpty)

        simulator.start(1)
        simulator.start(1)      // already running: no second boot
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))
        simulator.pause(1)
        simulator.pause(1)
        simulator.stop(1, graceful: false)
        simulator.crash(1)      // already down
        #expect(simulator.trace.map(\.kind) == [.started, .paused, .stopped])
    }

    @Test func runningStatusesListRunningNodesByID() {
        let simulator = scriptedSimulator([3, 1, 2]) { _, _, _ in [] }
        #expect(simulator.members == [1, 2, 3])
        simulator.start(3)
        simulator.start(1)
        simulator.start(2)
        simulator.pause(2)
        simulator.crash(1)
        #expect(simulator.runningStatuses.map(\.id) == [2, 3])
    }
}
