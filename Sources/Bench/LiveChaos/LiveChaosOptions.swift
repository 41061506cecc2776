import AlgorithmRegistry
import Election

/// `election-bench chaos --live`: how long, on how many nodes, which algorithms, and the
/// bounds every fault is drawn within (uniformly, from the seed), and with which settings.
struct LiveChaosOptions: Hashable, Sendable {
    /// `--duration-s S`: how long faults are injected, per algorithm.
    var duration: Duration = .seconds(180)
    /// `--algorithm bully|raft|both`.
    var algorithms = AlgorithmRegistry.standard.names
    /// `--nodes N`.
    var clusterSize = 5
    /// Where `election-node` is, the timeouts, the seed (`--seed`), the work directory.
    var live = LiveBenchOptions()
    /// Time between one fault and the next.
    var faultGap: ClosedRange<Duration> = .milliseconds(50) ... .milliseconds(500)
    /// How long a SIGSTOP holds a node before its SIGCONT.
    var pauseLength: ClosedRange<Duration> = .milliseconds(50) ... .seconds(2)
    /// How long a node killed with kill -9 stays down before it is started again.
    var downTime: ClosedRange<Duration> = .milliseconds(100) ... .seconds(2)
    /// After the faults stop, how long the bench polls for an agreed leader at most (the
    /// check itself is against the algorithm's quiet election time).
    var convergenceTimeout: Duration = .seconds(10)
    /// `--textbook` / `--variant NAME`: each algorithm as shipped unless they say otherwise;
    /// `live.timing` holds the settings this choice makes (`use(_:timing:)`).
    private(set) var settings = ChaosSettingsChoice.defaults

    static let defaultDurationSeconds = 180
    static let defaultClusterSize = 5

    init() {}

    var seed: UInt64 { live.seed }

    /// "Raft (defaults)", "Bully textbook (--bully-variant classic, ...)": what `algorithm`'s
    /// nodes ran.
    func settingsLabel(of algorithm: String) -> String { settings.settingsLabel(of: algorithm) }

    /// Runs every algorithm in `algorithms` with `choice` over the timing flags `timing` (so
    /// set `algorithms` first).
    mutating func use(_ choice: ChaosSettingsChoice, timing: BenchTiming = BenchTiming()) throws(BenchSettingsError) {
        live.timing = try choice.liveTiming(timing, algorithms: algorithms)
        settings = choice
    }

    /// Never more than a minority down or paused at once, so Raft can always elect.
    var maxImpaired: Int { (clusterSize - 1) / 2 }

    func validate() throws(LiveBenchError) {
        try live.validate(clusterSize: clusterSize,
                          orSay: "live chaos needs at least 3 nodes, so that one can be down while a majority runs")
        guard duration > .zero else { throw .invalidOptions("live chaos needs a duration above 0 s") }
        for algorithm in algorithms where !LiveScenarioRunner.algorithms.contains(algorithm) {
            throw .unknownAlgorithm(algorithm)
        }
    }
}
