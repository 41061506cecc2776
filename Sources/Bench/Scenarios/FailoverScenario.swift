import Election

/// failover (and each size of scale): kill the leader (or stop it with SIGINT) at a random
/// point of its heartbeat interval; time until every survivor names the same new leader.
struct FailoverScenario: BenchScenario {
    /// `.failover`, or `.scale` when it runs as one size of the scale scenario.
    var name: ScenarioName = .failover
    /// How the leader goes down: `kill -9` (the default), or Ctrl+C (the SIGINT variant).
    var fault: LiveFault = .kill

    /// A trial with no agreed leader this long after the fault gives up.
    static let agreementTimeout: Duration = .seconds(10)

    var variant: String { fault == .kill ? "" : fault.description }

    func options(for algorithm: ScenarioAlgorithm) -> [String: String] {
        fault == .kill ? [:] : ["fault": fault.description]
    }

    /// Scale draws no timeline: its results are about sizes, not one trial.
    var timeline: TimelineChoice? { name == .scale ? nil : .medianFailover }

    func notes(for algorithm: ScenarioAlgorithm) -> [String] {
        let how = fault == .kill
            ? "kills it (kill -9)"
            : "stops it with \(fault) (as Ctrl+C does: it may say its last words first)"
        return ["Each trial waits for a settled leader, then \(how) at a uniformly random point of its "
            + "heartbeat interval. Failover ends when every survivor names the same new leader, which itself "
            + "runs as leader; the bench then watches \(ReportNumber.milliseconds(algorithm.longestQuietElection.milliseconds)) "
            + "more for a second change."]
    }

    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome {
        guard let leader = try cluster.settle() else { return .noLeaderAtStart }
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        let faultTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        switch fault {
        case .kill: cluster.crash(leader)
        case .stop, .terminate: cluster.stop(leader)
        }
        let timelineStart = faultTime.earlier(by: timelineLeadIn)
        guard try cluster.runUntilAgreed(timeout: Self.agreementTimeout) else {
            return TrialOutcome(note: "no agreed leader within 10 s of the fault", timelineStart: timelineStart)
        }
        try cluster.run(for: cluster.algorithm.longestQuietElection)
        return TrialOutcome(timelineStart: timelineStart)
    }
}
