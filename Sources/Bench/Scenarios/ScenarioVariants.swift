import Election

/// The variants of each per-algorithm scenario, one result each, in a stable order: the
/// same plan for the simulator and for live runs, so that a scenario produces the same
/// rows in both worlds.
struct ScenarioVariants: Hashable, Sendable {
    /// One result: a scenario variant on a cluster of one size.
    struct Variant {
        var scenario: any BenchScenario
        var clusterSize: Int
    }

    /// The cluster size of every scenario but scale (and zombie, which asks `zombieSize`).
    var clusterSize: Int
    /// Configured members for zombie (the highest never runs).
    var zombieSize: Int
    /// Cluster sizes for scale, one result each.
    var scaleSizes: [Int]
    /// failover: how the leader goes down, one result each (kill -9 unless asked).
    var failoverFaults: [LiveFault] = [.kill]
    /// slow-highest: the delay factors, one result each.
    var slowFactors: [Double] = ScenarioParameters.slowFactors
    /// flapping: which node flaps, one result each.
    var flappingNodes: [ScenarioParameters.FlappingNode] = ScenarioParameters.FlappingNode.allCases
    /// flapping: one crash-and-restart cycle, and how many a trial runs.
    var flappingPeriod: Duration = ScenarioParameters.flappingPeriod
    var flappingCycles: Int = ScenarioParameters.flappingCycles
    /// slow-highest: how long each trial watches after the kill.
    var slowObservation: Duration = ScenarioParameters.observation

    /// The scenarios with per-algorithm variants, in presentation order.
    static let scenarios: [ScenarioName] = [.failover, .rejoin, .slowHighest, .flapping, .partition, .zombie, .scale]

    /// The variants of `scenario`, or `nil` when it has none here (figure16 is a
    /// simulator-only experiment with its own result).
    func variants(of scenario: ScenarioName) -> [Variant]? {
        switch scenario {
        case .failover:
            return failoverFaults.map { Variant(scenario: FailoverScenario(fault: $0), clusterSize: clusterSize) }
        case .rejoin:
            return [Variant(scenario: RejoinScenario(), clusterSize: clusterSize)]
        case .slowHighest:
            return slowFactors.map {
                Variant(scenario: SlowHighestScenario(factor: $0, observation: slowObservation), clusterSize: clusterSize)
            }
        case .flapping:
            return flappingNodes.map {
                Variant(scenario: FlappingScenario(node: $0, period: flappingPeriod, cycles: flappingCycles),
                        clusterSize: clusterSize)
            }
        case .partition:
            return [Variant(scenario: PartitionScenario(), clusterSize: clusterSize)]
        case .zombie:
            return [Variant(scenario: ZombieScenario(), clusterSize: zombieSize)]
        case .scale:
            return scaleSizes.map { Variant(scenario: FailoverScenario(name: .scale), clusterSize: $0) }
        default:
            return nil
        }
    }

    /// `slow-highest 2x · Raft · 5 nodes · heartbeat 75 ms, election 150-300 ms`: how
    /// progress lines name a variant.
    static func label(_ variant: Variant, algorithm: ScenarioAlgorithm) -> String {
        [variant.scenario.title, ScenarioResult.displayName(ofAlgorithm: algorithm.name),
         "\(variant.clusterSize) nodes", algorithm.timingSettings.summary].joined(separator: " · ")
    }
}
