import Election
import ElectionSimulation

/// Everything the simulated runner needs from the command line.
public struct SimBenchConfiguration: Hashable, Sendable {
    /// The master seed (`--seed`); every trial's seed derives from it.
    var seed: UInt64
    /// Trials per result (`--trials`); `nil` takes each scenario's default.
    var trials: Int?
    /// Cluster size (`--nodes`); `nil` takes 5 (zombie: 4 configured).
    var clusterSize: Int?
    /// Cluster sizes for scale (`--nodes 3,5,7`); `nil` takes `simulatedScaleSizes`.
    var scaleSizes: [Int]?
    var timing: BenchTiming
    var network: LinkConditions
    /// A smoke run (`--quick`): a few trials per result, a few scale sizes.
    var quick: Bool
    /// The variant to run, for its algorithm only (`nil`: every algorithm as shipped).
    var variant: BenchVariant?
    /// Changes to the scenarios' usual shape.
    var shape = ScenarioShape()

    /// The cluster size when none is given.
    static let defaultClusterSize = 5
    /// Trials per result in a quick run.
    static let quickTrials = 5
    /// Scale's sizes in a quick run.
    static let quickScaleSizes = [3, 5, 9]

    init(seed: UInt64 = 1, trials: Int? = nil, clusterSize: Int? = nil, scaleSizes: [Int]? = nil,
                timing: BenchTiming = BenchTiming(), network: LinkConditions = SimNetwork.loopbackLike,
                quick: Bool = false) {
        self.seed = seed
        self.trials = trials
        self.clusterSize = clusterSize
        self.scaleSizes = scaleSizes
        self.timing = timing
        self.network = network
        self.quick = quick
    }

    /// Trials per result for `scenario`.
    func trials(for scenario: ScenarioName) -> Int {
        if let trials { return trials }
        if quick { return Self.quickTrials }
        return ScenarioDefinition.named(scenario.rawValue)?.defaultSimulatedTrials ?? 100
    }

    /// The cluster size for `scenario` (every scenario but scale).
    func clusterSize(for scenario: ScenarioName) -> Int {
        if let clusterSize { return clusterSize }
        return scenario == .zombie ? ScenarioParameters.zombieConfiguredMembers : Self.defaultClusterSize
    }

    /// The sizes scale runs.
    var scaleSizesToRun: [Int] {
        scaleSizes ?? (quick ? Self.quickScaleSizes : ScenarioParameters.simulatedScaleSizes)
    }
}
