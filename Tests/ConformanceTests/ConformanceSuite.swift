import Election
import ElectionSimulation

/// The conformance suite: the promises `ElectionProtocol` makes (`ConformanceCheck`),
/// checked for one algorithm through seeded faulty runs in the simulator (`FaultScript`)
/// and by handing inputs to copies of its nodes taken from those runs.
///
/// Each check returns its findings, one sentence each, starting with the seed that shows
/// it; none means the algorithm keeps that promise in these runs. Returning findings rather
/// than failing lets a test assert both ways: a correct algorithm has none, and a broken toy
/// has the one its bug deserves.
struct ConformanceSuite<Node: ElectionProtocol> {
    /// The settings every node runs with, read through the algorithm's flags.
    let settings: Node.Settings
    /// How long a healed cluster may take to agree on a leader: ten quiet elections.
    let convergenceBound: Duration
    /// How long an agreed leader must then stay agreed: one quiet election.
    let quietElection: Duration
    /// Whether the agreed leader must be the highest running id (Bully).
    let highestRunningIdLeads: Bool
    /// Whether the algorithm promises one leader per term, and so must keep its term on disk.
    var keepsTermOnDisk: Bool
    var seeds: [UInt64] = Self.defaultSeeds
    static var defaultSeeds: [UInt64] { Array(1...6) }

    /// The suite for `Node`, described by the registry entry `Entry` (`Node` itself, or the
    /// real algorithm a broken toy wraps), with the settings that `flagValues` give through
    /// the entry's flags (none: its defaults).
    init<Entry: RegisteredAlgorithm>(_: Node.Type, describedBy _: Entry.Type, flagValues: [String: String] = [:]) throws
    where Entry.Settings == Node.Settings {
        settings = try Entry.settings(from: flagValues)
        quietElection = Entry.longestQuietElection(of: settings)
        convergenceBound = quietElection * 10
        highestRunningIdLeads = Entry.highestRunningIdLeads
        keepsTermOnDisk = Entry.promisesOneLeaderPerTerm
    }

    /// The findings of one check.
    func findings(_ check: ConformanceCheck) -> [String] {
        switch check {
        case .sameSeedSameTrace: sameSeedSameTraceFindings()
        case .silentAfterStop: silentAfterStopFindings()
        case .persistsBeforeSending: persistsBeforeSendingFindings()
        case .onlyPendingTimersAct: onlyPendingTimersActFindings()
        case .messagesRoundTrip: messagesRoundTripFindings()
        case .statusAgreesWithEffects: statusAgreesWithEffectsFindings()
        case .convergesAfterFaults: convergesAfterFaultsFindings()
        }
    }

    // MARK: - Runs

    /// The faulty run of `seed`, then as long again as convergence may take, with every
    /// input every node handled.
    func journaledRun(seed: UInt64) -> [HandledInput<Node>] {
        let script = FaultScript(seed: seed)
        let journal = HandlerJournal<Node>()
        let simulator = script.simulator(JournaledNode<Node>.self,
                                         settings: .init(inner: settings, journal: journal))
        script.run(on: simulator)
        simulator.run(for: convergenceBound)
        return journal.steps
    }

    /// A node as the runtime creates it after a crash: from what its disk holds.
    func rebuilt(_ id: NodeID, seed: UInt64, from disk: Node.DurableState?) -> Node {
        Node(id: id, members: FaultScript(seed: seed).members, settings: settings, random: SeededRandom(seed: seed),
             durable: disk)
    }

    /// About 40 moments of a run, evenly spread, at which a check takes a node's copy and
    /// hands it inputs by hand.
    func sampled(_ steps: [HandledInput<Node>]) -> [HandledInput<Node>] {
        let stride = max(1, steps.count / 40)
        return steps.indices.filter { $0 % stride == 0 }.map { steps[$0] }
    }
}
