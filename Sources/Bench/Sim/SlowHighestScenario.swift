import Election

/// slow-highest (workshop challenge 1): as the leader is killed, the highest id that
/// survives becomes slow: every message to or from it takes `factor` times the competing
/// timeout longer.
struct SlowHighestScenario: SimScenario {
    /// The extra one-way delay in units of the answer timeout (Bully) or the shortest
    /// election timeout (Raft).
    var factor: Double

    var name: ScenarioName { .slowHighest }
    var variant: String { Self.factorText(factor) }
    var drawsTimeline: Bool { true }

    /// Options are per algorithm (the delay in ms differs), so the engine asks for them.
    func options<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String: String] {
        ["extra_delay": "\(variant) = \(ReportNumber.milliseconds(extraDelay(Node.self, settings).milliseconds))"]
    }

    func extraDelay<Node: BenchAlgorithm>(_ algorithm: Node.Type, _ settings: Node.Settings) -> Duration {
        Node.competingTimeout(of: settings).duration * factor
    }

    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String] {
        let timeout = Node.competingTimeout(of: settings)
        let delay = extraDelay(Node.self, settings)
        return ["At the moment the leader is killed, the highest id that survives gets "
            + "\(ReportNumber.milliseconds(delay.milliseconds)) of extra delay on every message to and "
            + "from it (\(variant) the \(timeout.name) of \(ReportNumber.milliseconds(timeout.duration.milliseconds)), "
            + "so a reply through it comes back \(ReportNumber.milliseconds(delay.milliseconds * 2)) late). "
            + "The window covers \(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)) "
            + "from the kill."]
    }

    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome {
        guard let leader = cluster.establishLeader(settings: settings),
              let slowNode = cluster.members.filter({ $0 != leader }).max()
        else { return .noLeaderAtStart }
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        let crashTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.slowDown(slowNode, by: extraDelay(Node.self, settings))
        cluster.crash(leader)
        cluster.run(for: ScenarioParameters.observation)
        return SimTrialOutcome(note: nil, timelineStart: crashTime.earlier(by: SimCluster<Node>.timelineLeadIn))
    }

    /// `0.5x`, `1x`, `2x`.
    static func factorText(_ factor: Double) -> String {
        "\(ReportNumber.plain(factor))x"
    }
}
