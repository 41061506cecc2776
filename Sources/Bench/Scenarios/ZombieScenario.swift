import Election

/// zombie (the etcd v3.5 to v3.6 upgrade incident): the membership names one node more than
/// actually runs; then a real node stops.
struct ZombieScenario: BenchScenario {
    var name: ScenarioName { .zombie }
    var timeline: TimelineChoice? { .medianLeaderless }

    func notes(for algorithm: ScenarioAlgorithm) -> [String] {
        ["The membership lists every node of the cluster size, but the highest id never starts (a "
            + "\"zombie\" member). Once the others agree on a leader, the leader is stopped as with Ctrl+C "
            + "(SIGINT), at a random point of its heartbeat interval, and the bench watches "
            + "\(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)). Raft still needs a "
            + "majority of the configured members; Bully only needs the highest running id."]
    }

    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome {
        let running = Array(cluster.members.dropLast())
        guard let leader = try cluster.settle(starting: running) else { return .noLeaderAtStart }
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        let stopTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.stop(leader)
        try cluster.run(for: ScenarioParameters.observation)
        return TrialOutcome(timelineStart: stopTime.earlier(by: timelineLeadIn))
    }
}
