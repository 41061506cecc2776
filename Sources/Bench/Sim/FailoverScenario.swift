import Election

/// failover (and each size of scale): kill the leader at a random point of its heartbeat
/// interval; time until every survivor names the same new leader.
struct FailoverScenario: SimScenario {
    /// `.failover`, or `.scale` when it runs as one size of the scale scenario.
    var name: ScenarioName = .failover

    /// A trial with no agreed leader this long after the crash gives up.
    static let agreementTimeout: Duration = .seconds(10)

    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String] {
        let watch = Node.longestQuietElection(of: settings)
        return ["Each trial starts a fresh cluster, waits for a leader, then kills it at a uniformly "
            + "random point of its heartbeat interval, right after a heartbeat round. Failover ends "
            + "when every survivor names the same new leader, which itself runs as leader; the bench "
            + "then watches \(ReportNumber.milliseconds(watch.milliseconds)) more for a second change."]
    }

    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome {
        guard let leader = cluster.establishLeader(settings: settings) else { return .noLeaderAtStart }
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        let crashTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.crash(leader)
        guard cluster.runUntilAgreed(timeout: Self.agreementTimeout) else {
            return SimTrialOutcome(note: "no agreed leader within 10 s of the crash",
                                   timelineStart: crashTime.earlier(by: SimCluster<Node>.timelineLeadIn))
        }
        cluster.run(for: Node.longestQuietElection(of: settings))
        return SimTrialOutcome(timelineStart: crashTime.earlier(by: SimCluster<Node>.timelineLeadIn))
    }
}

extension Instant {
    /// `duration` before this instant, but never before the start.
    func earlier(by duration: Duration) -> Instant {
        Instant(sinceStart: max(.zero, sinceStart - duration))
    }
}
