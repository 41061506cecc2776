import Election
import Foundation

/// Everything a live run needs: where `election-node` is, the cluster's shape and
/// timeouts, how many trials, and how long each kind of observation lasts.
///
/// The scenario shapes (slow factors, flapping period and cycles, observation windows,
/// rejoin delay, zombie membership, scale sizes) come from `ScenarioParameters`, so a live
/// scenario is the same experiment as its simulated namesake. The defaults keep the default
/// live failover (3 nodes, Bully and Raft, 10 trials each) to about half a minute on a
/// 2-core machine.
public struct LiveBenchOptions: Hashable, Sendable {
    /// The `election-node` executable; `nil` means "next to the running program".
    var nodeBinaryPath: String?
    /// Nodes in the cluster for failover, rejoin, slow-highest and flapping.
    var clusterSize = 3
    /// Failover and rejoin trials per algorithm.
    var trials = 10
    /// Trials of slow-highest (per delay factor), of zombie, of partition and of flapping
    /// (per node).
    var slowTrials = 3
    var zombieTrials = 3
    var partitionTrials = 3
    var flappingTrials = 1
    /// Each algorithm's settings (`LiveBenchOptions+Timing.swift`), read from the bench's
    /// timing flags exactly as the simulated runner reads them.
    var timing = Timing()
    /// Node `i` runs with `--seed seed + i`, so Raft's timeouts repeat from run to run
    /// (the live timing itself never repeats exactly).
    var seed: UInt64 = 1
    /// Where each run makes its temporary directory (Raft data, node error output);
    /// `nil` means the system's temporary directory. The run's directory is removed after.
    var workDirectory: String?
    /// Pause between status-polling rounds while a failover is under way. Each round asks
    /// every survivor once, so the round period (reported) is this plus the queries.
    var pollInterval: Duration = .milliseconds(2)
    /// How long the cluster must keep one agreed leader before the next fault.
    var settleTime: Duration = .milliseconds(250)
    /// A trial with no agreed leader after this long is recorded as unfinished.
    var trialTimeout: Duration = .seconds(10)
    /// How long a node may take to start listening.
    var startTimeout: Duration = .seconds(10)
    /// The peers' rejoin: how long they watch after their fault (ours take the scenario's
    /// own windows from `ScenarioParameters`, as in the simulator).
    var observation: Duration = ScenarioParameters.observation
    /// slow-highest: the slow node's delay as multiples of the competing timeout.
    var slowFactors: [Double] = ScenarioParameters.slowFactors
    /// The peers' rejoin: how long the cluster runs under its new leader before the old one
    /// returns.
    var rejoinDelay: Duration = ScenarioParameters.rejoinDelay
    /// failover: how the leader goes down, one result each (kill -9 unless asked).
    var failoverFaults: [LiveFault] = [.kill]
    /// flapping: which node flaps, one result each.
    var flappingNodes: [ScenarioParameters.FlappingNode] = ScenarioParameters.FlappingNode.allCases
    /// flapping: one crash-and-restart cycle, and how many a trial runs.
    var flappingPeriod: Duration = ScenarioParameters.flappingPeriod
    var flappingCycles: Int = ScenarioParameters.flappingCycles
    /// slow-highest: how long each trial watches after the kill.
    var slowObservation: Duration = ScenarioParameters.observation
    /// zombie: configured members; the highest id never starts.
    var zombieConfiguredMembers = ScenarioParameters.zombieConfiguredMembers
    /// scale: the cluster sizes, and failover trials for each.
    var scaleSizes = ScenarioParameters.liveScaleSizes
    var scaleTrials = 3

    public init() {}

    /// The live options for `election-bench`'s command line: `--nodes` (one size, or the
    /// sizes of scale), `--trials` (every scenario; otherwise 10 failover trials and 3 of
    /// the others, or a few with `--quick`), `--seed` and the timing flags.
    public init(_ bench: BenchOptions) throws(BenchSettingsError) {
        self.init()
        timing = try Timing(bench.timing)
        if let variant = bench.variant { try timing.use(variant, over: bench.timing) }
        seed = bench.seed
        if let size = bench.clusterSize {
            clusterSize = size
            // As in the simulator, a larger --nodes configures more zombie members; the live
            // default of 3 nodes keeps zombie's own 4 (3 running and the zombie).
            zombieConfiguredMembers = max(size, ScenarioParameters.zombieConfiguredMembers)
        }
        if let sizes = bench.nodes, sizes.count > 1 { scaleSizes = sizes }
        if bench.quick {
            trials = 3
            (slowTrials, zombieTrials, partitionTrials, flappingTrials, scaleTrials) = (1, 1, 1, 1, 1)
        }
        if let given = bench.trials {
            (trials, slowTrials, zombieTrials, partitionTrials, flappingTrials, scaleTrials) =
                (given, given, given, given, given, given)
        }
        let shaped = bench.shape.applied(to: variantPlan)
        (failoverFaults, slowFactors, flappingNodes, flappingPeriod, flappingCycles) =
            (shaped.failoverFaults, shaped.slowFactors, shaped.flappingNodes, shaped.flappingPeriod, shaped.flappingCycles)
        slowObservation = shaped.slowObservation
    }

    /// Trials per result of `scenario`.
    func trials(for scenario: ScenarioName) -> Int {
        switch scenario {
        case .slowHighest: slowTrials
        case .zombie: zombieTrials
        case .partition: partitionTrials
        case .flapping: flappingTrials
        case .scale: scaleTrials
        default: trials
        }
    }

    /// The variants each scenario runs with these options.
    var variantPlan: ScenarioVariants {
        ScenarioVariants(clusterSize: clusterSize, zombieSize: zombieConfiguredMembers, scaleSizes: scaleSizes,
                         failoverFaults: failoverFaults, slowFactors: slowFactors, flappingNodes: flappingNodes,
                         flappingPeriod: flappingPeriod, flappingCycles: flappingCycles,
                         slowObservation: slowObservation)
    }

    /// Checks the options once, before any process starts.
    func validate() throws(LiveBenchError) {
        try timing.validate()
        guard (2...51).contains(clusterSize) else { throw .invalidOptions("a live cluster has 2 to 51 nodes") }
        guard [trials, slowTrials, zombieTrials, partitionTrials, flappingTrials, scaleTrials].allSatisfy({ $0 >= 1 })
        else {
            throw .invalidOptions("trial counts must be at least 1")
        }
        guard scaleSizes.allSatisfy({ (2...51).contains($0) }) else {
            throw .invalidOptions("scale sizes must be between 2 and 51 nodes")
        }
        guard zombieConfiguredMembers >= 3 else {
            throw .invalidOptions("zombie needs at least 3 configured members (one never runs, one stops)")
        }
        guard slowFactors.allSatisfy({ $0 >= 0 }) else { throw .invalidOptions("slow factors must not be negative") }
        guard pollInterval >= .zero, settleTime >= .zero, rejoinDelay >= .zero, trialTimeout > .zero,
              observation > .zero
        else { throw .invalidOptions("waits and windows must not be negative") }
    }

    /// The `election-node` to run: `nodeBinaryPath` if set, else the first executable
    /// `election-node` next to the running program.
    func resolvedNodeBinary() throws(LiveBenchError) -> URL {
        let candidates = nodeBinaryPath.map { [URL(fileURLWithPath: $0)] } ?? Self.defaultNodeBinaryCandidates()
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw .nodeBinaryMissing(looked: candidates.map(\.path))
    }

    /// Where `election-node` usually is: in the directory of the running executable
    /// (`swift build` puts every product of the package side by side; a test runner's
    /// bundle sits there too).
    static func defaultNodeBinaryCandidates() -> [URL] {
        var directories: [URL] = []
        if let program = CommandLine.arguments.first, !program.isEmpty {
            let path = program.contains("/") ? program : (Self.searchPath(for: program) ?? program)
            directories.append(URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        var seen: Set<String> = []
        return directories.map { $0.appendingPathComponent("election-node").standardizedFileURL }
            .filter { seen.insert($0.path).inserted }
    }

    /// The program's full path when it was started through `$PATH`.
    private static func searchPath(for program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(program)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
