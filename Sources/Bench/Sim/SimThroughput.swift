import Election

/// How fast the simulator runs the failover scenario: five-node trials per second of wall
/// time, on one thread.
///
/// Measured by running `trials` failover trials exactly as the failover scenario does (a
/// fresh cluster per trial, recorder attached, no trace, no timeline: start, elect, crash
/// the leader, wait for agreement, watch one longest election more) and dividing by the
/// wall-clock time they took (`ContinuousClock`). Only meaningful in a release build
/// (`swift build -c release`); `buildConfiguration` says which one ran.
struct SimThroughput: Hashable, Sendable {
    var algorithm: String
    var clusterSize: Int
    var trials: Int
    var seconds: Double
    /// Virtual time the trials covered, in seconds.
    var simulatedSeconds: Double
    var buildConfiguration: String
    /// The timeouts the trials ran with.
    var timing: TimingSettings

    var trialsPerSecond: Double { seconds > 0 ? Double(trials) / seconds : 0 }

    /// `Raft: 4,210 5-node failover trials/s (textbook settings, heartbeat 50 ms, election 150-300 ms), measured
    /// over 2,000 trials covering 2226 s of simulated time in 0.46 s of wall-clock time, one
    /// thread, release build`.
    var sentence: String {
        "\(ScenarioResult.displayName(ofAlgorithm: algorithm)): "
            + "\(ReportNumber.grouped(trialsPerSecond.rounded())) \(clusterSize)-node failover trials/s "
            + "(textbook settings, \(timing.summary)), "
            + "measured over \(ReportNumber.grouped(Double(trials))) trials covering \(ReportNumber.grouped(simulatedSeconds)) s "
            + "of simulated time in \(ReportNumber.plain(seconds, decimals: 2)) s of wall-clock time, "
            + "one thread, \(buildConfiguration) build"
    }

    /// `release` or `debug`: how this binary was compiled.
    static var currentBuildConfiguration: String {
        #if DEBUG
        "debug"
        #else
        "release"
        #endif
    }

    /// Runs `trials` five-node failover trials of `algorithm` at the bench's textbook baseline
    /// (`BenchAlgorithm.settings(from:)`) and times them: the simulator's speed, not a variant's.
    static func measure<Node: BenchAlgorithm>(_ algorithm: Node.Type, configuration: SimBenchConfiguration,
                                                     trials: Int, clusterSize: Int = 5) throws -> SimThroughput {
        let settings = try Node.settings(from: configuration.timing)
        let engine = SimScenarioEngine<Node>(settings: settings, network: configuration.network,
                                             masterSeed: configuration.seed)
        let scenario = FailoverScenario()
        let clock = ContinuousClock()
        var simulated = Duration.zero
        let started = clock.now
        for trial in 1...max(trials, 1) {
            let run = try engine.runTrial(scenario, clusterSize: clusterSize, trial: trial, recordsTimeline: false)
            simulated += run.cluster.now.sinceStart
        }
        let elapsed = clock.now - started
        return SimThroughput(algorithm: Node.algorithmName, clusterSize: clusterSize, trials: max(trials, 1),
                             seconds: Double(elapsed.nanoseconds) / 1e9,
                             simulatedSeconds: Double(simulated.nanoseconds) / 1e9,
                             buildConfiguration: currentBuildConfiguration, timing: Node.timingSettings(of: settings))
    }
}
