import AlgorithmRegistry
import Election

/// Runs the bench's scenarios on real `election-node` processes over loopback TCP and
/// turns what the nodes logged into `ScenarioResult`s (mode `live`, times from node event
/// timestamps, with the measurement error worked out from the run itself).
///
///     let runner = LiveScenarioRunner(options: LiveBenchOptions())
///     let results = try runner.runVariants(.failover, algorithm: "raft") { print($0) }
///
/// Each live scenario is the same experiment as its simulated namesake (see
/// `ScenarioDefinition` and `ScenarioParameters`): `failover` (kill -9 the leader; a SIGINT
/// variant with `failoverFaults`), `rejoin` (the old leader returns), `slow-highest` (the
/// highest surviving id delayed), `flapping` (one node killed and restarted over and over),
/// `zombie` (one configured member never runs, then the leader stops) and `scale` (failover
/// for 3 to 9 nodes). `partition` and `figure16` are simulator-only.
///
/// Every cluster is shut down (every process killed, its directory removed) before a
/// function returns or throws.
public struct LiveScenarioRunner: ScenarioRunning, Sendable {
    public var options: LiveBenchOptions
    /// The faults `failover` runs, one result each: kill -9 only unless asked.
    public var failoverFaults: [LiveFault] = [.kill]
    /// The nodes `flapping` crashes, one result each.
    public var flappingNodes: [ScenarioParameters.FlappingNode] = ScenarioParameters.FlappingNode.allCases

    public init(options: LiveBenchOptions = LiveBenchOptions()) {
        self.options = options
    }

    /// The scenarios with a live version, in presentation order.
    public static let supportedScenarios: [ScenarioName] = [
        .failover, .rejoin, .slowHighest, .flapping, .zombie, .scale,
    ]

    /// The algorithms `election-node` runs.
    public static let algorithms = AlgorithmRegistry.standard.names

    /// The first variant of `scenario` (failover: the first of `failoverFaults`;
    /// slow-highest: the first delay factor; flapping: the first node; scale: the first
    /// size), and only that one is run. `runVariants` runs them all.
    public func run(_ scenario: ScenarioName, algorithm: String,
                    progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        var narrowed = self
        narrowed.failoverFaults = Array(failoverFaults.prefix(1))
        narrowed.flappingNodes = Array(flappingNodes.prefix(1))
        narrowed.options.slowFactors = Array(options.slowFactors.prefix(1))
        narrowed.options.scaleSizes = Array(options.scaleSizes.prefix(1))
        let results = try narrowed.runVariants(scenario, algorithm: algorithm, progress: progress)
        guard let first = results.first else { throw LiveBenchError.invalidOptions("\(scenario) produced no result") }
        return first
    }

    /// Every variant of `scenario` for `algorithm`, one result each: per fault (failover),
    /// per delay factor (slow-highest), per node (flapping), per size (scale).
    public func runVariants(_ scenario: ScenarioName, algorithm: String,
                            progress: @escaping @Sendable (String) -> Void) throws -> [ScenarioResult] {
        try options.validate()
        guard Self.algorithms.contains(algorithm) else { throw LiveBenchError.unknownAlgorithm(algorithm) }
        switch scenario {
        case .failover:
            return try failoverFaults.map { fault in
                try runFailover(algorithm: algorithm, fault: fault, rejoinDelay: .zero, rejoinObservation: .zero,
                                progress: progress).failover
            }
        case .rejoin:
            return [try runFailover(algorithm: algorithm, fault: .kill, progress: progress).rejoin]
        case .slowHighest:
            return try options.slowFactors.map { try runSlowHighest(algorithm: algorithm, factor: $0, progress: progress) }
        case .flapping:
            return try flappingNodes.map { try runFlapping(algorithm: algorithm, node: $0, progress: progress) }
        case .zombie:
            return [try runZombie(algorithm: algorithm, progress: progress)]
        case .scale:
            return try options.scaleSizes.map { try runScale(algorithm: algorithm, size: $0, progress: progress) }
        default:
            throw LiveBenchError.unsupportedScenario(scenario.rawValue)
        }
    }

    // MARK: - Shared pieces

    /// A started cluster, handed to `body`, shut down however `body` ends.
    func withCluster<T>(algorithm: String, size: Int, start nodes: [NodeID]? = nil,
                        _ body: (LiveCluster) throws -> T) throws -> T {
        let cluster = try LiveCluster(algorithm: algorithm, size: size, options: options)
        defer { cluster.shutDown() }
        try cluster.start(nodes ?? cluster.ids)
        return try body(cluster)
    }

    /// A live result with this runner's settings filled in.
    func result(_ scenario: ScenarioName, algorithm: String, clusterSize: Int, options variant: [String: String],
                trials: Int, samples: [TrialSample], measurement: TimeMeasurement,
                timelines: [LeadershipTimeline], notes: [String]) -> ScenarioResult {
        ScenarioResult(scenario: scenario, algorithm: algorithm, mode: .live, clusterSize: clusterSize,
                       timing: options.timing.settings(algorithm: algorithm), options: variant, trials: trials,
                       seed: options.seed, measurement: measurement, samples: samples, timelines: timelines,
                       notes: notes)
    }

    /// One trial's sample from its window (`window` is `timeline` cut to `[startMs,
    /// endMs)`): leaderless and split-brain time, elections, leader changes, term
    /// increments, and whether the window ended with an agreed leader.
    static func sample(trial: Int, window: LeadershipTimeline, timeline: NodeEventTimeline, from startMs: Double,
                       to endMs: Double, failoverMs: Double?, note: String?) -> TrialSample {
        TrialSample(trial: trial, failoverMs: failoverMs, leaderAgreedAtEnd: window.spans.last?.agreedLeader != nil,
                    leaderlessMs: window.leaderlessMs, splitBrainMs: window.splitBrainMs,
                    electionsStarted: timeline.electionsStarted(from: startMs, to: endMs),
                    leaderChanges: window.leaderChanges,
                    termIncrements: timeline.termIncrements(from: startMs, to: endMs), note: note)
    }

    /// The timeline of the trial whose `value` is the median (nearest rank) among the
    /// trials that have one; the first timeline when none has.
    static func medianTimeline(_ timelines: [LeadershipTimeline], samples: [TrialSample],
                               by value: (TrialSample) -> Double?) -> LeadershipTimeline? {
        let valued = samples.compactMap { sample in value(sample).map { (sample.trial, $0) } }
            .sorted { $0.1 < $1.1 }
        guard !valued.isEmpty else { return timelines.first }
        let median = valued[Statistics.nearestRank(50, count: valued.count) - 1]
        var chosen = timelines.first { $0.trial == median.0 } ?? timelines.first
        chosen?.label += " (median)"
        return chosen
    }

    /// The note of one rejoin trial: who led once `node` was back.
    static func rejoinNote(_ node: NodeID, leaderAfter: NodeID?) -> String {
        leaderAfter.map { "node \(node) returned; node \($0) leads after it" }
            ?? "node \(node) returned; no agreed leader at the end of the window"
    }

    /// Waits a random part of one heartbeat interval, so that a fault lands at a uniformly
    /// random point between two of the leader's heartbeats, as in the simulator (a settled
    /// cluster is detected by polling, which has its own rhythm).
    func waitRandomPartOfHeartbeat(_ algorithm: String, _ random: inout SeededRandom) {
        LiveCluster.sleep(random.duration(from: .zero, below: options.timing.heartbeat(algorithm: algorithm)))
    }

    /// Sleeps until the wall clock reads `timeMs` (returns at once if it has passed).
    static func sleep(untilMs timeMs: Double) {
        let remaining = timeMs - WallClock.nowMs()
        if remaining > 0 { LiveCluster.sleep(.microseconds(Int64(remaining * 1000))) }
    }

    static func ms(_ duration: Duration) -> String { ReportNumber.milliseconds(duration.milliseconds) }
}
