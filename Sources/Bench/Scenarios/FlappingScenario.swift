import Election

/// flapping (workshop challenge 2): one node crashes and restarts again and again.
struct FlappingScenario: BenchScenario {
    var node: ScenarioParameters.FlappingNode
    /// One crash-and-restart cycle: down for its first half, up for the second.
    var period: Duration = ScenarioParameters.flappingPeriod
    /// How many cycles a trial runs.
    var cycles: Int = ScenarioParameters.flappingCycles

    var name: ScenarioName { .flapping }
    var variant: String { node.rawValue }
    var timeline: TimelineChoice? { .medianLeaderless }

    func options(for algorithm: ScenarioAlgorithm) -> [String: String] {
        var options = ["flapping_node": node.rawValue]
        if period != ScenarioParameters.flappingPeriod || cycles != ScenarioParameters.flappingCycles {
            options["storm"] = "\(cycles) x \(ReportNumber.milliseconds(period.milliseconds))"
        }
        return options
    }

    func notes(for algorithm: ScenarioAlgorithm) -> [String] {
        let who = switch node {
        case .highestID: "the highest id (the Bully leader by definition; for Raft a node like any other)"
        case .follower: "the lowest id that is not leading when the storm starts"
        }
        let watch = algorithm.longestQuietElection
        return ["The flapping node is \(who). It is killed every \(ReportNumber.milliseconds(period.milliseconds)) "
            + "and restarted \(ReportNumber.milliseconds((period / 2).milliseconds)) after each kill, "
            + "\(cycles) times; the window covers the storm and \(ReportNumber.milliseconds(watch.milliseconds)) "
            + "after the last restart. Failover time is not measured here."]
    }

    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome {
        guard let leader = try cluster.settle() else { return .noLeaderAtStart }
        let flapper: NodeID
        switch node {
        case .highestID: flapper = cluster.members.max()!
        case .follower: flapper = cluster.members.filter { $0 != leader }.min()!
        }
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        let stormStart = cluster.now
        cluster.beginWindow()
        for cycle in 0..<cycles {
            cluster.after(period * cycle) { $0.crash(flapper) }
            cluster.after(period * cycle + period / 2) { try $0.restart(flapper) }
        }
        try cluster.run(for: period * cycles + cluster.algorithm.longestQuietElection)
        return TrialOutcome(timelineStart: stormStart.earlier(by: timelineLeadIn))
    }
}
