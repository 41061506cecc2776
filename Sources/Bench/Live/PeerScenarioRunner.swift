import Election
import Foundation

/// Runs `failover` and `rejoin` live on an outside system (etcd, the workshop's Python
/// node) and returns `ScenarioResult`s that stand beside ours in the same tables, charts
/// and `results.json`: algorithm `etcd` or `workshop-bully`, mode `live`, measured by
/// status polling with the resolution worked out from the run.
///
///     let runner = try PeerScenarioRunner.make(.etcd, options: LiveBenchOptions(),
///                                              etcdTimeouts: .same, searchPath: "/usr/bin").get()
///     let result = try runner.run(.failover) { print($0) }
///
/// The cluster is shut down (every process killed, its directory removed) before `run`
/// returns or throws.
struct PeerScenarioRunner: Sendable {
    let system: any PeerSystem
    var options: LiveBenchOptions

    /// The scenarios a peer runs.
    static let supportedScenarios: [ScenarioName] = [.failover, .rejoin]

    /// The results' algorithm name (`etcd`, `workshop-bully`).
    var algorithm: String { system.algorithm }

    init(system: any PeerSystem, options: LiveBenchOptions) {
        self.system = system
        self.options = options
    }

    /// A runner for `peer`, or the one line that says why it cannot run here (a missing
    /// program, script or Python package) and how to fix it.
    static func make(_ peer: BenchPeer, options: LiveBenchOptions, etcdTimeouts: EtcdTimeouts,
                            searchPath: String?) -> Result<PeerScenarioRunner, PeerUnavailable> {
        switch PeerAvailability.system(for: peer, timing: options.timing, etcdTimeouts: etcdTimeouts,
                                       searchPath: searchPath) {
        case .success(let system): .success(PeerScenarioRunner(system: system, options: options))
        case .failure(let problem): .failure(problem)
        }
    }

    /// `failover` (restart at once, watch until settled) or `rejoin` (the old leader
    /// returns after the rejoin delay and is watched for the observation window), with
    /// `options.trials` trials on 3 members (`options.clusterSize`).
    func run(_ scenario: ScenarioName, progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        guard Self.supportedScenarios.contains(scenario) else {
            throw LiveBenchError.unsupportedScenario("\(scenario) with \(system.algorithm)")
        }
        let size = options.clusterSize
        let label = "live \(scenario) \(system.algorithm), \(size) members"
        progress("\(label): starting \(size) members")
        let cluster = try PeerCluster(system: system, size: size, options: options)
        defer { cluster.shutDown() }
        try cluster.startAll()
        var trials = PeerFailoverTrials(cluster: cluster, options: options, label: label, progress: progress)
        trials.fault = fault
        if scenario == .rejoin {
            trials.rejoinDelay = options.rejoinDelay
            trials.rejoinObservation = options.observation
        }
        let outcome = trials.run(trials: options.trials)
        let samples = scenario == .rejoin ? outcome.rejoinSamples : outcome.failoverSamples
        let timelines = scenario == .rejoin ? outcome.rejoinTimelines : outcome.failoverTimelines
        let median = Self.medianTimeline(timelines, samples: samples,
                                         by: scenario == .rejoin ? .medianLeaderless : .medianFailover)
        return ScenarioResult(
            scenario: scenario, algorithm: system.algorithm, mode: .live, clusterSize: size, timing: system.timing,
            options: system.options.merging(fault == .kill ? [:] : ["fault": fault.description]) { $1 },
            trials: options.trials, seed: options.seed,
            measurement: measurement(of: outcome), samples: samples, timelines: median.map { [$0] } ?? [],
            notes: system.setupNotes + procedureNotes(scenario) + outcome.notes
                + (FaultRecord.exitSentence(outcome.faults).map { [$0] } ?? []))
    }

    /// How the leader goes down: kill -9, or SIGTERM when our nodes are stopped (SIGINT):
    /// a service manager's stop, on which etcd hands its leadership over.
    var fault: LiveFault {
        options.failoverFaults.first?.isGraceful == true ? .terminate : .kill
    }

    /// Status polling, with the widest gap between the round that saw agreement and the
    /// one before it, plus the slowest kill, as the resolution.
    func measurement(of outcome: PeerFailoverTrials.Outcome) -> TimeMeasurement {
        let kills = outcome.faults.compactMap(\.actingLatencyMs)
        let resolution = (outcome.detectionGapsMs.max() ?? 0) + (kills.max() ?? 0)
        var sentences = [
            "Times come from \(system.algorithm)'s own status API (\(system.statusCall)), asked of every survivor "
                + "at once over keep-alive loopback connections, a round then a "
                + "\(ReportNumber.milliseconds(options.pollInterval.milliseconds)) pause. A failover time is the end "
                + "of the first round in which every survivor named the same new leader, which itself said it "
                + "leads, minus the bench's clock reading just before \(fault); it overstates the true time by at "
                + "most the gap since the round before.",
        ]
        if let gaps = Statistics.summarize(outcome.detectionGapsMs), let periods = Statistics.summarize(outcome.roundPeriodsMs) {
            sentences.append("That gap was a median \(ms(gaps.p50)) and at most \(ms(gaps.max)) over \(gaps.n) "
                + "failovers (round period median \(ms(periods.p50))).")
        }
        if let summary = Statistics.summarize(kills) {
            sentences.append("After kill -9 the process was seen dead a median \(ms(summary.p50)) and at most "
                + "\(ms(summary.max)) after that reading (\(kills.count) kills).")
        }
        let rounded = (resolution * 1000).rounded(.up) / 1000
        return TimeMeasurement(method: .statusPolling, resolutionMs: rounded, note: sentences.joined(separator: " "))
    }

    private func procedureNotes(_ scenario: ScenarioName) -> [String] {
        if scenario == .rejoin {
            return ["The leader is killed as in failover; \(ms(options.rejoinDelay.milliseconds)) after the survivors "
                + "agree on a new one, the old leader restarts with the same flags and data. The window opens when "
                + "it first answers its status query and lasts \(ms(options.observation.milliseconds)). Failover "
                + "time is not measured here; elections started are not measured for outside systems."]
        }
        return ["The leader is " + (fault == .kill ? "killed with kill -9" : "stopped with \(fault)")
            + " once the cluster has kept one agreed leader for "
            + "\(ms(options.settleTime.milliseconds)), at a uniformly random point of a "
            + "\(ms(system.faultInterval.milliseconds)) interval; the bench then watches "
            + "\(ms(system.watchAfterAgreement.milliseconds)) more for a second change, and restarts the old leader "
            + "with the same flags and data before the next trial. Elections started are not measured for outside "
            + "systems (they write no event log the bench reads)."]
    }

    private func ms(_ value: Double) -> String { ReportNumber.milliseconds(value) }

    /// The timeline of the median trial by `choice` (the first timeline when no trial
    /// measured it), its label marked "(median)".
    static func medianTimeline(_ timelines: [LeadershipTimeline], samples: [TrialSample],
                               by choice: TimelineChoice) -> LeadershipTimeline? {
        let median = choice.medianTrial(of: samples)
        var chosen = timelines.first { $0.trial == median?.trial } ?? timelines.first
        chosen?.label += " (median)"
        return chosen
    }
}
