import ElectionSimulation

/// What `election-bench chaos` runs: which seeds, which algorithms, how big and how long.
public struct ChaosOptions: Hashable, Sendable {
    /// The seeds a run takes by default.
    public static let defaultSeedCount = 1_000
    /// How long the faults go on in each run by default, in virtual time.
    public static let defaultFaultDuration = Duration.seconds(2)
    /// The most a slowed node's messages are held back at its end (a `slowDown` fault); a
    /// message between two slowed nodes is held at both. The checks that wait out stale
    /// messages size their waits from it.
    public static let slowestExtraDelay = Duration.milliseconds(200)

    /// The first seed; runs take `firstSeed`, `firstSeed + 1`, ... (wrapping at 2^64).
    public var firstSeed: UInt64 = 1
    /// How many seeds to run, for each algorithm.
    public var seedCount: Int = ChaosOptions.defaultSeedCount
    /// Algorithm names (`bully`, `raft`) to run, in this order.
    public var algorithms: [String]
    /// A fixed cluster size; `nil` lets each seed choose 3, 4 or 5 nodes.
    public var nodes: Int?
    /// How long each run's faults go on before the cluster is left to recover.
    public var faultDuration: Duration = ChaosOptions.defaultFaultDuration
    /// Whether runs get storage faults (`StorageFaults`) on top of the process and network
    /// faults; off, the runs show what those faults add.
    public var injectsStorageFaults = true
    /// Print every event of each run (meant for replaying one seed).
    public var printsTrace = false
    /// The settings each algorithm runs with: its shipped defaults unless `--textbook` or
    /// `--variant NAME` says otherwise.
    public var settings = ChaosSettingsChoice.defaults
    /// Run the seeds once per combination of each algorithm's switches
    /// (`--every-combination`, `ChaosCombinations`) instead of once
    /// with `settings`; `seedCount` applies to each combination.
    public var everyCombination = false

    public init(algorithms: [String]) {
        self.algorithms = algorithms
    }

    /// The seeds, in order.
    public var seeds: [UInt64] {
        (0..<seedCount).map { firstSeed &+ UInt64($0) }
    }

    /// The cluster size of the run with `seed`.
    public func clusterSize(seed: UInt64) -> Int {
        nodes ?? 3 + Int(seed % 3)
    }
}
