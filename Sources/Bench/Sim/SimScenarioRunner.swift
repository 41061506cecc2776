import AlgorithmRegistry
import Election

/// Runs the bench's scenarios in the simulator: virtual time, seeded faults, exactly
/// replayable. Every result it returns says `mode: sim` and `measurement: virtual clock`.
///
///     let runner = SimScenarioRunner(configuration: SimBenchConfiguration(seed: 7, trials: 20))
///     let results = try runner.runVariants(.slowHighest, algorithm: "bully") { print($0) }
///
/// Figure 16 is not a per-algorithm scenario; run it with `runFigure16`.
struct SimScenarioRunner: ScenarioRunning, Sendable {
    var configuration: SimBenchConfiguration
    /// The algorithms it can run, by name.
    var registry: AlgorithmRegistry

    init(configuration: SimBenchConfiguration, registry: AlgorithmRegistry = .standard) {
        self.configuration = configuration
        self.registry = registry
    }

    /// The scenarios this runner takes in `run` and `runVariants`.
    static let scenarios: [ScenarioName] = ScenarioVariants.scenarios

    func run(_ scenario: ScenarioName, algorithm: String,
                    progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try runVariants(scenario, algorithm: algorithm, progress: progress)[0]
    }

    func runVariants(_ scenario: ScenarioName, algorithm: String,
                            progress: @escaping @Sendable (String) -> Void) throws -> [ScenarioResult] {
        let plan = try variants(of: scenario)
        guard let entry = registry.entry(named: algorithm) else { throw SimBenchError.unknownAlgorithm(algorithm) }
        var visitor = VariantsVisitor(runner: self, plan: plan, progress: progress)
        return try AlgorithmRegistry.open(entry, with: &visitor).get()
    }

    /// The Raft paper's Figure 16 with `trialsPerRange` trials per range (`--trials`, else
    /// 1,000, or 10 with `--quick`); timing flags do not apply.
    func runFigure16(progress: @escaping @Sendable (String) -> Void) -> Figure16Result {
        let trials = configuration.trials ?? (configuration.quick ? 10 : Figure16Experiment.paperTrialsPerRange)
        return Figure16Experiment(seed: configuration.seed, trialsPerRange: trials).run(progress: progress)
    }

    /// Five-node failover trials per second, for each registered algorithm in order, through
    /// the same code as the failover scenario.
    func measureThroughput(trials: Int) throws -> [SimThroughput] {
        var visitor = ThroughputVisitor(configuration: configuration, trials: trials)
        return try registry.entries.map { try AlgorithmRegistry.open($0, with: &visitor).get() }
    }

    // MARK: - Plans

    /// The variants the configuration asks for.
    var variantPlan: ScenarioVariants {
        configuration.shape.applied(to: ScenarioVariants(clusterSize: configuration.clusterSize(for: .failover),
                                                         zombieSize: configuration.clusterSize(for: .zombie),
                                                         scaleSizes: configuration.scaleSizesToRun))
    }

    /// `Node`'s settings: the timing flags, and the variant's flags over them when the
    /// variant is `Node`'s.
    func settings<Node: RegisteredAlgorithm>(of _: Node.Type) throws -> Node.Settings {
        guard let variant = configuration.variant, variant.algorithm == Node.algorithmName else {
            return try Node.settings(from: configuration.timing)
        }
        return try variant.settings(for: Node.self, timing: configuration.timing)
    }

    private func variants(of scenario: ScenarioName) throws(SimBenchError) -> [ScenarioVariants.Variant] {
        if scenario == .figure16 { throw .figure16IsNotPerAlgorithm }
        if scenario == .zombie, variantPlan.zombieSize < 3 { throw .zombieTooSmall(variantPlan.zombieSize) }
        guard let variants = variantPlan.variants(of: scenario) else { throw .unknownScenario(scenario) }
        return variants
    }

    fileprivate func results<Node: RegisteredAlgorithm>(_ algorithm: Node.Type, _ plan: [ScenarioVariants.Variant],
                                                        progress: @escaping @Sendable (String) -> Void) throws -> [ScenarioResult] {
        let settings = try settings(of: Node.self)
        let engine = SimScenarioEngine<Node>(settings: settings, network: configuration.network,
                                             masterSeed: configuration.seed)
        return try plan.map { variant in
            let trials = configuration.trials(for: variant.scenario.name)
            let label = ScenarioVariants.label(variant, algorithm: engine.algorithm)
            return try engine.run(variant.scenario, clusterSize: variant.clusterSize, trials: trials) { done, total in
                progress("sim · \(label) · trial \(done)/\(total)")
            }
        }
    }
}

/// `SimScenarioRunner.results` with the algorithm's concrete type, so that the simulator runs
/// code compiled for it (`AlgorithmRegistry.open(_:with:)`).
private struct VariantsVisitor: AlgorithmVisitor {
    let runner: SimScenarioRunner
    let plan: [ScenarioVariants.Variant]
    let progress: @Sendable (String) -> Void

    func visit<Node: RegisteredAlgorithm>(_ algorithm: Node.Type) -> Result<[ScenarioResult], any Error> {
        Result { try runner.results(algorithm, plan, progress: progress) }
    }
}

/// `SimThroughput.measure` with the algorithm's concrete type, for the same reason.
private struct ThroughputVisitor: AlgorithmVisitor {
    let configuration: SimBenchConfiguration
    let trials: Int

    func visit<Node: RegisteredAlgorithm>(_ algorithm: Node.Type) -> Result<SimThroughput, any Error> {
        Result { try SimThroughput.measure(algorithm, configuration: configuration, trials: trials) }
    }
}

/// Why the simulated runner refused a request; each description says what to do instead.
enum SimBenchError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownAlgorithm(String)
    case unknownScenario(ScenarioName)
    case figure16IsNotPerAlgorithm
    case zombieTooSmall(Int)

    var description: String {
        switch self {
        case .unknownAlgorithm(let name):
            "there is no algorithm called '\(name)'; use \(AlgorithmRegistry.standard.namesInWords)"
        case .unknownScenario(let name):
            "there is no simulated scenario called '\(name)'; run election-bench --help for the list"
        case .figure16IsNotPerAlgorithm:
            "figure16 is a Raft-only experiment with its own result; run it with runFigure16"
        case .zombieTooSmall(let size):
            "zombie needs at least 3 configured members (one never runs, one stops), not \(size); "
                + "drop --nodes or give 3 or more"
        }
    }
}
