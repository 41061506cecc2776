/// The steps one `election-bench` run takes, in order, worked out from the options before
/// anything runs.
struct BenchPlan: Hashable, Sendable {
    enum Step: Hashable, Sendable {
        /// A scenario for every chosen algorithm, in `mode`.
        case scenario(ScenarioName, mode: RunMode)
        /// The Raft paper's Figure 16 with this many trials per range.
        case figure16(trialsPerRange: Int)
        /// Time five-node failover trials in the simulator.
        case throughput(trials: Int)
        /// A scenario once per named variant, in one table.
        case series(VariantSeries)
    }

    var steps: [Step]

    /// Trials per figure16 range in the default suite (the full experiment has 1,000).
    static let reducedFigure16Trials = 100
    /// Failover trials per algorithm for the throughput measurement.
    static let throughputTrials = 2000
    static let quickThroughputTrials = 200

    init(steps: [Step]) { self.steps = steps }

    /// The plan for `options`.
    init(options: BenchOptions) {
        let quickOr = { (normal: Int) in options.trials ?? (options.quick ? 10 : normal) }
        let throughput = Step.throughput(trials: options.quick ? Self.quickThroughputTrials : Self.throughputTrials)
        switch options.selection {
        case .defaultSuite:
            let series = VariantSeries.defaultSuite(liveMode: options.mode ?? .live, quick: options.quick)
            steps = series.filter { $0.mode != .sim }.map(Step.series)
                + series.filter { $0.mode == .sim }.map(Step.series)
                + [.scenario(.slowHighest, mode: .sim),
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
