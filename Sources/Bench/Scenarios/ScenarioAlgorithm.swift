import Election

/// What a scenario needs to know about the algorithm a cluster runs, with the settings it
/// runs with: when to watch, what to slow down, what the result records. Both worlds build
/// it from the same `BenchAlgorithm` conformance, so a scenario's windows and delays are the
/// same numbers in the simulator and live.
struct ScenarioAlgorithm: Hashable, Sendable {
    /// `ElectionProtocol.algorithmName`.
    var name: String
    /// How often a leader sends heartbeats.
    var heartbeatInterval: Duration
    /// See `BenchAlgorithm.longestQuietElection(of:)`.
    var longestQuietElection: Duration
    /// The timeout slow-highest scales, and its name for notes.
    var competingTimeout: Duration
    var competingTimeoutName: String
    /// The timeouts a result records.
    var timingSettings: TimingSettings

    init<Node: BenchAlgorithm>(_ algorithm: Node.Type, settings: Node.Settings) {
        name = Node.algorithmName
        heartbeatInterval = Node.heartbeatInterval(of: settings)
        longestQuietElection = Node.longestQuietElection(of: settings)
        (competingTimeout, competingTimeoutName) = Node.competingTimeout(of: settings)
        timingSettings = Node.timingSettings(of: settings)
    }
}
