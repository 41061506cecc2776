/// What one seeded chaos run of one algorithm found.
public struct ChaosRunResult: Sendable {
    public var seed: UInt64
    public var algorithm: String
    public var nodes: Int
    public var faults = ChaosFaultCounts()
    /// Broken invariants, one sentence each (safety at any step; recovery at the end).
    public var violations: [String] = []
    /// From the end of the faults to recovery; `nil` when it did not come within the bound.
    public var recovery: Duration?
    /// What the safety check looked at (`ChaosSafetyCheck.checked`).
    public var checked: [(what: String, count: Int)] = []
    /// How many times a node became leader.
    public var leaderships = 0
    /// Virtual time during which two or more nodes acted as leader at once.
    public var splitBrain = Duration.zero
    public var splitBrainEpisodes = 0
    public var longestSplitBrain = Duration.zero
    /// Virtual time the run covered.
    public var virtualTime = Duration.zero
    /// Every event of the run, when a trace was asked for.
    public var trace: String?

    public init(seed: UInt64, algorithm: String, nodes: Int) {
        self.seed = seed
        self.algorithm = algorithm
        self.nodes = nodes
    }
}
