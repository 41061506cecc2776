import Election
import ElectionSimulation

/// The faulty run every conformance check drives through the simulator: 3 to 5 nodes on a
/// lossy, duplicating, reordering network, and one fault every 20-150 ms for two seconds of
/// virtual time (kill -9, restart, graceful or forced stop, partition, heal, pause, resume,
/// slow node). Then the faults stop: the network heals and turns clean, hung nodes wake up,
/// slow nodes speed up and every node that is down starts again.
///
/// Everything comes from the seed: the script draws from its own generator, the simulator
/// from another, so one seed always gives the same run.
struct FaultScript {
    let seed: UInt64
    let faultDuration: Duration = .seconds(2)

    /// 3, 4 or 5 nodes, by seed.
    var members: [NodeID] { (1...(3 + Int(seed % 3))).map { NodeID($0) } }

    /// The simulator's options: the seed, and a network that loses 5%, duplicates 5% and
    /// reorders (up to 4 ms of jitter on 1 ms).
    func options(recordsTrace: Bool) -> SimulationOptions {
        SimulationOptions(seed: seed,
                          network: LinkConditions(baseDelay: .milliseconds(1), jitter: .milliseconds(4),
                                                  lossProbability: 0.05, duplicationProbability: 0.05),
                          recordsTrace: recordsTrace)
    }

    /// A simulator of `members` with these options, nobody started yet.
    func simulator<Node: ElectionProtocol>(_: Node.Type, settings: Node.Settings,
                                           recordsTrace: Bool = false) -> Simulator<Node> {
        Simulator<Node>(members: members, options: options(recordsTrace: recordsTrace), settings: { _ in settings })
    }

    /// Starts every node, injects the faults, then stops them (see above). The simulator's
    /// clock stands at the moment the faults stopped.
    func run<Node: ElectionProtocol>(on simulator: Simulator<Node>) {
        var faults = RandomFaults(random: SeededRandom(seed: seed ^ 0xFA17_5C21), menu: Self.faultMenu,
                                  slowestExtraDelay: .milliseconds(100))
        simulator.startAll()
        faults.run(on: simulator, for: faultDuration, gapsFrom: .milliseconds(20), below: .milliseconds(150))
        simulator.heal()
        simulator.setNetwork(LinkConditions())
        for node in simulator.members {
            simulator.setSlowNode(node, extraDelay: .zero)
            simulator.resume(node)
            simulator.start(node)  // does nothing to a node that is running
        }
    }

    /// Every kind of fault but the quiet spell, restarts twice as likely.
    static let faultMenu: [RandomFaults.Fault] = [
        .crash, .gracefulStop, .forcedStop, .restart, .restart, .partition, .heal, .pause, .resume, .slowDown,
    ]
}
