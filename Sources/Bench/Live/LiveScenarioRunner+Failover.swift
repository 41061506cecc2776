import Election

extension LiveScenarioRunner {
    /// Live failover with `fault`, and the rejoin of each old leader, from the same trials:
    /// `options.trials` trials on a cluster of `options.clusterSize` nodes. The old leader
    /// returns `rejoinDelay` after the failover and is watched for at least
    /// `rejoinObservation` (both default to the options' rejoin settings; pass `.zero` for
    /// the quickest failover series).
    public func runFailover(algorithm: String, fault: LiveFault = .kill, rejoinDelay: Duration? = nil,
                            rejoinObservation: Duration? = nil,
                            progress: @escaping @Sendable (String) -> Void)
        throws -> (failover: ScenarioResult, rejoin: ScenarioResult)
    {
        let delay = rejoinDelay ?? options.rejoinDelay
        let observation = rejoinObservation ?? options.rejoinObservation
        try options.validate()
        let size = options.clusterSize
        let label = "live failover \(algorithm), \(size) nodes, \(fault)"
        progress("\(label): starting \(size) nodes")
        let outcome = try withCluster(algorithm: algorithm, size: size) { cluster in
            var trials = LeaderFaultTrials(cluster: cluster, options: options, fault: fault, label: label,
                                           progress: progress)
            trials.rejoinDelay = delay
            trials.rejoinObservation = observation
            return trials.run(trials: options.trials)
        }
        let measurement = outcome.accuracy.measurement()
        let variant = ["fault": fault.description]
        let failover = result(
            .failover, algorithm: algorithm, clusterSize: size, options: variant, trials: options.trials,
            samples: outcome.failoverSamples, measurement: measurement,
            timelines: Self.medianTimeline(outcome.failoverTimelines, samples: outcome.failoverSamples,
                                           by: \.failoverMs).map { [$0] } ?? [],
            notes: failoverNotes(fault: fault) + outcome.notes)
        let rejoin = result(
            .rejoin, algorithm: algorithm, clusterSize: size, options: variant, trials: options.trials,
            samples: outcome.rejoinSamples, measurement: measurement,
            timelines: Self.medianTimeline(outcome.rejoinTimelines, samples: outcome.rejoinSamples,
                                           by: \.leaderlessMs).map { [$0] } ?? [],
            notes: rejoinNotes(delay: delay, observation: observation) + outcome.notes)
        return (failover, rejoin)
    }

    /// Live failover on a cluster of `size` nodes, `options.scaleTrials` trials.
    public func runScale(algorithm: String, size: Int,
                         progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        var scaled = self
        scaled.options.clusterSize = size
        scaled.options.trials = options.scaleTrials
        var failover = try scaled.runFailover(algorithm: algorithm, fault: .kill, rejoinDelay: .zero,
                                              rejoinObservation: .zero, progress: progress).failover
        failover.scenario = .scale
        failover.notes.insert("Failover of a \(size)-node cluster; messages per election are measured in the "
            + "simulator only (the live nodes do not count their messages).", at: 0)
        return failover
    }

    private func failoverNotes(fault: LiveFault) -> [String] {
        let how = fault == .kill
            ? "The leader is killed with kill -9 (SIGKILL)"
            : "The leader is stopped with SIGINT (a clean stop: it closes its connections first)"
        return [
            "\(how) once the cluster has kept one agreed leader for "
                + "\(ReportNumber.milliseconds(options.settleTime.milliseconds)); the failover time runs from "
                + "just before the signal until the last survivor's event saying it follows the new leader. "
                + "The old leader is then restarted with the same flags before the next trial.",
        ]
    }

    private func rejoinNotes(delay: Duration, observation: Duration) -> [String] {
        [
            "Each trial lets the cluster run under its new leader for \(ReportNumber.milliseconds(delay.milliseconds)), "
                + "restarts the leader taken down in the matching failover trial, and watches for at least "
                + "\(ReportNumber.milliseconds(observation.milliseconds)) and until the cluster has kept one agreed "
                + "leader for \(ReportNumber.milliseconds(options.settleTime.milliseconds)).",
            "The returning node counts as running from its node_started line; until it hears from the leader "
                + "(up to one heartbeat) the cluster has no agreed leader by definition, so a small leaderless "
                + "time appears even when leadership never moves. Leader changes tell whether it disturbed "
                + "the cluster.",
        ]
    }
}
