import AlgorithmRegistry
import Election

/// One table: a scenario run once per named variant. In the default run, each option's gain
/// sits in the row next to its baseline ("Raft (defaults)" beside "Raft textbook"); a single
/// scenario (`election-bench failover`) is a series without a title, of the variants
/// `--variant` picked (each algorithm's defaults unless it says otherwise).
///
/// A series may change the scenario's shape (only the SIGINT failover, a 30 s storm), run at
/// timeouts of its own (timeouts only: heartbeat 50 ms, election timeout 500 ms) and run
/// etcd beside ours at the same settings.
struct VariantSeries: Hashable, Sendable {
    var scenario: ScenarioName
    var mode: RunMode
    /// What the table compares, after the scenario's name: "kill -9 · fast detection on and off";
    /// `nil` for a single scenario, whose table is the scenario's own.
    var title: String?
    var variants: [BenchVariant] = []
    var shape = ScenarioShape()
    /// The timing flags of this series; `nil` keeps the run's.
    var timing: BenchTiming?
    /// Trials per variant, unless `--trials` says otherwise; `nil`: the scenario's own.
    var trials: Int?
    /// Whether etcd (or the `--with` peers) runs beside ours, with our Raft variant's PreVote.
    var withPeers = false

    /// One scenario as the command line asked for it: `variants` as rows, the run's own
    /// shape, timing and trials, and the `--with` peers beside them when it runs live.
    static func single(_ scenario: ScenarioName, mode: RunMode, variants: [BenchVariant],
                       shape: ScenarioShape) -> VariantSeries {
        VariantSeries(scenario: scenario, mode: mode, title: nil, variants: variants, shape: shape,
                      trials: nil, withPeers: true)
    }

    /// The options one variant of the series runs with.
    func options(for variant: BenchVariant?, from options: BenchOptions) -> BenchOptions {
        var options = options
        options.variant = variant
        options.shape = shape
        if let timing { options.timing = timing }
        if options.trials == nil, let trials { options.trials = trials }
        if mode == .live, options.nodes == nil { options.nodes = [BenchOptions.defaultLiveClusterSize] }
        return options
    }

    /// The variant whose settings the peers follow (etcd's PreVote is our Raft's): the
    /// series' first variant of an algorithm that, as etcd does, promises one leader per
    /// term, else the first.
    var peersFollow: BenchVariant? {
        variants.first { AlgorithmRegistry.standard.entry(named: $0.algorithm)?.promisesOneLeaderPerTerm == true }
            ?? variants.first
    }

    /// `result` marked as this series' row named `name`, with the variant's flags on record.
    func stamp(_ result: ScenarioResult, as name: String, flags: String?) -> ScenarioResult {
        var stamped = result
        stamped.variant = name
        stamped.series = title
        if let flags { stamped.options[ConsoleComparison.variantFlagsKey] = flags }
        return stamped
    }
}

extension VariantSeries {
    /// Timeouts only: the timing issue 8 compares with etcd at (heartbeat 50 ms, election
    /// timeout 500 ms), with fast detection off, so only timeouts find a dead leader.
    static let timeoutsOnlyTiming = BenchTiming(heartbeat: .milliseconds(50), electionTimeoutMin: .milliseconds(500))

    /// The series of the default run: live failovers first (kill -9, Ctrl+C, timeouts only,
    /// a hung leader), then the simulated storms. Each entry of `registry` that offers variants
    /// for a series' comparison adds its defaults row, then those variants; a series nobody
    /// offers a variant for is left out. A series with no comparison (the hung leader) has one
    /// row per entry, at its defaults. Trial counts keep the whole run within two minutes on a 2-core
    /// machine; `quick` takes a few of each.
    static func defaultSuite(liveMode: RunMode, quick: Bool,
                             registry: AlgorithmRegistry = .standard) -> [VariantSeries] {
        let live = { (normal: Int) in quick ? 2 : normal }
        let sim = { (normal: Int) in quick ? 3 : normal }
        let storm = ScenarioShape(flappingPeriod: .seconds(1), flappingCycles: 30)
        let plans: [(BenchComparison?, VariantSeries)] = [
            (.crashDetection, VariantSeries(
                scenario: .failover, mode: liveMode, title: "kill -9 · each option on (defaults) and off",
                shape: ScenarioShape(failoverFaults: [.kill]), trials: live(6), withPeers: true)),
            (.handOver, VariantSeries(
                scenario: .failover, mode: liveMode, title: "Ctrl+C (SIGINT; etcd SIGTERM) · hand-over on and off",
                shape: ScenarioShape(failoverFaults: [.stop]), trials: live(5), withPeers: true)),
            (.timeoutsOnly, VariantSeries(
                scenario: .failover, mode: liveMode,
                title: "kill -9 · timeouts only, heartbeat 50 ms, election 500 ms",
                shape: ScenarioShape(failoverFaults: [.kill]), timing: timeoutsOnlyTiming,
                trials: live(4), withPeers: true)),
            // No peers: etcd's own hang is not this bench's fault to map (and SIGSTOP of a
            // peer the bench does not resume would stall the run).
            (nil, VariantSeries(
                scenario: .failover, mode: liveMode, title: "SIGSTOP of the leader · timeouts find it",
                shape: ScenarioShape(failoverFaults: [.hang]), trials: live(3))),
            (.disruptionOptions, VariantSeries(
                scenario: .flapping, mode: .sim, title: "a follower flaps every 1 s for 30 s · options on and off",
                shape: ScenarioShape(flappingNodes: [.follower], flappingPeriod: storm.flappingPeriod,
                                     flappingCycles: storm.flappingCycles),
                trials: sim(20))),
            (.disruptionOptions, VariantSeries(
                scenario: .slowHighest, mode: .sim, title: "2x · options on and off",
                shape: ScenarioShape(slowFactors: [2]), trials: sim(50))),
            (.highestIDStability, VariantSeries(
                scenario: .slowHighest, mode: .sim, title: "2x, watched for 30 s · classic and sticky",
                shape: ScenarioShape(slowFactors: [2], slowObservation: .seconds(30)), trials: sim(20))),
            (.disruptionOptions, VariantSeries(
                scenario: .partition, mode: .sim, title: "options on and off", trials: sim(50))),
            (.highestIDStorm, VariantSeries(
                scenario: .flapping, mode: .sim, title: "the highest id flaps every 1 s for 30 s · classic and sticky",
                shape: ScenarioShape(flappingNodes: [.highestID], flappingPeriod: storm.flappingPeriod,
                                     flappingCycles: storm.flappingCycles),
                trials: sim(20))),
        ]
        return plans.compactMap { comparison, series in
            var series = series
            series.variants = comparison.map { variants(for: $0, from: registry) }
                ?? registry.entries.map { BenchVariant.defaults(of: $0) }
            return series.variants.isEmpty ? nil : series
        }
    }

    /// The rows `comparison` compares: for each entry in order that offers variants for it,
    /// its defaults (unless the comparison has none) and then those variants.
    static func variants(for comparison: BenchComparison, from registry: AlgorithmRegistry) -> [BenchVariant] {
        registry.entries.flatMap { entry -> [BenchVariant] in
            let offers = entry.benchVariants(for: comparison)
            guard !offers.isEmpty else { return [] }
            let defaults = comparison.includesDefaults ? [BenchVariant.defaults(of: entry)] : []
            return defaults + offers.map { BenchVariant(entry, $0) }
        }
    }
}
