import Election
import Raft

/// `election-bench crash-loop`: how many rounds, on how many Raft nodes, from which seed,
/// with which of Raft's settings.
struct CrashLoopOptions: Hashable, Sendable {
    /// `--rounds N`: each round kills the leader, then a node in the election that follows.
    var rounds = 200
    /// `--nodes N`: cluster size (5 by default; at most a minority is ever down at once).
    var clusterSize = 5
    /// Where `election-node` is, the timeouts, the node seeds (`--seed`), the work directory.
    var live = LiveBenchOptions()
    /// How long a round waits for an agreed leader before it goes on without one.
    var settleTimeout: Duration = .seconds(10)
    /// `--textbook` / `--variant NAME`: Raft as shipped unless they say otherwise; `live.timing`
    /// holds the settings this choice makes (`use(_:timing:)`).
    private(set) var settings = ChaosSettingsChoice.defaults

    static let defaultRounds = 200
    static let defaultClusterSize = 5

    init() {}

    var seed: UInt64 { live.seed }

    /// "Raft (defaults)", "Raft textbook (--pre-vote off, ...)": what the nodes ran.
    var settingsLabel: String { settings.settingsLabel(of: RaftNode.algorithmName) }

    /// Runs the nodes with `choice` over the timing flags `timing`.
    mutating func use(_ choice: ChaosSettingsChoice, timing: BenchTiming = BenchTiming()) throws(BenchSettingsError) {
        live.timing = try choice.liveTiming(timing, algorithms: [RaftNode.algorithmName])
        settings = choice
    }

    func validate() throws(LiveBenchError) {
        try live.validate(clusterSize: clusterSize,
                          orSay: "the crash loop kills two nodes per round, so it needs at least 3 nodes")
        guard rounds >= 1 else { throw .invalidOptions("the crash loop needs at least one round") }
    }
}
