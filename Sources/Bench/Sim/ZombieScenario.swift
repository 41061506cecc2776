import Election

/// zombie (the etcd v3.5 to v3.6 upgrade incident): the membership names one node more than
/// actually runs; then a real node stops.
struct ZombieScenario: SimScenario {
    var name: ScenarioName { .zombie }
    var drawsTimeline: Bool { true }

    func notes<Node: BenchAlgorithm>(for algorithm: Node.Type, settings: Node.Settings) -> [String] {
        ["The membership lists every node of the cluster size, but the highest id never starts (a "
            + "\"zombie\" member). Once the others agree on a leader, the leader is stopped as with Ctrl+C, "
            + "at a random point of its heartbeat interval, and the bench watches "
            + "\(ReportNumber.milliseconds(ScenarioParameters.observation.milliseconds)). Raft still needs a "
            + "majority of the configured members; Bully only needs the highest running id."]
    }

    func runTrial<Node: BenchAlgorithm>(on cluster: SimCluster<Node>, settings: Node.Settings,
                                        random: inout SeededRandom) -> SimTrialOutcome {
        let running = Array(cluster.members.dropLast())
        guard let leader = cluster.establishLeader(starting: running, settings: settings) else {
            return .noLeaderAtStart
        }
        cluster.moveToRandomPointOfHeartbeatInterval(settings: settings, random: &random)
        let stopTime = cluster.now
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.stop(leader, graceful: true)
        cluster.run(for: ScenarioParameters.observation)
        return SimTrialOutcome(timelineStart: stopTime.earlier(by: SimCluster<Node>.timelineLeadIn))
    }
}
