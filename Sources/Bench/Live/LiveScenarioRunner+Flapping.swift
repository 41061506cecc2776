import Election

extension LiveScenarioRunner {
    /// flapping (workshop challenge 2), live: once the cluster has a leader, `node` (the
    /// highest id, or the lowest id that is not leading) is killed every
    /// `options.flapPeriod` and restarted half a period later, `options.flapCycles` times;
    /// the window covers the storm and one longest quiet election after it, as in the
    /// simulator. `options.flappingTrials` trials, one after another on one cluster.
    public func runFlapping(algorithm: String, node kind: ScenarioParameters.FlappingNode,
                            progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try options.validate()
        guard Self.algorithms.contains(algorithm) else { throw LiveBenchError.unknownAlgorithm(algorithm) }
        let size = options.clusterSize
        let period = options.flapPeriod.milliseconds
        let tail = options.timing.longestQuietElection(algorithm: algorithm)
        let label = "live flapping \(algorithm), \(kind.rawValue)"
        progress("\(label): starting \(size) nodes")
        var samples: [TrialSample] = []
        var timelines: [LeadershipTimeline] = []
        var notes: [String] = []
        var accuracy = TimingAccuracy(pollInterval: options.pollInterval)
        var random = SeededRandom(seed: options.seed)
        try withCluster(algorithm: algorithm, size: size) { cluster in
            for number in 1...options.flappingTrials {
                // 1) A settled cluster, and the node that will flap.
                guard let leader = try? cluster.waitForStableLeader(
                    among: cluster.runningNodes, stableFor: options.settleTime, timeout: options.trialTimeout)
                else {
                    notes.append("The trials stopped before trial \(number): the cluster kept no leader for "
                        + "\(Self.ms(options.settleTime)) within \(Self.ms(options.trialTimeout)).")
                    return
                }
                let flapper = kind == .highestID ? cluster.ids.max()! : cluster.ids.filter { $0 != leader }.min()!

                // 2) The storm, from a random point of the leader's heartbeat interval: kill at
                // every period, restart half a period later.
                waitRandomPartOfHeartbeat(algorithm, &random)
                let startMs = WallClock.nowMs()
                var faults: [FaultRecord] = []
                for cycle in 0..<options.flapCycles {
                    Self.sleep(untilMs: startMs + period * Double(cycle))
                    faults.append(cluster.takeDown(flapper, .kill))
                    Self.sleep(untilMs: startMs + period * (Double(cycle) + 0.5))
                    try cluster.restart(flapper)
                }
                let endMs = startMs + period * Double(options.flapCycles) + tail.milliseconds
                Self.sleep(untilMs: endMs)
                cluster.catchUp()

                // 3) What the nodes saw.
                for fault in faults { accuracy.record(cluster.confirm(fault)) }
                let timeline = cluster.timeline()
                let window = timeline.leadershipTimeline(
                    from: startMs, to: endMs, label: "trial \(number): node \(flapper) flaps", trial: number)
                samples.append(Self.sample(trial: number, window: window, timeline: timeline, from: startMs,
                                           to: endMs, failoverMs: nil,
                                           note: "node \(flapper) killed \(faults.count) times; node \(leader) led before"))
                timelines.append(timeline.leadershipTimeline(
                    from: startMs - 100, to: endMs, label: "trial \(number): node \(flapper) flaps", trial: number))
                progress("\(label): trial \(number)/\(options.flappingTrials): node \(flapper) killed "
                    + "\(faults.count) times, \(window.leaderChanges) leader change(s), "
                    + "\(ReportNumber.milliseconds(window.leaderlessMs)) without an agreed leader")
            }
        }
        let who = kind == .highestID
            ? "the highest id (the Bully leader by definition; for Raft a node like any other)"
            : "the lowest id that is not leading when the storm starts"
        return result(
            .flapping, algorithm: algorithm, clusterSize: size, options: ["flapping_node": kind.rawValue],
            trials: options.flappingTrials, samples: samples, measurement: accuracy.measurement(),
            timelines: Self.medianTimeline(timelines, samples: samples, by: \.leaderlessMs).map { [$0] } ?? [],
            notes: [
                "The flapping node is \(who). It is killed with kill -9 every \(Self.ms(options.flapPeriod)) and "
                    + "restarted \(ReportNumber.milliseconds(period / 2)) after each kill, \(options.flapCycles) times; "
                    + "the window covers the storm and \(Self.ms(tail)) after it. Failover time is not measured here.",
            ] + notes)
    }
}
