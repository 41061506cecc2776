import Election

/// One simulated scenario (one variant of it, such as slow-highest at 2x): which cluster it
/// needs and what one trial does to it. `SimScenarioEngine` runs the trials, one fresh
/// `SimCluster` and seed each, and turns them into a `ScenarioResult`.
///
/// A trial MUST take every random decision from the `random` it is given (or from the
/// simulator), so that the trial replays exactly from its seed: the engine relies on this
/// to record the representative trial's timeline in a second run.
protocol SimScenario {
    var name: ScenarioName { get }
    /// Tells variants apart in trial seeds ("2x", "follower"); empty when there is one.
    var variant: String { get }
    /// The result's `options`: only what tells this variant from the others.
    func options<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String: String]
    /// Whether the result gets the leadership timeline of its median trial.
    var drawsTimeline: Bool { get }
    /// The configured members for a requested cluster size.
    func members(clusterSize: Int) -> [NodeID]
    /// What a reader of the result needs to know about this scenario, one sentence each.
    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String]
    /// Runs one trial on a fresh cluster and says how it ended.
    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome
}

/// How a trial ended, beyond what the recorder measured.
struct SimTrialOutcome {
    /// Something unusual about the trial, for its sample.
    var note: String?
    /// Where the trial's timeline starts: shortly before its first fault.
    var timelineStart: Instant?

    init(note: String? = nil, timelineStart: Instant? = nil) {
        self.note = note
        self.timelineStart = timelineStart
    }

    static let noLeaderAtStart = SimTrialOutcome(
        note: "the cluster elected no leader within 10 s of starting, so no fault was injected")
}

extension SimScenario {
    var variant: String { "" }
    func options<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String: String] {
        [:]
    }
    var drawsTimeline: Bool { false }

    func members(clusterSize: Int) -> [NodeID] {
        (1...clusterSize).map { NodeID($0) }
    }
}

/// The steps most trials share.
extension SimCluster {
    /// How long a trial waits for its first leader before giving up.
    static var startupTimeout: Duration { .seconds(10) }

    /// Starts `ids` (every member when `nil`), waits until they agree on a leader, and lets
    /// two heartbeat intervals pass so late messages of the first election have landed.
    /// Returns the leader, or `nil` if the cluster could not agree within `startupTimeout`.
    func establishLeader(starting ids: [NodeID]? = nil, settings: Node.Settings) -> NodeID? {
        if let ids { ids.forEach(start) } else { startAll() }
        guard runUntilAgreed(timeout: Self.startupTimeout) else { return nil }
        run(for: Node.heartbeatInterval(of: settings) * 2)
        guard runUntilAgreed(timeout: Self.startupTimeout) else { return nil }
        return agreedLeader
    }

    /// Waits for the leader's next heartbeat round, then a uniformly random part of the
    /// heartbeat interval: a fault injected next lands anywhere between two heartbeats, as
    /// a real crash does (the Raft paper's §9.3 method).
    func moveToRandomPointOfHeartbeatInterval(settings: Node.Settings, random: inout SeededRandom) {
        let interval = Node.heartbeatInterval(of: settings)
        runUntilHeartbeatRound(timeout: interval * 4)
        run(for: random.duration(from: .zero, below: interval))
    }

    /// Milliseconds to show before the first fault on a timeline.
    static var timelineLeadIn: Duration { .milliseconds(100) }
}
