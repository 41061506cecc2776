import Election

extension LiveScenarioRunner {
    /// slow-highest (workshop challenge 1), live: the highest id that will survive the
    /// leader's kill runs with `--delay-ms` = `factor` × the competing timeout (Bully: the
    /// answer timeout; Raft: the shortest election timeout), so every message it sends or
    /// receives waits that long. Each trial kills the leader and watches
    /// `options.observation` from the kill.
    ///
    /// The simulator slows that node down at the moment of the kill; a live node takes its
    /// delay from the command line, so here it is restarted with the delay before the
    /// trial, and the trial waits for the cluster to settle with it. A cluster that cannot
    /// keep a leader with the slow node in it ends the series: the sample then covers that
    /// wait, and says so.
    public func runSlowHighest(algorithm: String, factor: Double,
                               progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try options.validate()
        guard Self.algorithms.contains(algorithm) else { throw LiveBenchError.unknownAlgorithm(algorithm) }
        let size = options.clusterSize
        let competing = options.timing.competingTimeout(algorithm: algorithm)
        let delayMs = Int((competing.duration.milliseconds * factor).rounded())
        let factorText = "\(ReportNumber.plain(factor))x"
        let label = "live slow-highest \(algorithm), \(factorText) (\(delayMs) ms)"
        progress("\(label): starting \(size) nodes")
        var experiment = SlowHighestTrials(runner: self, delayMs: delayMs, label: label, progress: progress)
        try withCluster(algorithm: algorithm, size: size) { cluster in
            experiment.run(on: cluster)
        }
        return result(
            .slowHighest, algorithm: algorithm, clusterSize: size,
            options: ["extra_delay": "\(factorText) = \(ReportNumber.milliseconds(Double(delayMs)))"],
            trials: options.slowTrials, samples: experiment.samples, measurement: experiment.accuracy.measurement(),
            timelines: Self.medianTimeline(experiment.timelines, samples: experiment.samples, by: \.leaderlessMs)
                .map { [$0] } ?? [],
            notes: [
                "The highest id that survives the leader's kill runs with --delay-ms \(delayMs): every message it "
                    + "sends or receives waits \(delayMs) ms, \(factorText) the \(competing.name) of "
                    + "\(Self.ms(competing.duration)), so a reply through it comes back \(2 * delayMs) ms late. "
                    + "Live, the delay is a command-line flag, so that node is restarted with it before the trial "
                    + "(the simulator slows it down at the kill instead).",
                "Each trial waits until the cluster has kept one leader for \(Self.ms(options.settleTime)) "
                    + "(at most \(Self.ms(options.observation))), kills it with kill -9, and watches "
                    + "\(Self.ms(options.observation)) from the kill.",
            ] + experiment.notes)
    }
}

/// The trials of one slow-highest variant on one cluster; see `runSlowHighest`.
private struct SlowHighestTrials {
    let runner: LiveScenarioRunner
    let delayMs: Int
    let label: String
    let progress: @Sendable (String) -> Void
    var samples: [TrialSample] = []
    var timelines: [LeadershipTimeline] = []
    var notes: [String] = []
    var accuracy: TimingAccuracy
    /// The node that currently runs with the delay.
    private var slowNode: NodeID?
    private var random: SeededRandom

    init(runner: LiveScenarioRunner, delayMs: Int, label: String, progress: @escaping @Sendable (String) -> Void) {
        self.runner = runner
        self.delayMs = delayMs
        self.label = label
        self.progress = progress
        accuracy = TimingAccuracy(pollInterval: runner.options.pollInterval)
        random = SeededRandom(seed: runner.options.seed)
    }

    private var options: LiveBenchOptions { runner.options }

    mutating func run(on cluster: LiveCluster) {
        for number in 1...options.slowTrials {
            guard runTrial(number, on: cluster) else { return }
        }
    }

    /// One trial; `false` when the series must stop.
    private mutating func runTrial(_ number: Int, on cluster: LiveCluster) -> Bool {
        // 1) A settled cluster whose highest survivor-to-be is the slow node.
        let preparedMs = WallClock.nowMs()
        guard let leader = prepare(cluster) else {
            recordNoLeader(number, on: cluster, since: preparedMs)
            return false
        }

        // 2) Kill the leader, at a random point of its heartbeat interval, and watch.
        let survivors = cluster.runningNodes.filter { $0 != leader }
        runner.waitRandomPartOfHeartbeat(cluster.algorithm, &random)
        var fault = cluster.takeDown(leader, .kill)
        let endMs = fault.issuedMs + options.observation.milliseconds
        let polled = cluster.pollUntilAgreement(among: survivors, formerLeader: leader, since: fault.issuedMs,
                                                pause: options.pollInterval, timeout: options.observation)
        LiveScenarioRunner.sleep(untilMs: endMs)
        cluster.catchUp()
        fault = cluster.confirm(fault)
        let timeline = cluster.timeline()
        let window = timeline.leadershipTimeline(from: fault.issuedMs, to: endMs, label: "slow-highest")
        let measured = FailoverMeasurement(timeline: window)
        accuracy.record(fault)
        accuracy.compare(eventFailoverMs: measured?.failoverMs, polled: polled, fault: fault)
        samples.append(LiveScenarioRunner.sample(
            trial: number, window: window, timeline: timeline, from: fault.issuedMs, to: endMs,
            failoverMs: measured?.failoverMs,
            note: "node \(leader) killed; node \(slowNode.map(String.init(describing:)) ?? "?") delayed \(delayMs) ms"))
        timelines.append(timeline.leadershipTimeline(
            from: fault.issuedMs - 100, to: endMs,
            label: "trial \(number): node \(leader) killed, node \(slowNode.map(String.init(describing:)) ?? "?") slow",
            trial: number))
        progress("\(label): trial \(number)/\(options.slowTrials): "
            + (measured.map { "failover \(ReportNumber.milliseconds($0.failoverMs)), " } ?? "no agreed leader, ")
            + "\(window.leaderChanges) leader change(s) in \(LiveScenarioRunner.ms(options.observation))")

        // 3) The old leader returns (without a delay) for the next trial.
        do {
            try cluster.restart(leader)
        } catch {
            notes.append("The trials stopped after trial \(number): node \(leader) could not be restarted: \(error)")
            return false
        }
        return true
    }

    /// Waits for a settled cluster and moves the delay to the highest id that is not its
    /// leader (restarting nodes as needed); the leader, or `nil` if the cluster did not
    /// keep one within the observation time.
    private mutating func prepare(_ cluster: LiveCluster) -> NodeID? {
        for _ in 0..<3 {
            let running = cluster.runningNodes
            guard let leader = try? cluster.waitForStableLeader(among: running, stableFor: options.settleTime,
                                                                timeout: options.observation),
                  let wanted = running.filter({ $0 != leader }).max()
            else { return nil }
            if slowNode == wanted { return leader }
            do {
                if let previous = slowNode {
                    cluster.setExtraArguments([], for: previous)
                    try cluster.restart(previous)
                }
                cluster.setExtraArguments(["--delay-ms", "\(delayMs)"], for: wanted)
                try cluster.restart(wanted)
                slowNode = wanted
            } catch {
                notes.append("A node could not be restarted to move the delay: \(error)")
                return nil
            }
        }
        return nil
    }

    /// The sample of a trial that found no leader to kill: the wait itself.
    private mutating func recordNoLeader(_ number: Int, on cluster: LiveCluster, since startMs: Double) {
        cluster.catchUp()
        let endMs = WallClock.nowMs()
        let timeline = cluster.timeline()
        let window = timeline.leadershipTimeline(from: startMs, to: endMs, label: "slow-highest, no leader",
                                                 trial: number)
        let slow = slowNode.map { "node \($0) delayed \(delayMs) ms" } ?? "the delay not yet placed"
        samples.append(LiveScenarioRunner.sample(
            trial: number, window: window, timeline: timeline, from: startMs, to: endMs, failoverMs: nil,
            note: "no leader to kill: with \(slow), the cluster did not keep one leader for "
                + "\(LiveScenarioRunner.ms(options.settleTime))"))
        timelines.append(window)
        notes.append("Trial \(number) found no leader to kill: with \(slow) the cluster did not keep one leader for "
            + "\(LiveScenarioRunner.ms(options.settleTime)) within \(LiveScenarioRunner.ms(options.observation)); "
            + "its sample covers that wait, and the series stopped there.")
        progress("\(label): trial \(number)/\(options.slowTrials): no stable leader with the slow node; stopping")
    }
}
