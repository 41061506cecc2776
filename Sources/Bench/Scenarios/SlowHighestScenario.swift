import Election

/// slow-highest (workshop challenge 1): as the leader is killed, the highest id that
/// survives is slow: every message to or from it takes `factor` times the competing
/// timeout longer.
struct SlowHighestScenario: BenchScenario {
    /// The extra one-way delay in units of the answer timeout (Bully) or the shortest
    /// election timeout (Raft).
    var factor: Double
    /// How long the window watches after the kill.
    var observation: Duration = ScenarioParameters.observation

    var name: ScenarioName { .slowHighest }
    var variant: String { Self.factorText(factor) }
    var timeline: TimelineChoice? { .medianLeaderless }

    /// Options are per algorithm (the delay in ms differs).
    func options(for algorithm: ScenarioAlgorithm) -> [String: String] {
        var options = ["extra_delay": "\(variant) = \(ReportNumber.milliseconds(extraDelay(algorithm).milliseconds))"]
        if observation != ScenarioParameters.observation {
            options["window"] = ReportNumber.milliseconds(observation.milliseconds)
        }
        return options
    }

    func extraDelay(_ algorithm: ScenarioAlgorithm) -> Duration {
        algorithm.competingTimeout * factor
    }

    func notes(for algorithm: ScenarioAlgorithm) -> [String] {
        let delay = extraDelay(algorithm)
        return ["At the moment the leader is killed, the highest id that survives has "
            + "\(ReportNumber.milliseconds(delay.milliseconds)) of extra delay on every message to and "
            + "from it (\(variant) the \(algorithm.competingTimeoutName) of "
            + "\(ReportNumber.milliseconds(algorithm.competingTimeout.milliseconds)), "
            + "so a reply through it comes back \(ReportNumber.milliseconds(delay.milliseconds * 2)) late). "
            + "The window covers \(ReportNumber.milliseconds(observation.milliseconds)) "
            + "from the kill.",
         "The simulator slows that node down at the kill. A live node takes its delay from its command line "
            + "(--delay-ms), so there it is restarted with the delay before the trial, and the trial waits "
            + "for the cluster to settle with it, at most "
            + "\(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds))."]
    }

    func runTrial(on cluster: some ElectionCluster, random: inout SeededRandom) throws -> TrialOutcome {
        let delay = extraDelay(cluster.algorithm)
        guard let (leader, slowNode) = try settleWithSlowNode(cluster, delay: delay) else { return .noLeaderAtStart }
        try cluster.moveToRandomPointOfHeartbeatInterval(random: &random)
        let crashTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        if cluster.slowsNodesWithoutRestart { try cluster.slowDown(slowNode, by: delay) }
        cluster.crash(leader)
        try cluster.run(for: observation)
        return TrialOutcome(timelineStart: crashTime.earlier(by: timelineLeadIn))
    }

    /// A settled cluster and its leader, with the node to slow down: the highest id that
    /// is not the leader. Where slowing a node means restarting it, the delay moves to that
    /// node first and the cluster settles again with it (a few tries, since the leader may
    /// change meanwhile).
    private func settleWithSlowNode(_ cluster: some ElectionCluster, delay: Duration) throws
        -> (leader: NodeID, slowNode: NodeID)?
    {
        for _ in 0..<3 {
            guard let leader = try cluster.settle(starting: nil, timeout: ScenarioParameters.observation),
                  let wanted = cluster.members.filter({ $0 != leader }).max()
            else { return nil }
            if cluster.slowsNodesWithoutRestart || cluster.extraDelay(of: wanted) == delay {
                return (leader, wanted)
            }
            for other in cluster.members where other != wanted && cluster.extraDelay(of: other) > .zero {
                try cluster.slowDown(other, by: .zero)
            }
            try cluster.slowDown(wanted, by: delay)
        }
        return nil
    }

    /// `0.5x`, `1x`, `2x`.
    static func factorText(_ factor: Double) -> String {
        "\(ReportNumber.plain(factor))x"
    }
}
