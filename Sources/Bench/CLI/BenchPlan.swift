/// The steps one `election-bench` run takes, in order, worked out from the options before
/// anything runs.
public struct BenchPlan: Hashable, Sendable {
    public enum Step: Hashable, Sendable {
        /// A scenario for every chosen algorithm, in `mode`.
        case scenario(ScenarioName, mode: RunMode)
        /// The Raft paper's Figure 16 with this many trials per range.
        case figure16(trialsPerRange: Int)
        /// Time five-node failover trials in the simulator.
        case throughput(trials: Int)
    }

    public var steps: [Step]

    /// Trials per figure16 range in the default suite (the full experiment has 1,000).
    public static let reducedFigure16Trials = 100
    /// Failover trials per algorithm for the throughput measurement.
    public static let throughputTrials = 2000
    public static let quickThroughputTrials = 200

    public init(steps: [Step]) { self.steps = steps }

    /// The plan for `options`.
    public init(options: BenchOptions) {
        let quickOr = { (normal: Int) in options.trials ?? (options.quick ? 10 : normal) }
        let throughput = Step.throughput(trials: options.quick ? Self.quickThroughputTrials : Self.throughputTrials)
        switch options.selection {
        case .defaultSuite:
            steps = [.scenario(.failover, mode: options.mode ?? .live),
                     .scenario(.slowHighest, mode: .sim),
                     .scenario(.flapping, mode: .sim),
                     .scenario(.zombie, mode: .sim),
                     .figure16(trialsPerRange: quickOr(Self.reducedFigure16Trials)),
                     throughput]
        case .everything:
            steps = SimScenarioRunner.scenarios.map { .scenario($0, mode: .sim) }
                + [.figure16(trialsPerRange: quickOr(Figure16Experiment.paperTrialsPerRange)), throughput]
        case .scenario(.figure16):
            steps = [.figure16(trialsPerRange: quickOr(Figure16Experiment.paperTrialsPerRange))]
        case .scenario(let name):
            let mode = options.mode ?? .sim
            steps = [.scenario(name, mode: mode)]
            if name == .failover && mode == .sim { steps.append(throughput) }
        }
    }
}
