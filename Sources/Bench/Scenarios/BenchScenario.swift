import Election

/// One scenario (one variant of it, such as slow-highest at 2x), written once against
/// `ElectionCluster` and run unchanged in the simulator and live: which members it needs,
/// what one trial does to the cluster, and what its result says. Each world's engine
/// (`SimScenarioEngine`, `LiveScenarioEngine`) runs the trials and assembles the
/// `ScenarioResult`; only the harness differs:
/// - the simulator gives every trial a fresh cluster and seed, so any trial replays alone;
/// - live, the trials run one after another on one cluster: each starts again whatever an
///   earlier trial left down (`settle(starting:)`), so a trial MUST NOT rely on a fresh
///   cluster, only on a settled one.
///
/// A trial MUST take every random decision from the `random` it is given, so that a
/// simulated trial replays exactly from its seed: the engine relies on this to record the
/// representative trial's timeline in a second run.
protocol BenchScenario {
    var name: ScenarioName { get }
    /// Tells variants apart in trial seeds and progress lines ("2x", "follower"); empty
    /// when there is one.
    var variant: String { get }
    /// The result's `options`: only what tells this variant from the others.
    func options(for algorithm: ScenarioAlgorithm) -> [String: String]
    /// Which trial's leadership timeline the result draws, if any.
    var timeline: TimelineChoice? { get }
    /// The configured members for a requested cluster size.
    func members(clusterSize: Int) -> [NodeID]
    /// What a reader of the result needs to know about this scenario, one sentence each.
    func notes(for algorithm: ScenarioAlgorithm) -> [String]
    /// Runs one trial on a settled-or-fresh cluster and says how it ended.
    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome
}

/// Which trial's timeline a result draws: the median one by a metric.
enum TimelineChoice: Hashable, Sendable {
    /// The median trial by time without an agreed leader.
    case medianLeaderless
    /// The median trial by failover time.
    case medianFailover

    /// The metric the median is taken over.
    func value(of sample: TrialSample) -> Double? {
        switch self {
        case .medianLeaderless: sample.leaderlessMs
        case .medianFailover: sample.failoverMs
        }
    }

    /// "time without an agreed leader", for the timeline's label.
    var metricName: String {
        switch self {
        case .medianLeaderless: "time without an agreed leader"
        case .medianFailover: "failover time"
        }
    }

    /// The trial at the nearest-rank median of the metric (the earliest such trial when
    /// several tie), among trials that measured it.
    func medianTrial(of samples: [TrialSample]) -> TrialSample? {
        let measured = samples.compactMap { sample in value(of: sample).map { (sample, $0) } }
        guard !measured.isEmpty else { return nil }
        let ordered = measured.enumerated().sorted { lhs, rhs in
            (lhs.element.1, lhs.offset) < (rhs.element.1, rhs.offset)
        }
        return ordered[Statistics.nearestRank(50, count: ordered.count) - 1].element.0
    }

    /// "trial 4 of 20, the median by failover time (215 ms)".
    func label(for median: TrialSample, of trials: Int) -> String {
        let measured = value(of: median).map { ReportNumber.milliseconds($0) } ?? "not measured"
        return "trial \(median.trial) of \(trials), the median by \(metricName) (\(measured))"
    }
}

/// How a trial ended, beyond what the cluster's recorder measured.
struct TrialOutcome {
    /// Something unusual about the trial, for its sample.
    var note: String?
    /// Where the trial's timeline starts: shortly before its first fault.
    var timelineStart: Instant?
    /// Whether the cluster settled on a leader before the first fault; live, a trial that
    /// found none ends the series, since the next would find the same cluster.
    var settled = true

    init(note: String? = nil, timelineStart: Instant? = nil) {
        self.note = note
        self.timelineStart = timelineStart
    }

    static let noLeaderAtStart: TrialOutcome = {
        var outcome = TrialOutcome(note: "the cluster settled on no leader, so no fault was injected")
        outcome.settled = false
        return outcome
    }()
}

extension BenchScenario {
    var variant: String { "" }
    func options(for algorithm: ScenarioAlgorithm) -> [String: String] { [:] }
    var timeline: TimelineChoice? { nil }

    func members(clusterSize: Int) -> [NodeID] {
        (1...clusterSize).map { NodeID($0) }
    }

    /// `slow-highest 2x`, `failover`.
    var title: String { variant.isEmpty ? name.rawValue : "\(name.rawValue) \(variant)" }
}

/// Milliseconds to show before the first fault on a timeline.
let timelineLeadIn: Duration = .milliseconds(100)

extension Instant {
    /// `duration` before this instant, but never before the start.
    func earlier(by duration: Duration) -> Instant {
        Instant(sinceStart: max(.zero, sinceStart - duration))
    }
}
