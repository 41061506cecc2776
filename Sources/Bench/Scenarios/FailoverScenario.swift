import Election

/// failover (and each size of scale): kill the leader (stop it with SIGINT, or hang it with
/// SIGSTOP) at a random point of its heartbeat interval; time until every survivor names
/// the same new leader.
struct FailoverScenario: BenchScenario {
    /// `.failover`, or `.scale` when it runs as one size of the scale scenario.
    var name: ScenarioName = .failover
    /// How the leader goes down: `kill -9` (the default), Ctrl+C (SIGINT) or a hang (SIGSTOP).
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
        let watch = ReportNumber.milliseconds(algorithm.longestQuietElection.milliseconds)
        let how = switch fault {
        case .kill: "kills it (kill -9)"
        case .stop, .terminate: "stops it with \(fault) (as Ctrl+C does: it may say its last words first)"
        case .hang: "hangs it with SIGSTOP (alive, its connections open: only timeouts can find it)"
        }
        var notes = ["Each trial waits for a settled leader, then \(how) at a uniformly random point of its "
            + "heartbeat interval. Failover ends when every survivor names the same new leader, which itself "
            + "runs as leader; the bench then watches \(watch) more for a second change."]
        if fault == .hang {
            notes.append("The hung leader is not judged and does not count as a leader while it is held (it "
                + "answers nobody). Then the bench continues it (SIGCONT) and watches \(watch) more: it comes "
                + "back believing it leads, at its older term, until it hears of the new one, and that stretch "
                + "counts as split brain. Each trial's note says whether any term (Bully: epoch) had two "
                + "leaders, from the terms the nodes reported.")
        }
        return notes
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
        case .hang: cluster.pause(leader)
        }
        // A hung leader is continued before the trial ends, whatever happened, so that the
        // next trial starts with every node running.
        defer { cluster.resume(leader) }
        let timelineStart = faultTime.earlier(by: timelineLeadIn)
        guard try cluster.runUntilAgreed(timeout: Self.agreementTimeout) else {
            return TrialOutcome(note: "no agreed leader within 10 s of the fault", timelineStart: timelineStart)
        }
        try cluster.run(for: cluster.algorithm.longestQuietElection)
        if fault == .hang {
            cluster.resume(leader)
            try cluster.run(for: cluster.algorithm.longestQuietElection)
        }
        return TrialOutcome(timelineStart: timelineStart)
    }
}
