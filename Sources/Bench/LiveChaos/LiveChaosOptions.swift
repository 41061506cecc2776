import AlgorithmRegistry

/// `election-bench chaos --live`: how long, on how many nodes, which algorithms, and the
/// bounds every fault is drawn within (uniformly, from the seed).
public struct LiveChaosOptions: Hashable, Sendable {
    /// `--duration-s S`: how long faults are injected, per algorithm.
    public var duration: Duration = .seconds(180)
    /// `--algorithm bully|raft|both`.
    public var algorithms = AlgorithmRegistry.standard.names
    /// `--nodes N`.
    public var clusterSize = 5
    /// Where `election-node` is, the timeouts, the seed (`--seed`), the work directory.
    public var live = LiveBenchOptions()
    /// Time between one fault and the next.
    public var faultGap: ClosedRange<Duration> = .milliseconds(50) ... .milliseconds(500)
    /// How long a SIGSTOP holds a node before its SIGCONT.
    public var pauseLength: ClosedRange<Duration> = .milliseconds(50) ... .seconds(2)
    /// How long a node killed with kill -9 stays down before it is started again.
    public var downTime: ClosedRange<Duration> = .milliseconds(100) ... .seconds(2)
    /// After the faults stop, how long the bench polls for an agreed leader at most (the
    /// check itself is against the algorithm's quiet election time).
    public var convergenceTimeout: Duration = .seconds(10)

    public static let defaultDurationSeconds = 180
    public static let defaultClusterSize = 5

    public init() {}

    public var seed: UInt64 { live.seed }

    /// Never more than a minority down or paused at once, so Raft can always elect.
    public var maxImpaired: Int { (clusterSize - 1) / 2 }

    func validate() throws(LiveBenchError) {
        try live.validate(clusterSize: clusterSize,
                          orSay: "live chaos needs at least 3 nodes, so that one can be down while a majority runs")
        guard duration > .zero else { throw .invalidOptions("live chaos needs a duration above 0 s") }
        for algorithm in algorithms where !LiveScenarioRunner.algorithms.contains(algorithm) {
            throw .unknownAlgorithm(algorithm)
        }
    }
}
