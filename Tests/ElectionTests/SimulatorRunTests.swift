import Testing
@testable import Election
@testable import ElectionSimulation

/// Node 1 pings node 2; node 2 answers by declaring itself leader of term 1; node 1 follows.
private let pingThenLead: ScriptedNode.Reaction = { node, input, _ in
    switch input {
    case .start where node.id == 1:
        return [.log(Event(.note, "pinging node 2", term: 1)), .send(ToyMessage("ping"), to: 2)]
    case .receive(let message, let from) where message.type == "ping":
        node.role = .leader
        node.leader = node.id
        node.term = 1
        return [.send(ToyMessage("pong"), to: from)]
    case .receive(let message, let from) where message.type == "pong":
        node.leader = from
        node.term = 1
        return []
    default:
        return []
    }
}

private func runPingThenLead(recordsTrace: Bool) -> Simulator<ScriptedNode> {
    let simulator = scriptedSimulator([1, 2], recordsTrace: recordsTrace, react: pingThenLead)
    simulator.start(2)
    simulator.start(1)
    simulator.run(for: .milliseconds(10))
    return simulator
}

@Suite struct SimulatorRunTests {
    @Test func scheduledActionsRunAtTheirTime() {
        let simulator = scriptedSimulator([1]) { _, _, _ in [] }
        var seen: [Instant] = []
        simulator.at(.ms(10)) { seen.append($0.now) }
        simulator.at(.ms(5)) { simulator in
            seen.append(simulator.now)
            simulator.after(.milliseconds(1)) { seen.append($0.now) }
        }
        simulator.run(for: .milliseconds(20))
        #expect(seen == [.ms(5), .ms(6), .ms(10)])
        #expect(simulator.now == .ms(20))

        // An action scheduled in the past runs at the current time.
        simulator.at(.ms(1)) { seen.append($0.now) }
        simulator.run(for: .zero)
        #expect(seen.last == .ms(20))
    }

    @Test func runUntilADeadlineMovesTheClockEvenWhenNothingHappens() {
        let simulator = scriptedSimulator([1]) { _, _, _ in [] }
        #expect(simulator.now == .start)
        simulator.run(until: .start + .seconds(1))
        #expect(simulator.now == .ms(1_000))
        simulator.run(until: .ms(500))  // the clock never goes back
        #expect(simulator.now == .ms(1_000))
        simulator.run(for: .milliseconds(250))
        #expect(simulator.now == .ms(1_250))
    }

    @Test func runUntilAConditionStopsTheMomentItHolds() {
        let simulator = highestIDSimulator(options: SimulationOptions(seed: 3))
        simulator.startAll()
        #expect(simulator.agreedLeader == nil)
        let agreed = simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(1))
        #expect(agreed)
        #expect(simulator.now == .ms(50))  // every node settles first at 50 ms
        #expect(simulator.agreedLeader == 5)

        // Already true: no time passes.
        #expect(simulator.run(until: { $0.agreedLeader == 5 }, timeout: .seconds(1)))
        #expect(simulator.now == .ms(50))

        // Never true: the clock ends at the timeout.
        #expect(!simulator.run(until: { $0.agreedLeader == 1 }, timeout: .milliseconds(300)))
        #expect(simulator.now == .ms(350))
    }

    @Test func agreedLeaderFollowsAFailover() {
        let simulator = highestIDSimulator(options: SimulationOptions(seed: 4))
        simulator.startAll()
        simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(1))
        #expect(simulator.agreedLeader == 5)

        simulator.crash(5)
        // The others still believe in 5, but 5 is gone: no working leader.
        #expect(simulator.status(of: 4)?.leader == 5)
        #expect(simulator.agreedLeader == nil)
        #expect(simulator.run(until: { $0.agreedLeader == 4 }, timeout: .seconds(1)))

        simulator.restart(5)
        #expect(simulator.run(until: { $0.agreedLeader == 5 }, timeout: .seconds(1)))
    }

    @Test func agreedLeaderIsNilWhileAPartitionSplitsTheCluster() {
        let simulator = highestIDSimulator(options: SimulationOptions(seed: 5))
        simulator.startAll()
        simulator.run(for: .milliseconds(100))
        simulator.partition([[1, 2], [3, 4, 5]])
        simulator.run(for: .milliseconds(300))
        #expect(simulator.status(of: 1)?.leader == 2)
        #expect(simulator.status(of: 3)?.leader == 5)
        #expect(simulator.agreedLeader == nil)

        simulator.heal()
        #expect(simulator.run(until: { $0.agreedLeader == 5 }, timeout: .seconds(1)))
    }

    @Test func agreedLeaderLeavesPausedNodesOut() {
        let simulator = highestIDSimulator(options: SimulationOptions(seed: 6))
        simulator.startAll()
        simulator.pause(1)
        #expect(simulator.run(until: { $0.agreedLeader == 5 }, timeout: .seconds(1)))
        #expect(simulator.status(of: 1)?.leader == nil)  // hung before it learned anything
        simulator.resume(1)

        // A hung leader: the others move on; it still believes in itself.
        simulator.pause(5)
        #expect(simulator.agreedLeader == nil)
        #expect(simulator.run(until: { $0.agreedLeader == 4 }, timeout: .seconds(1)))
        #expect(simulator.status(of: 5)?.leader == 5)
        #expect(simulator.isRunning(5))

        // When it wakes up, it catches up with its backlog and takes over again.
        simulator.resume(5)
        #expect(simulator.run(until: { $0.agreedLeader == 5 }, timeout: .seconds(1)))
    }

    @Test func onTransitionSeesEveryInputWithTheStatusBeforeAndAfter() {
        let simulator = scriptedSimulator([1, 2], react: pingThenLead)
        var transitions: [(time: Instant, before: NodeStatus?, after: NodeStatus)] = []
        simulator.onTransition = { transitions.append(($0, $1, $2)) }
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(10))

        #expect(transitions.count == 4)  // two starts, the ping, the pong
        #expect(transitions[0].before == nil)
        #expect(transitions[0].after == NodeStatus(id: 2, role: .follower, leader: nil, term: 0))
        #expect(transitions[1].before == nil)
        #expect(transitions[2].time == .ms(1))
        #expect(transitions[2].before == NodeStatus(id: 2, role: .follower, leader: nil, term: 0))
        #expect(transitions[2].after == NodeStatus(id: 2, role: .leader, leader: 2, term: 1))
        #expect(transitions[3].time == .ms(2))
        #expect(transitions[3].after == NodeStatus(id: 1, role: .follower, leader: 2, term: 1))
    }

    @Test func theTraceTellsTheStoryInAStableFormat() {
        let simulator = runPingThenLead(recordsTrace: true)
        #expect(simulator.traceText == """
            t+0.000s node 2 started
            t+0.000s node 1 started
            t+0.000s node 1 log note: pinging node 2 (term 1)
            t+0.001s node 2 delivered ping from 1
            t+0.001s node 2 became leader
            t+0.001s node 2 now follows leader 2
            t+0.002s node 1 delivered pong from 2
            t+0.002s node 1 now follows leader 2

            """)
        #expect(simulator.trace[3] == TraceEntry(time: .ms(1), node: 2, kind: .delivered(type: "ping", from: 1)))
        #expect(TraceEntry(time: .ms(3), node: 4, kind: .leaderChanged(nil)).description
                == "t+0.003s node 4 now knows no leader")
    }

    @Test func turningTheTraceOffChangesNothingElse() {
        let traced = runPingThenLead(recordsTrace: true)
        let untraced = runPingThenLead(recordsTrace: false)
        #expect(untraced.trace.isEmpty)
        #expect(untraced.traceText == "")
        #expect(untraced.counters == traced.counters)
        #expect(untraced.runningStatuses == traced.runningStatuses)
        #expect(untraced.counters.messagesDelivered == 2)
    }
}
