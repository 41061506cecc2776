import Testing
@testable import Election
@testable import ElectionSimulation

/// On start, node 1 persists `counter + 1` and then tells node 2 about it: the order of a
/// Raft vote (persist, then the reply that depends on it).
private let persistThenPing: ScriptedNode.Reaction = { node, input, _ in
    guard case .start = input, node.id == 1 else { return [] }
    let counter = (node.durableAtBoot?.counter ?? 0) + 1
    return [.persist(ToyDurable(counter: counter)), .send(ToyMessage("ping", counter), to: 2)]
}

/// On start, node 1 sends three numbered messages to node 2, one effect each.
private let threeSends: ScriptedNode.Reaction = { node, input, _ in
    guard case .start = input, node.id == 1 else { return [] }
    return (1...3).map { .send(ToyMessage("n", $0), to: 2) }
}

/// On start, node 1 persists twice in a row (a Raft voter's new term, then its vote in
/// it) and then tells node 2.
private let twoPersistsThenPing: ScriptedNode.Reaction = { node, input, _ in
    guard case .start = input, node.id == 1 else { return [] }
    return [.persist(ToyDurable(counter: 1)), .persist(ToyDurable(counter: 2)), .send(ToyMessage("ping", 2), to: 2)]
}

/// `persistThenPing`, and node 2 says hello to node 1 as soon as it starts.
private let persistThenPingAndHello: ScriptedNode.Reaction = { node, input, now in
    guard case .start = input, node.id == 2 else { return persistThenPing(&node, input, now) }
    return [.send(ToyMessage("hello"), to: 1)]
}

/// Each storage fault does what `StorageFaults` says, and nothing happens while they are off.
@Suite struct SimulatorStorageFaultTests {
    @Test func faultsAreOffByDefault_aPersistIsDurableAtOnceAndEveryEffectIsPerformed() {
        #expect(SimulationOptions(seed: 1).storageFaults == .none)
        #expect(!StorageFaults.none.isEnabled)
        let simulator = scriptedSimulator([1, 2], react: persistThenPing)
        simulator.start(2)  // first, so that it hears node 1's ping
        simulator.start(1)
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))
        simulator.run(for: .milliseconds(5))
        #expect(simulator.arrivals(of: 2).map(\.message) == [ToyMessage("ping", 1)])
        let counters = simulator.counters
        #expect(counters.crashesWithinInput == 0 && counters.persistsDelayed == 0 && counters.persistFailures == 0)
    }

    /// Storage draws come from a generator of their own: faults that are on but never strike
    /// leave the network's and the nodes' draws, and so the whole trace, as they were.
    @Test func faultsThatNeverStrike_leaveTheTraceOfASeedUnchanged() {
        func story(_ faults: StorageFaults) -> String {
            var options = SimulationOptions(seed: 5, network: LinkConditions(jitter: .milliseconds(3),
                                                                            lossProbability: 0.1))
            options.storageFaults = faults
            let simulator = highestIDSimulator(options: options)
            simulator.startAll()
            simulator.run(for: .milliseconds(300))
            simulator.crash(5)
            simulator.run(for: .milliseconds(300))
            return simulator.traceText
        }
        let never = StorageFaults(crashWithinInputProbability: 1e-300)
        #expect(never.isEnabled)
        #expect(story(never) == story(.none))
        #expect(story(StorageFaults(crashWithinInputProbability: 0.05)) != story(.none))
    }

    @Test func aCrashAroundAPersist_losesTheWriteOrKeepsItButNeverSendsWhatFollows() {
        var crashPoints: Set<String> = []
        for seed in UInt64(1)...20 {
            let simulator = scriptedSimulator([1, 2], seed: seed, storageFaults: .init(crashAroundPersistProbability: 1),
                                              react: persistThenPing)
            simulator.start(2)
            simulator.start(1)
            simulator.run(for: .milliseconds(5))
            #expect(!simulator.isRunning(1), "seed \(seed)")
            #expect(simulator.arrivals(of: 2).isEmpty, "seed \(seed): the ping left before or without the write")
            #expect(simulator.counters.crashesWithinInput == 1, "seed \(seed)")
            crashPoints.insert(simulator.persisted(1) == nil ? "before the persist" : "after the persist")
        }
        #expect(crashPoints == ["before the persist", "after the persist"])
    }

    @Test func aCrashWithinAnInput_performsOnlyTheEffectsBeforeIt() {
        var delivered: Set<[Int]> = []
        for seed in UInt64(1)...30 {
            let simulator = scriptedSimulator([1, 2], seed: seed, storageFaults: .init(crashWithinInputProbability: 1),
                                              react: threeSends)
            simulator.start(2)
            simulator.start(1)
            simulator.run(for: .milliseconds(5))
            #expect(!simulator.isRunning(1), "seed \(seed)")
            let values = simulator.arrivals(of: 2).map(\.message.value)
            #expect(values == Array((1...3).prefix(values.count)) && values.count < 3, "seed \(seed): \(values)")
            delivered.insert(values)
        }
        #expect(delivered == [[], [1], [1, 2]])  // every crash point of the three was drawn
    }

    @Test func persistLatency_laterEffectsAndNewInputsWaitForTheWrite() throws {
        let faults = StorageFaults(persistLatencyMin: .milliseconds(10), persistLatencyMax: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], storageFaults: faults, react: persistThenPingAndHello)
        simulator.startAll()
        simulator.run(until: .ms(9))
        #expect(simulator.persisted(1) == nil)
        #expect(simulator.inputs(of: 1) == ["t+0.000s start"])  // hello (due at 1 ms) is queued
        simulator.run(until: .ms(10))
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.010s receive hello 0 from 2"])
        simulator.run(for: .milliseconds(5))
        let ping = try #require(simulator.arrivals(of: 2).first)
        #expect(ping.time == .ms(11))  // sent when the write completed, one link delay later
        #expect(simulator.counters.persistsDelayed == 1)
    }

    @Test func persistLatency_aWriteFollowedAtOnceByAnotherIsSkipped_onlyTheLastTakesTime() throws {
        let faults = StorageFaults(persistLatencyMin: .milliseconds(10), persistLatencyMax: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], storageFaults: faults, react: twoPersistsThenPing)
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: .milliseconds(30))
        let ping = try #require(simulator.arrivals(of: 2).first)
        #expect(ping.time == .ms(11))  // one 10 ms write, not two, then one link delay
        #expect(simulator.persisted(1) == ToyDurable(counter: 2))
        #expect(simulator.counters.persistsDelayed == 1)
    }

    @Test func persistLatency_aCrashDuringTheWriteLosesItAndWhatFollows() {
        let faults = StorageFaults(persistLatencyMin: .milliseconds(10), persistLatencyMax: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], initialDurable: [1: ToyDurable(counter: 7)], storageFaults: faults,
                                          react: persistThenPing)
        simulator.startAll()
        simulator.after(.milliseconds(5)) { $0.crash(1) }
        simulator.run(for: .milliseconds(30))
        #expect(simulator.persisted(1) == ToyDurable(counter: 7))
        #expect(simulator.arrivals(of: 2).isEmpty)
        #expect(simulator.traceText.contains("node 1 storage: the write in flight is lost"))
    }

    @Test func persistLatency_aWriteThatCompletesDuringAPause_goesOnAtResume() throws {
        let faults = StorageFaults(persistLatencyMin: .milliseconds(10), persistLatencyMax: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], storageFaults: faults, react: persistThenPingAndHello)
        simulator.startAll()
        simulator.after(.milliseconds(5)) { $0.pause(1) }
        simulator.after(.milliseconds(20)) { $0.resume(1) }
        simulator.run(for: .milliseconds(15))
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))  // the disk finished the write
        #expect(simulator.arrivals(of: 2).isEmpty)                   // the hung process did not go on
        simulator.run(for: .milliseconds(15))
        #expect(simulator.inputs(of: 1) == ["t+0.000s start", "t+0.020s receive hello 0 from 2"])
        #expect(try #require(simulator.arrivals(of: 2).first).time == .ms(21))
    }

    @Test(arguments: [Duration.zero, .milliseconds(10)])
    func aFailedPersist_crashesTheNodeAndTheDiskKeepsTheOldState(latency: Duration) {
        let faults = StorageFaults(persistLatencyMin: latency, persistLatencyMax: latency, persistFailureProbability: 1)
        let simulator = scriptedSimulator([1, 2], initialDurable: [1: ToyDurable(counter: 7)], storageFaults: faults,
                                          react: persistThenPing)
        simulator.start(2)
        simulator.start(1)
        simulator.run(for: latency / 2)
        #expect(simulator.isRunning(1) == (latency > .zero))  // a slow write fails when it is due
        simulator.run(for: .milliseconds(20))
        #expect(!simulator.isRunning(1))
        #expect(simulator.persisted(1) == ToyDurable(counter: 7))
        #expect(simulator.arrivals(of: 2).isEmpty)
        #expect(simulator.counters.persistFailures == 1)
        #expect(simulator.counters.crashesWithinInput == 0)
        // It restarts from the old state, as the live node would after exit 1.
        simulator.setStorageFaults(.none)
        simulator.restart(1)
        #expect(simulator.persisted(1) == ToyDurable(counter: 8))
    }

    @Test func stoppingANodeBlockedInAWrite_finishesTheWriteFirst() {
        let faults = StorageFaults(persistLatencyMin: .milliseconds(10), persistLatencyMax: .milliseconds(10))
        let simulator = scriptedSimulator([1, 2], storageFaults: faults, react: persistThenPing)
        simulator.startAll()
        simulator.after(.milliseconds(3)) { $0.stop(1, graceful: true) }
        simulator.run(for: .milliseconds(10))
        #expect(!simulator.isRunning(1))
        #expect(simulator.persisted(1) == ToyDurable(counter: 1))
        #expect(simulator.arrivals(of: 2).map(\.time) == [.ms(4)])
    }
}
