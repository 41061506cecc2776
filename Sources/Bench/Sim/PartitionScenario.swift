import Election

/// partition: the leader is cut off from everyone else, then the network heals.
struct PartitionScenario: SimScenario {
    var name: ScenarioName { .partition }
    var drawsTimeline: Bool { true }

    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String] {
        ["The leader is cut off from all other nodes (messages both ways are lost silently) for "
            + "\(ReportNumber.milliseconds(ScenarioParameters.partitionDuration.milliseconds)), then the network "
            + "heals and the bench watches \(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)) more.",
         "While the partition lasts, failover and time without an agreed leader are judged on the "
            + "connected side only (the cut-off node does not count); split brain counts every running "
            + "node in the leader role, so the isolated old leader counts as long as it believes it leads. "
            + "Raft's old leader keeps its role until it hears of a newer term (there is no CheckQuorum), "
            + "although without a majority it could not commit anything.",
         "The timeline's agreed-leader lane counts every running node, the cut-off one included, so it "
            + "shows no agreed leader for the whole partition."]
    }

    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome {
        guard let leader = cluster.establishLeader(settings: settings) else { return .noLeaderAtStart }
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        let cutTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.isolate(leader)
        cluster.run(for: ScenarioParameters.partitionDuration)
        cluster.heal()
        cluster.run(for: ScenarioParameters.observation)
        return SimTrialOutcome(timelineStart: cutTime.earlier(by: SimCluster<Node>.timelineLeadIn))
    }
}
