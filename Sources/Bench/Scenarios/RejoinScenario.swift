import Election

/// rejoin: after a failover, the old leader restarts; what does its return cost?
struct RejoinScenario: BenchScenario {
    var name: ScenarioName { .rejoin }
    var timeline: TimelineChoice? { .medianLeaderless }

    func notes(for algorithm: ScenarioAlgorithm) -> [String] {
        ["The leader is killed as in failover; \(ReportNumber.milliseconds(ScenarioParameters.rejoinDelay.milliseconds)) "
            + "after the survivors agree on a new leader (and then at a random point of a heartbeat "
            + "interval), the old one restarts. The window opens at the "
            + "restart and lasts \(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)); "
            + "failover time is not measured here. Time without an agreed leader includes the moments "
            + "when the returning node does not know the leader yet."]
    }

    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome {
        guard let oldLeader = try cluster.settle() else { return .noLeaderAtStart }
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        let crashTime = cluster.now
        cluster.crash(oldLeader)
        let timelineStart = crashTime.earlier(by: timelineLeadIn)
        guard try cluster.runUntilAgreed(timeout: FailoverScenario.agreementTimeout) else {
            return TrialOutcome(note: "the survivors agreed on no new leader within 10 s, so node "
                                    + "\(oldLeader) was not restarted", timelineStart: timelineStart)
        }
        try cluster.run(for: ScenarioParameters.rejoinDelay)
        // The return, like the crash, lands anywhere between two of the leader's heartbeats.
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        cluster.beginWindow()
        try cluster.restart(oldLeader)
        try cluster.run(for: ScenarioParameters.observation)
        return TrialOutcome(timelineStart: timelineStart)
    }
}
