import Election

/// flapping (workshop challenge 2): one node crashes and restarts again and again.
struct FlappingScenario: SimScenario {
    var node: ScenarioParameters.FlappingNode

    var name: ScenarioName { .flapping }
    var variant: String { node.rawValue }
    var drawsTimeline: Bool { true }

    func options<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String: String] {
        ["flapping_node": node.rawValue]
    }

    private var period: Duration { ScenarioParameters.flappingPeriod }
    private var cycles: Int { ScenarioParameters.flappingCycles }

    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String] {
        let who = switch node {
        case .highestID: "the highest id (the Bully leader by definition; for Raft a node like any other)"
        case .follower: "the lowest id that is not leading when the storm starts"
        }
        let watch = Node.longestQuietElection(of: settings)
        return ["The flapping node is \(who). It is killed every \(ReportNumber.milliseconds(period.milliseconds)) "
            + "and restarted \(ReportNumber.milliseconds((period / 2).milliseconds)) after each kill, "
            + "\(cycles) times; the window covers the storm and \(ReportNumber.milliseconds(watch.milliseconds)) "
            + "after the last restart. Failover time is not measured here."]
    }

    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome {
        guard let leader = cluster.establishLeader(settings: settings) else { return .noLeaderAtStart }
        let flapper: NodeID
        switch node {
        case .highestID: flapper = cluster.members.max()!
        case .follower: flapper = cluster.members.filter { $0 != leader }.min()!
        }
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        let stormStart = cluster.now
        cluster.beginWindow()
        for cycle in 0..<cycles {
            cluster.after(period * cycle) { $0.crash(flapper) }
            cluster.after(period * cycle + period / 2) { $0.restart(flapper) }
        }
        cluster.run(for: period * cycles + Node.longestQuietElection(of: settings))
        return SimTrialOutcome(timelineStart: stormStart.earlier(by: SimCluster<Node>.timelineLeadIn))
    }
}
