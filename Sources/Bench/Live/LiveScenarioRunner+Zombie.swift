import Election

extension LiveScenarioRunner {
    /// zombie (the etcd v3.5 to v3.6 upgrade incident), live: the membership lists
    /// `options.zombieConfiguredMembers` nodes but the highest id never starts. Once the
    /// others agree on a leader, it is stopped with SIGINT and the bench watches
    /// `options.observation`. Raft needs a majority of the configured members and, with
    /// the default 4 of which 2 are left, cannot elect anyone; Bully only needs the highest
    /// running id. Between trials the stopped node comes back.
    public func runZombie(algorithm: String, progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try options.validate()
        guard Self.algorithms.contains(algorithm) else { throw LiveBenchError.unknownAlgorithm(algorithm) }
        let configured = options.zombieConfiguredMembers
        let running = (1..<configured).map { NodeID($0) }
        let label = "live zombie \(algorithm), \(configured) members, \(running.count) running"
        progress("\(label): starting nodes 1-\(running.count)")
        var samples: [TrialSample] = []
        var timelines: [LeadershipTimeline] = []
        var notes: [String] = []
        var accuracy = TimingAccuracy(pollInterval: options.pollInterval)
        var random = SeededRandom(seed: options.seed)
        try withCluster(algorithm: algorithm, size: configured, start: running) { cluster in
            for number in 1...options.zombieTrials {
                // 1) The running nodes agree on a leader.
                guard let leader = try? cluster.waitForStableLeader(
                    among: running, stableFor: options.settleTime, timeout: options.trialTimeout)
                else {
                    notes.append("The trials stopped before trial \(number): the running nodes kept no leader for "
                        + "\(Self.ms(options.settleTime)) within \(Self.ms(options.trialTimeout)).")
                    return
                }
                // 2) Stop it, at a random point of its heartbeat interval, and watch.
                let survivors = running.filter { $0 != leader }
                waitRandomPartOfHeartbeat(algorithm, &random)
                var fault = cluster.takeDown(leader, .stop)
                let endMs = fault.issuedMs + options.observation.milliseconds
                let polled = cluster.pollUntilAgreement(among: survivors, formerLeader: leader, since: fault.issuedMs,
                                                        pause: options.pollInterval, timeout: options.observation)
                fault = cluster.finishStop(fault)
                Self.sleep(untilMs: endMs)
                cluster.catchUp()
                let timeline = cluster.timeline()
                let window = timeline.leadershipTimeline(from: fault.issuedMs, to: endMs, label: "zombie")
                let measured = FailoverMeasurement(timeline: window)
                accuracy.record(fault)
                accuracy.compare(eventFailoverMs: measured?.failoverMs, polled: polled, fault: fault)
                let sample = Self.sample(trial: number, window: window, timeline: timeline, from: fault.issuedMs,
                                         to: endMs, failoverMs: measured?.failoverMs,
                                         note: "node \(leader) (the leader) stopped with SIGINT")
                samples.append(sample)
                timelines.append(timeline.leadershipTimeline(
                    from: fault.issuedMs - 100, to: endMs, label: "trial \(number): leader node \(leader) stopped",
                    trial: number))
                progress("\(label): trial \(number)/\(options.zombieTrials): " + (measured.map {
                    "node \($0.newLeader) leads \(ReportNumber.milliseconds($0.failoverMs)) after the stop"
                } ?? "no agreed leader in \(Self.ms(options.observation)) (\(sample.electionsStarted ?? 0) "
                    + "elections started, terms +\(sample.termIncrements ?? 0))"))
                // 3) The stopped node returns for the next trial.
                do {
                    try cluster.restart(leader)
                } catch {
                    notes.append("The trials stopped after trial \(number): node \(leader) could not be restarted: \(error)")
                    return
                }
            }
        }
        let majority = configured / 2 + 1
        return result(
            .zombie, algorithm: algorithm, clusterSize: configured, options: [:], trials: options.zombieTrials,
            samples: samples, measurement: accuracy.measurement(),
            timelines: Self.medianTimeline(timelines, samples: samples, by: \.leaderlessMs).map { [$0] } ?? [],
            notes: [
                "The membership lists \(configured) nodes but node \(configured) never starts (a \"zombie\" member). "
                    + "Once the others agree on a leader, the leader is stopped with SIGINT (as with Ctrl+C), at a "
                    + "random point of its heartbeat interval, and the "
                    + "bench watches \(Self.ms(options.observation)). Raft needs \(majority) votes of \(configured) "
                    + "and only \(running.count - 1) nodes are left; Bully only needs the highest running id.",
            ] + notes)
    }
}
