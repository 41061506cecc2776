import AlgorithmRegistry
import Election

/// Runs the bench's scenarios on real `election-node` processes over loopback TCP and
/// turns what the nodes logged into `ScenarioResult`s (mode `live`, times from node event
/// timestamps, with the measurement error worked out from the run itself).
///
///     let runner = LiveScenarioRunner(options: LiveBenchOptions())
///     let results = try runner.runVariants(.failover, algorithm: "raft") { print($0) }
///
/// Each scenario is the very one the simulator runs (`BenchScenario`, written once against
/// `ElectionCluster`), with the same variants (`ScenarioVariants`) and parameters
/// (`ScenarioParameters`); only the cluster underneath is live (`LiveCluster`) and the
/// trials run one after another on it (`LiveScenarioEngine`). Every scenario but figure16
/// runs live.
///
/// Every cluster is shut down (every process killed, its directory removed) before a
/// function returns or throws.
public struct LiveScenarioRunner: ScenarioRunning, Sendable {
    var options: LiveBenchOptions
    /// The algorithms it can run, by name.
    var registry: AlgorithmRegistry

    public init(options: LiveBenchOptions = LiveBenchOptions(), registry: AlgorithmRegistry = .standard) {
        self.options = options
        self.registry = registry
    }

    /// The algorithms `election-node` runs.
    static let algorithms = AlgorithmRegistry.standard.names

    /// The scenarios with a live version, in presentation order.
    static let supportedScenarios: [ScenarioName] = ScenarioVariants.scenarios

    /// The first variant of `scenario` (failover: the first of `failoverFaults`;
    /// slow-highest: the first delay factor; flapping: the first node; scale: the first
    /// size), and only that one is run. `runVariants` runs them all.
    public func run(_ scenario: ScenarioName, algorithm: String,
                    progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        var narrowed = self
        narrowed.options.failoverFaults = Array(options.failoverFaults.prefix(1))
        narrowed.options.flappingNodes = Array(options.flappingNodes.prefix(1))
        narrowed.options.slowFactors = Array(options.slowFactors.prefix(1))
        narrowed.options.scaleSizes = Array(options.scaleSizes.prefix(1))
        let results = try narrowed.runVariants(scenario, algorithm: algorithm, progress: progress)
        guard let first = results.first else { throw LiveBenchError.invalidOptions("\(scenario) produced no result") }
        return first
    }

    /// Every variant of `scenario` for `algorithm`, one result each: per fault (failover),
    /// per delay factor (slow-highest), per node (flapping), per size (scale).
    public func runVariants(_ scenario: ScenarioName, algorithm: String,
                            progress: @escaping @Sendable (String) -> Void) throws -> [ScenarioResult] {
        try options.validate()
        guard let variants = options.variantPlan.variants(of: scenario) else {
            throw LiveBenchError.unsupportedScenario(scenario.rawValue)
        }
        let engine = LiveScenarioEngine(options: options,
                                        algorithm: try LiveAlgorithm.named(algorithm, in: registry, timing: options.timing))
        return try variants.map { try engine.run($0, trials: options.trials(for: scenario), progress: progress) }
    }
}
