import Election

extension LiveScenarioRunner {
    /// Live failover with `fault`, and the rejoin of each old leader, from the same trials:
    /// `options.trials` trials on a cluster of `options.clusterSize` nodes. After each
    /// failover the bench watches one longest quiet election more; the old leader returns
    /// `rejoinDelay` later and is watched for `rejoinObservation` (defaults: the options'
    /// rejoin delay and observation, as the simulated rejoin; pass `.zero` for both to
    /// restart at once and watch only until the cluster settles: the quickest series).
    public func runFailover(algorithm: String, fault: LiveFault = .kill, rejoinDelay: Duration? = nil,
                            rejoinObservation: Duration? = nil,
                            progress: @escaping @Sendable (String) -> Void)
        throws -> (failover: ScenarioResult, rejoin: ScenarioResult)
    {
        try options.validate()
        guard Self.algorithms.contains(algorithm) else { throw LiveBenchError.unknownAlgorithm(algorithm) }
        let size = options.clusterSize
        let delay = rejoinDelay ?? options.rejoinDelay
        let observation = rejoinObservation ?? options.observation
        let watch = options.timing.longestQuietElection(algorithm: algorithm)
        let label = "live failover \(algorithm), \(size) nodes, \(fault)"
        progress("\(label): starting \(size) nodes")
        let outcome = try withCluster(algorithm: algorithm, size: size) { cluster in
            var trials = LeaderFaultTrials(cluster: cluster, options: options, fault: fault, label: label,
                                           progress: progress)
            trials.watchAfterAgreement = watch
            trials.rejoinDelay = delay
            trials.rejoinObservation = observation
            return trials.run(trials: options.trials)
        }
        let measurement = outcome.accuracy.measurement()
        let failover = result(
            .failover, algorithm: algorithm, clusterSize: size, options: fault == .kill ? [:] : ["fault": "SIGINT"],
            trials: options.trials, samples: outcome.failoverSamples, measurement: measurement,
            timelines: Self.medianTimeline(outcome.failoverTimelines, samples: outcome.failoverSamples,
                                           by: \.failoverMs).map { [$0] } ?? [],
            notes: failoverNotes(fault: fault, watch: watch) + outcome.notes)
        let rejoin = result(
            .rejoin, algorithm: algorithm, clusterSize: size, options: fault == .kill ? [:] : ["fault": "SIGINT"],
            trials: options.trials, samples: outcome.rejoinSamples, measurement: measurement,
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
        failover.notes.insert("Failover of a \(size)-node cluster. Messages per election are measured in the "
            + "simulator only: live nodes do not count their messages.", at: 0)
        return failover
    }

    private func failoverNotes(fault: LiveFault, watch: Duration) -> [String] {
        let how = fault == .kill
            ? "The leader is killed with kill -9 (SIGKILL)"
            : "The leader is stopped with SIGINT (a clean stop: it closes its connections first)"
        return [
            "\(how) once the cluster has kept one agreed leader for \(Self.ms(options.settleTime)), at a uniformly "
                + "random point of its heartbeat interval. The failover time runs from just before the signal "
                + "until the last survivor's event saying it follows the new leader; the bench then watches "
                + "\(Self.ms(watch)) more (one longest quiet election) for a second change, and restarts the old "
                + "leader with the same flags before the next trial.",
        ]
    }

    private func rejoinNotes(delay: Duration, observation: Duration) -> [String] {
        let window = observation > .zero
            ? "The window opens at the restart and lasts \(Self.ms(observation))."
            : "The window opens at the restart and lasts until the cluster has kept one agreed leader for "
                + "\(Self.ms(options.settleTime))."
        return [
            "The leader is killed as in failover; \(Self.ms(delay)) after the survivors agree on a new one, the "
                + "old leader restarts with the same flags. \(window) Failover time is not measured here.",
            "The returning node counts as running from its node_started line; until it hears from the leader "
                + "(about one heartbeat) the cluster has no agreed leader by definition, so a little leaderless "
                + "time appears even when leadership never moves. Leader changes tell whether it disturbed the "
                + "cluster.",
        ]
    }
}
