/// The runs of one algorithm over a range of seeds, summed up.
public struct ChaosSummary: Sendable {
    /// One broken invariant, with the seed that replays it.
    public struct Violation: Hashable, Sendable {
        public var seed: UInt64
        public var nodes: Int
        public var sentence: String
    }

    public var algorithm: String
    /// Which settings ran and what they are, in one line, for the report.
    public var settings = ""
    /// The choice those settings came from, which a replay command repeats.
    public var choice = ChaosSettingsChoice.defaults
    public var runs = 0
    public var nodeCounts: ClosedRange<Int>?
    public var faults = ChaosFaultCounts()
    /// The rules checked: safety at every step, then recovery.
    public var invariants: [String]
    public var violations: [Violation] = []
    /// Recovery times of the runs that recovered, in milliseconds of virtual time.
    public var recoveryMilliseconds: [Double] = []
    public var leaderships = 0
    /// What the safety checks looked at, summed by kind, in the order the check names them.
    public var checked: [(what: String, count: Int)] = []
    public var runsWithSplitBrain = 0
    public var splitBrainEpisodes = 0
    public var splitBrain = Duration.zero
    public var longestSplitBrain = Duration.zero
    public var virtualTime = Duration.zero
    /// Wall-clock time the runs took, on all cores together.
    public var wallSeconds = 0.0
    /// The traces of the runs, in seed order, when they were recorded.
    public var traces: [(seed: UInt64, text: String)] = []

    public init(algorithm: String, invariants: [String]) {
        self.algorithm = algorithm
        self.invariants = invariants
    }

    /// Adds one run; runs MUST be added in seed order, so the summary reads the same however
    /// many threads ran them.
    mutating func add(_ run: ChaosRunResult) {
        runs += 1
        nodeCounts = nodeCounts.map { min($0.lowerBound, run.nodes)...max($0.upperBound, run.nodes) }
            ?? run.nodes...run.nodes
        faults = faults + run.faults
        violations += run.violations.map { Violation(seed: run.seed, nodes: run.nodes, sentence: $0) }
        if let recovery = run.recovery { recoveryMilliseconds.append(Double(recovery.nanoseconds) / 1e6) }
        leaderships += run.leaderships
        for item in run.checked {
            if let index = checked.firstIndex(where: { $0.what == item.what }) {
                checked[index].count += item.count
            } else {
                checked.append(item)
            }
        }
        if run.splitBrainEpisodes > 0 { runsWithSplitBrain += 1 }
        splitBrainEpisodes += run.splitBrainEpisodes
        splitBrain += run.splitBrain
        longestSplitBrain = max(longestSplitBrain, run.longestSplitBrain)
        virtualTime += run.virtualTime
        if let trace = run.trace { traces.append((run.seed, trace)) }
    }

    /// Seeds with at least one violation, in order.
    public var violatingSeeds: [UInt64] {
        var seen = Set<UInt64>()
        return violations.map(\.seed).filter { seen.insert($0).inserted }
    }
}
