import Election

extension LiveScenarioRunner {
    // MARK: - slow-highest

    /// The highest id runs with `--delay-ms` = `factor` × the relevant timeout (Bully: the
    /// answer timeout; Raft: the minimum election timeout). Trial 1 is a fixed window of
    /// `options.stormWindow` from the cluster's start; trials 2... each kill the leader,
    /// time the failover, restart it and count what happens until the cluster settles.
    public func runSlowHighest(algorithm: String, factor: Double,
                               progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try options.validate()
        let size = options.clusterSize
        let slowNode = NodeID(size)
        let reference = options.timing.slowNodeReference(algorithm: algorithm)
        let delayMs = Int((reference.timeout.milliseconds * factor).rounded())
        let factorText = "\(ReportNumber.plain(factor))x"
        let label = "live slow-highest \(algorithm), node \(slowNode) delayed \(delayMs) ms (\(factorText))"
        progress("\(label): starting \(size) nodes")
        let cluster = try LiveCluster(algorithm: algorithm, size: size, options: options,
                                      extraArguments: [slowNode: ["--delay-ms", "\(delayMs)"]])
        defer { cluster.shutDown() }

        // Trial 1: the cold start and what follows, over a fixed window.
        let windowStart = WallClock.nowMs()
        try cluster.startAll()
        let windowEnd = windowStart + options.stormWindow.milliseconds
        Self.sleep(untilMs: windowEnd)
        cluster.catchUp()
        let timeline = cluster.timeline()
        let window = timeline.leadershipTimeline(from: windowStart, to: windowEnd,
                                                 label: "cold start, node \(slowNode) delayed \(delayMs) ms", trial: 1)
        var samples = [windowSample(trial: 1, window: window, timeline: timeline, from: windowStart, to: windowEnd,
                                    note: "cold start: a fixed window of \(ReportNumber.milliseconds(options.stormWindow.milliseconds))")]
        progress("\(label): window: \(window.leaderChanges) leader change(s), "
            + "\(ReportNumber.milliseconds(window.leaderlessMs)) without an agreed leader")

        // Trials 2...: failover and return of the leader, with the slow node in the cluster.
        var notes = [
            "The highest id (node \(slowNode)) runs with --delay-ms \(delayMs): every message it sends or receives "
                + "waits \(delayMs) ms, \(factorText) the \(reference.name) "
                + "(\(ReportNumber.milliseconds(reference.timeout.milliseconds))).",
            "Trial 1 is a fixed \(ReportNumber.milliseconds(options.stormWindow.milliseconds)) window from the "
                + "cluster's cold start (no failover time). Trials 2 and later kill the leader (kill -9), time the "
                + "failover, restart it, and count elections and leader changes until the cluster has settled again.",
        ]
        var accuracy = TimingAccuracy(pollInterval: options.pollInterval)
        var timelines = [window]
        if options.slowFailoverTrials > 0 {
            var trials = LeaderFaultTrials(cluster: cluster, options: options, fault: .kill, label: label,
                                           progress: progress)
            trials.patience = options.stormWindow
            trials.stopAfterUnfinishedTrial = true
            let outcome = trials.run(trials: options.slowFailoverTrials, numberingFrom: 2)
            accuracy = outcome.accuracy
            for (failover, rejoin) in zip(outcome.failoverSamples, outcome.rejoinSamples) {
                samples.append(Self.wholeTrial(failover: failover, rejoin: rejoin))
            }
            if outcome.rejoinSamples.count < outcome.failoverSamples.count, let last = outcome.failoverSamples.last {
                samples.append(last)
            }
            if let median = Self.medianTimeline(outcome.failoverTimelines, samples: outcome.failoverSamples,
                                                by: \.failoverMs) {
                timelines.append(median)
            }
            notes += outcome.notes
        }
        return result(.slowHighest, algorithm: algorithm, clusterSize: size,
                      options: ["delay": "\(delayMs) ms (\(factorText) \(reference.name))"],
                      trials: 1 + options.slowFailoverTrials, samples: samples, measurement: accuracy.measurement(),
                      timelines: timelines, notes: notes)
    }

    // MARK: - flapping

    /// One node (`target`) is killed every `options.flapPeriod` and restarted half a
    /// period later, `options.flapCycles` times; one sample for the whole window.
    public func runFlapping(algorithm: String, target: FlappingTarget,
                            progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try options.validate()
        let size = options.clusterSize
        let period = options.flapPeriod.milliseconds
        let label = "live flapping \(algorithm), \(target), every \(ReportNumber.milliseconds(period))"
        progress("\(label): starting \(size) nodes")
        return try withCluster(algorithm: algorithm, size: size) { cluster in
            let leader = try cluster.waitForStableLeader(among: cluster.ids, stableFor: options.settleTime,
                                                         timeout: options.trialTimeout)
            let node = target == .highest ? NodeID(size) : (cluster.ids.first { $0 != leader } ?? NodeID(1))
            var faults: [FaultRecord] = []
            let windowStart = WallClock.nowMs()
            let windowEnd = windowStart + period * Double(options.flapCycles)
            var crashes = 0
            var cycleStart = windowStart
            while cycleStart < windowEnd {
                Self.sleep(untilMs: cycleStart)
                faults.append(cluster.takeDown(node, .kill))
                crashes += 1
                let restartAt = cycleStart + period / 2
                if restartAt >= windowEnd { break }
                Self.sleep(untilMs: restartAt)
                try cluster.restart(node)
                cycleStart += period
            }
            Self.sleep(untilMs: windowEnd)
            cluster.catchUp()
            var accuracy = TimingAccuracy(pollInterval: options.pollInterval)
            for fault in faults { accuracy.record(cluster.confirm(fault)) }
            let timeline = cluster.timeline()
            let window = timeline.leadershipTimeline(
                from: windowStart, to: windowEnd,
                label: "node \(node) crashes every \(ReportNumber.milliseconds(period))", trial: 1)
            let sample = windowSample(trial: 1, window: window, timeline: timeline, from: windowStart, to: windowEnd,
                                      note: "node \(node) killed \(crashes) times")
            progress("\(label): \(crashes) crashes, \(window.leaderChanges) leader change(s), "
                + "\(ReportNumber.milliseconds(window.leaderlessMs)) without an agreed leader")
            return result(
                .flapping, algorithm: algorithm, clusterSize: size,
                options: ["target": "\(target) (node \(node))", "period": ReportNumber.milliseconds(period)],
                trials: 1, samples: [sample], measurement: accuracy.measurement(), timelines: [window],
                notes: [
                    "Node \(node) (\(target)) is killed with kill -9 every \(ReportNumber.milliseconds(period)) and "
                        + "restarted \(ReportNumber.milliseconds(period / 2)) later, \(options.flapCycles) times; one "
                        + "sample covers the whole \(ReportNumber.milliseconds(windowEnd - windowStart)) window. "
                        + "Node \(leader) led when the window opened.",
                ])
        }
    }

    // MARK: - zombie

    /// The etcd zombie-member lesson: 4 members configured, only 3 running; the leader is
    /// then stopped (SIGINT). Raft needs 3 votes of 4 and cannot elect anyone from the 2
    /// left; Bully has no quorum and elects the highest survivor. One sample: the
    /// `options.stormWindow` after the stop.
    public func runZombie(algorithm: String, progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        try options.validate()
        let configured = 4
        let running = (1...3).map { NodeID($0) }
        let label = "live zombie \(algorithm), \(configured) members, \(running.count) running"
        progress("\(label): starting nodes 1-3")
        return try withCluster(algorithm: algorithm, size: configured, start: running) { cluster in
            let leader = try cluster.waitForStableLeader(among: running, stableFor: options.settleTime,
                                                         timeout: options.trialTimeout)
            var accuracy = TimingAccuracy(pollInterval: options.pollInterval)
            var fault = cluster.takeDown(leader, .stop)
            fault = cluster.finishStop(fault)
            accuracy.record(fault)
            let windowEnd = fault.issuedMs + options.stormWindow.milliseconds
            Self.sleep(untilMs: windowEnd)
            cluster.catchUp()
            let timeline = cluster.timeline()
            let measuring = timeline.leadershipTimeline(from: fault.issuedMs, to: windowEnd, label: "zombie")
            let measured = FailoverMeasurement(timeline: measuring)
            var sample = windowSample(trial: 1, window: measuring, timeline: timeline, from: fault.issuedMs,
                                      to: windowEnd, note: "node \(leader) (the leader) stopped")
            sample.failoverMs = measured?.failoverMs
            let survivors = running.filter { $0 != leader }
            let lastRound = cluster.pollRound(survivors)
            let outcome = measured.map {
                "node \($0.newLeader) led \(ReportNumber.milliseconds($0.failoverMs)) after the stop"
            } ?? "no agreed leader in the \(ReportNumber.milliseconds(options.stormWindow.milliseconds)) window "
                + "(\(sample.electionsStarted ?? 0) elections started, terms +\(sample.termIncrements ?? 0))"
            progress("\(label): \(outcome)")
            let display = timeline.leadershipTimeline(
                from: fault.issuedMs - 300, to: windowEnd,
                label: "4 members, 3 running; leader node \(leader) stopped", trial: 1)
            return result(
                .zombie, algorithm: algorithm, clusterSize: configured,
                options: ["running": "3 of 4 members"], trials: 1, samples: [sample],
                measurement: accuracy.measurement(), timelines: [display],
                notes: [
                    "The membership lists \(configured) members but only nodes 1-3 run (node 4 is the zombie), so a "
                        + "Raft majority is 3 votes of 4. Once they agreed on node \(leader), it was stopped with SIGINT.",
                    "Outcome: \(outcome). Last status of the survivors: \(lastRound.summary).",
                ])
        }
    }

    // MARK: - Shared

    /// One sample for a window: leaderless and split-brain time, elections, leader changes
    /// and terms, and whether the window ended with an agreed leader.
    func windowSample(trial: Int, window: LeadershipTimeline, timeline: NodeEventTimeline,
                      from startMs: Double, to endMs: Double, note: String) -> TrialSample {
        TrialSample(trial: trial, failoverMs: nil, leaderAgreedAtEnd: window.spans.last?.agreedLeader != nil,
                    leaderlessMs: window.leaderlessMs, splitBrainMs: window.splitBrainMs,
                    electionsStarted: timeline.electionsStarted(from: startMs, to: endMs),
                    leaderChanges: window.leaderChanges,
                    termIncrements: timeline.termIncrements(from: startMs, to: endMs), note: note)
    }

    /// A failover trial and the return of its old leader as one sample: the failover
    /// time, and the counts over both parts.
    static func wholeTrial(failover: TrialSample, rejoin: TrialSample) -> TrialSample {
        func sum<T: AdditiveArithmetic>(_ path: KeyPath<TrialSample, T?>) -> T? {
            guard let first = failover[keyPath: path], let second = rejoin[keyPath: path] else { return nil }
            return first + second
        }
        return TrialSample(
            trial: failover.trial, failoverMs: failover.failoverMs, leaderAgreedAtEnd: rejoin.leaderAgreedAtEnd,
            leaderlessMs: sum(\.leaderlessMs), splitBrainMs: sum(\.splitBrainMs),
            electionsStarted: sum(\.electionsStarted), leaderChanges: sum(\.leaderChanges),
            termIncrements: sum(\.termIncrements),
            note: [failover.note, rejoin.note].compactMap { $0 }.joined(separator: "; "))
    }

    /// Sleeps until the wall clock reads `timeMs` (returns at once if it has passed).
    static func sleep(untilMs timeMs: Double) {
        let remaining = timeMs - WallClock.nowMs()
        if remaining > 0 { LiveCluster.sleep(.microseconds(Int64(remaining * 1000))) }
    }
}
