import Election

/// partition: the leader is cut off from everyone else, then the network heals.
struct PartitionScenario: BenchScenario {
    var name: ScenarioName { .partition }
    var timeline: TimelineChoice? { .medianLeaderless }

    func notes(for algorithm: ScenarioAlgorithm) -> [String] {
        ["The leader is cut off from all other nodes (messages both ways are lost silently) for "
            + "\(ReportNumber.milliseconds(ScenarioParameters.partitionDuration.milliseconds)), then the network "
            + "heals and the bench watches \(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)) more.",
         "While the partition lasts, failover and time without an agreed leader are judged on the "
            + "connected side only (the cut-off node does not count); split brain counts every running "
            + "node in the leader role, so the isolated old leader counts as long as it believes it leads. "
            + "With CheckQuorum (Raft's default) the cut-off leader steps down once a majority has been "
            + "silent for an election timeout; without it (Raft textbook) it keeps its role until it hears "
            + "of a newer term, although without a majority it could not commit anything.",
         "The timeline's agreed-leader lane counts every running node, the cut-off one included, so it "
            + "shows no agreed leader for the whole partition."]
    }

    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome {
        guard let leader = try cluster.settle() else { return .noLeaderAtStart }
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        let cutTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        try cluster.isolate(leader)
        try cluster.run(for: ScenarioParameters.partitionDuration)
        try cluster.heal()
        try cluster.run(for: ScenarioParameters.observation)
        return TrialOutcome(timelineStart: cutTime.earlier(by: timelineLeadIn))
    }
}
