import Election

/// rejoin: after a failover, the old leader restarts; what does its return cost?
struct RejoinScenario: SimScenario {
    var name: ScenarioName { .rejoin }
    var drawsTimeline: Bool { true }

    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String] {
        ["The leader is killed as in failover; \(ReportNumber.milliseconds(ScenarioParameters.rejoinDelay.milliseconds)) "
            + "after the survivors agree on a new leader (and then at a random point of a heartbeat "
            + "interval), the old one restarts. The window opens at the "
            + "restart and lasts \(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)); "
            + "failover time is not measured here. Time without an agreed leader includes the moments "
            + "when the returning node does not know the leader yet."]
    }

    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome {
        guard let oldLeader = cluster.establishLeader(settings: settings) else { return .noLeaderAtStart }
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        let crashTime = cluster.now
        cluster.crash(oldLeader)
        let timelineStart = crashTime.earlier(by: SimCluster<Node>.timelineLeadIn)
        guard cluster.runUntilAgreed(timeout: FailoverScenario.agreementTimeout) else {
            return SimTrialOutcome(note: "the survivors agreed on no new leader within 10 s, so node "
                                       + "\(oldLeader) was not restarted", timelineStart: timelineStart)
        }
        cluster.run(for: ScenarioParameters.rejoinDelay)
        // The return, like the crash, lands anywhere between two of the leader's heartbeats.
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        cluster.beginWindow()
        cluster.restart(oldLeader)
        cluster.run(for: ScenarioParameters.observation)
        return SimTrialOutcome(timelineStart: timelineStart)
    }
}
