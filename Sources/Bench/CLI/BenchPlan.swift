import AlgorithmRegistry

/// The steps one `election-bench` run takes, in order, worked out from the options before
/// anything runs.
struct BenchPlan: Hashable, Sendable {
    enum Step: Hashable, Sendable {
        /// The Raft paper's Figure 16 with this many trials per range.
        case figure16(trialsPerRange: Int)
        /// Time five-node failover trials in the simulator.
        case throughput(trials: Int)
        /// A scenario once per named variant, in one table (a single scenario is a series
        /// without a title, of the variants the command line chose).
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
            // The workshop's challenges as published: slow-highest at every factor and the
            // zombie member, each algorithm as its paper has it (the series above put the
            // options against them).
            let textbook = Self.textbookRows(algorithms: options.algorithms)
            steps = series.filter { $0.mode != .sim }.map(Step.series)
                + series.filter { $0.mode == .sim }.map(Step.series)
                + [.series(.single(.slowHighest, mode: .sim, variants: textbook, shape: options.shape)),
                     .series(.single(.zombie, mode: .sim, variants: textbook, shape: options.shape)),
                     .figure16(trialsPerRange: quickOr(Self.reducedFigure16Trials)),
                     throughput]
        case .everything:
            steps = SimScenarioRunner.scenarios.map {
                .series(.single($0, mode: .sim, variants: options.chosenVariants, shape: options.shape))
            } + [.figure16(trialsPerRange: quickOr(Figure16Experiment.paperTrialsPerRange)), throughput]
        case .scenario(.figure16):
            steps = [.figure16(trialsPerRange: quickOr(Figure16Experiment.paperTrialsPerRange))]
        case .scenario(let name):
            let mode = options.mode ?? .sim
            steps = [.series(.single(name, mode: mode, variants: options.chosenVariants, shape: options.shape))]
            if name == .failover && mode == .sim { steps.append(throughput) }
        }
    }

    /// The name of the variant that turns off every option beyond an algorithm's paper.
    static let textbookName = "textbook"

    /// Each chosen algorithm's textbook variant, or its defaults when it offers none (an
    /// algorithm with no options beyond its paper is its own textbook); the row says which.
    static func textbookRows(algorithms: [String], registry: AlgorithmRegistry = .standard) -> [BenchVariant] {
        registry.entries.filter { algorithms.contains($0.algorithmName) }.map { entry in
            let choices = VariantChoice.choices(of: entry)
            return (choices.first { $0.name == textbookName } ?? choices[0]).variant
        }
    }
}
