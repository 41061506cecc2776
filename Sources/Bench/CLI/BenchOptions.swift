import AlgorithmRegistry
import Election

/// What the user asked `election-bench` for: the parsed command line, before anything runs.
/// Every field has the default `--help` documents; `BenchCommandLine.parse` fills it.
public struct BenchOptions: Hashable, Sendable {
    /// What to run.
    enum Selection: Hashable, Sendable {
        /// No scenario named: the default suite.
        case defaultSuite
        /// `all`: every scenario in the simulator and the full Figure 16.
        case everything
        /// One scenario.
        case scenario(ScenarioName)
    }

    var selection: Selection = .defaultSuite
    /// `--trials N`: trials per result (figure16: per range). `nil`: each scenario's default.
    var trials: Int?
    /// `--nodes N` or, for scale, `--nodes 3,5,7`. `nil`: 5 in the simulator, 3 live (zombie 4).
    var nodes: [Int]?
    /// `--seed S`: the master seed of simulated runs.
    var seed: UInt64 = BenchOptions.defaultSeed
    /// The timing flags.
    var timing = BenchTiming()
    /// `--sim` or `--live`; `nil` when neither was given (simulator, except the default
    /// suite's failover, which runs live).
    var mode: RunMode?
    /// `--algorithm`: every registered algorithm for `both` (the default).
    var algorithms: [String] = AlgorithmRegistry.standard.names
    /// `--out DIR`.
    var outputDirectory: String = ResultsWriter.defaultDirectoryName
    /// `--with etcd`, `--with workshop=PATH` (repeatable), `--with none`: outside systems
    /// measured beside ours in the live failover and rejoin. `nil` (no `--with`): etcd in
    /// the default run when it is on PATH, nothing otherwise.
    var peers: [BenchPeer]?
    /// `--etcd-timeouts same|defaults|H:E`: etcd's heartbeat and election timeout.
    var etcdTimeouts: EtcdTimeouts = .same
    /// `--quick`: a smoke run with a few trials per result.
    var quick = false
    /// The command line as typed, for `results.json`.
    var commandLine: [String] = []
    /// `--variant NAME[,NAME...]`: the variants a single scenario runs, by `VariantChoice`
    /// name, each for every chosen algorithm that offers it. `nil` (no `--variant`): each
    /// algorithm's defaults, as `election-node` runs it with no flags.
    var variantNames: [String]?
    /// One row of a series: the variant its algorithm runs and its changes to the scenario's
    /// shape. `nil` (a runner made outside a series): every algorithm at the bench's textbook
    /// baseline, `BenchAlgorithm.settings(from:)`.
    var variant: BenchVariant?
    var shape = ScenarioShape()

    static let defaultSeed: UInt64 = 1
    /// The cluster size of live runs when `--nodes` is not given.
    static let defaultLiveClusterSize = 3

    init() {}

    /// The peers to run beside `scenario` in `mode`: those given with `--with`, or, in the
    /// default run only, etcd (a missing etcd then costs one line on stderr, not the run).
    func peers(for scenario: ScenarioName, mode: RunMode) -> [BenchPeer] {
        guard mode == .live, PeerScenarioRunner.supportedScenarios.contains(scenario) else { return [] }
        // The peers have no hung-leader fault: PeerScenarioRunner maps kills and stops only.
        guard shape.failoverFaults?.contains(.hang) != true else { return [] }
        if let peers { return peers }
        return selection == .defaultSuite ? [.etcd] : []
    }

    /// The rows a single scenario runs: the `--variant` names (or each algorithm's defaults)
    /// for the chosen algorithms.
    var chosenVariants: [BenchVariant] {
        VariantChoice.rows(named: variantNames ?? [VariantChoice.defaultsName], algorithms: algorithms)
    }

    /// The single cluster size given with `--nodes`, if one was.
    var clusterSize: Int? {
        guard let nodes, nodes.count == 1 else { return nil }
        return nodes[0]
    }

    /// The simulated runner's configuration for these options.
    var simConfiguration: SimBenchConfiguration {
        var configuration = SimBenchConfiguration(seed: seed, trials: trials, clusterSize: clusterSize,
                                                  scaleSizes: nodes, timing: timing, quick: quick)
        configuration.variant = variant
        configuration.shape = shape
        return configuration
    }
}
