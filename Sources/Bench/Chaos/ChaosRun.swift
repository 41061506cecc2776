import Election
import ElectionSimulation

/// One seeded chaos run: a cluster of `Node`s in the simulator, random faults for a while
/// (crashes, graceful stops, restarts, partitions, pauses, slow nodes, a lossy network and
/// storage faults), then the faults stop and the cluster must recover. The algorithm's
/// safety rules are checked after every input every node handles, and split brain is
/// measured throughout.
///
/// Everything comes from the seed: the fault script from one generator, the simulation
/// from another, so `ChaosRun(seed: 123, ...)` always replays the same run.
struct ChaosRun<Node: ChaosAlgorithm> {
    let seed: UInt64
    let nodes: Int
    let faultDuration: Duration
    var injectsStorageFaults = true
    let recordsTrace: Bool
    /// Every node's settings (`ChaosSettingsChoice`); the algorithm's chaos defaults unless given.
    var settings = Node.chaosSettings

    /// The script's generator is kept apart from the simulator's (seeded with the seed
    /// itself), so the faults and the cluster's own randomness do not shift each other.
    private static var scriptSalt: UInt64 { 0xC4A0_5EED }
    /// The longest a slow write can take (`drawStorageFaults`).
    private static var longestWrite: Duration { .milliseconds(20) }

    func run() -> ChaosRunResult {
        var script = SeededRandom(seed: seed ^ Self.scriptSalt)
        var result = ChaosRunResult(seed: seed, algorithm: Node.algorithmName, nodes: nodes)
        let network = LinkConditions(
            baseDelay: script.duration(from: .milliseconds(1), below: .milliseconds(5)),
            jitter: script.duration(from: .zero, below: .milliseconds(10)),
            lossProbability: Double(script.next() % 20) / 100,
            duplicationProbability: Double(script.next() % 10) / 100)
        let storageFaults = Self.drawStorageFaults(&script)  // drawn either way: the script stays the same
        let options = SimulationOptions(seed: seed, network: network, recordsTrace: recordsTrace,
                                        storageFaults: injectsStorageFaults ? storageFaults : .none)
        let settings = self.settings
        let simulator = Simulator<Node>(members: (1...nodes).map { NodeID($0) }, options: options,
                                        settings: { _ in settings })
        let highestMustLead = Node.highestRunningIdLeads(with: settings)
        let observer = ChaosObserver<Node>(highestRunningIdLeads: highestMustLead)
        observer.watch(simulator)
        let meter = observer.splitBrain
        simulator.startAll()

        // 1. Faults, one every 20-150 ms, until `faultDuration` has passed.
        var faults = RandomFaults(random: script, menu: Self.faultMenu, slowestExtraDelay: ChaosOptions.slowestExtraDelay)
        faults.run(on: simulator, for: faultDuration, gapsFrom: .milliseconds(20), below: .milliseconds(150)) { fault in
            if let fault { result.faults.count(fault) }
            meter.update(actingLeaders: Self.actingLeaders(in: simulator), at: simulator.now)
        }
        script = faults.random
        result.faults.handOvers = faults.leadersStoppedGracefully

        // 2. The faults stop: storage behaves (a write still in flight keeps the fault it was
        //    given, so give those writes time to finish before counting who is down), the
        //    network heals and turns clean, hung nodes wake up, and every crashed node but a
        //    few the algorithm can spare comes back.
        simulator.setStorageFaults(.none)
        simulator.run(for: Self.longestWrite)
        simulator.heal()
        simulator.setNetwork(LinkConditions())
        for node in simulator.members {
            simulator.setSlowNode(node, extraDelay: .zero)
            simulator.resume(node)
        }
        var mayStayDown = Node.mayStayDown(size: nodes)
        for node in simulator.members where !simulator.isRunning(node) {
            if mayStayDown > 0 && script.chance(0.5) {
                mayStayDown -= 1
            } else {
                simulator.restart(node)
            }
        }
        meter.update(actingLeaders: Self.actingLeaders(in: simulator), at: simulator.now)

        // 3. Recovery, within the algorithm's bound.
        let faultsStopped = simulator.now
        let recovered = simulator.run(until: { simulator in
            Node.hasRecovered(agreedLeader: simulator.agreedLeader, highestRunning: Self.highestRunning(in: simulator),
                              highestMustLead: highestMustLead)
        }, timeout: Node.recoveryBound)
        if recovered {
            result.recovery = simulator.now - faultsStopped
            watchRecoveredCluster(simulator, observer: observer)
        } else {
            result.violations.append("no recovery within \(Node.recoveryBound) after the faults stopped: "
                                     + Node.recoveryInvariant(highestMustLead: highestMustLead) + "; statuses "
                                     + simulator.runningStatuses.map(\.description).joined(separator: "; "))
        }

        meter.finish(at: simulator.now)
        observer.stopWatching(simulator)
        result.violations = observer.check.violations + result.violations
        result.leaderships = observer.leaderships
        result.checked = observer.check.checked
        result.faults.add(simulator.counters)
        result.splitBrain = meter.total
        result.splitBrainEpisodes = meter.episodes
        result.longestSplitBrain = meter.longest
        result.virtualTime = simulator.now.sinceStart
        if recordsTrace { result.trace = simulator.traceText }
        return result
    }

    /// 4. The recovered cluster, held to the check's rules for `Node.recoveredWatch`: at
    ///    recovery, at every step after it, and when the watch ends.
    private func watchRecoveredCluster(_ simulator: Simulator<Node>, observer: ChaosObserver<Node>) {
        guard Node.recoveredWatch > .zero else { return }
        observer.check.observe(recoveredCluster: simulator.runningStatuses, at: simulator.now, watchEnded: false)
        observer.watchesRecoveredCluster = true
        simulator.run(for: Node.recoveredWatch)
        observer.watchesRecoveredCluster = false
        observer.check.observe(recoveredCluster: simulator.runningStatuses, at: simulator.now, watchEnded: true)
    }

    // MARK: - Faults

    /// Each storage fault is on in about half the runs, at a strength drawn per run.
    static func drawStorageFaults(_ script: inout SeededRandom) -> StorageFaults {
        var faults = StorageFaults()
        if script.chance(0.5) { faults.crashWithinInputProbability = Double(1 + script.next() % 10) / 1_000 }
        if script.chance(0.5) { faults.crashAroundPersistProbability = Double(1 + script.next() % 20) / 100 }
        if script.chance(0.5) {
            faults.persistLatencyMax = script.duration(from: .milliseconds(1), below: longestWrite)
        }
        if script.chance(0.5) { faults.persistFailureProbability = Double(1 + script.next() % 5) / 100 }
        return faults
    }

    /// The faults a run draws from, each as likely: process faults (graceful stops included,
    /// half of them of the leader, so the hand-overs are under the same checks as the
    /// crashes), network faults, and a quiet spell. Restarts pick a node that is down, so
    /// nodes that storage faults crashed or that were stopped come back too, as a
    /// supervisor would bring them back.
    static var faultMenu: [RandomFaults.Fault] {
        [.crash, .gracefulStop, .restart, .partition, .heal, .pause, .resume, .slowDown, .quiet]
    }

    // MARK: - Looking at the cluster

    /// Nodes that are running, not hung, and leading.
    static func actingLeaders(in simulator: Simulator<Node>) -> Int {
        var count = 0
        for node in simulator.members where !simulator.isPaused(node) && simulator.status(of: node)?.isLeader == true {
            count += 1
        }
        return count
    }

    static func highestRunning(in simulator: Simulator<Node>) -> NodeID? {
        simulator.members.last { simulator.isRunning($0) }
    }
}
