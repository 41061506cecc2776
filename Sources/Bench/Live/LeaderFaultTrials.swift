import Election

/// The live failover experiment, trial after trial on one running cluster:
///
/// 1. wait until every running node has agreed on one leader for `settleTime`;
/// 2. wait a random part of a heartbeat interval, read the clock and kill (or stop) the
///    leader, so the fault lands at a uniformly random point between two heartbeats;
/// 3. poll the survivors' status every `pollInterval` until they all name one new leader,
///    then keep watching for `watchAfterAgreement` to catch a second change (as the
///    simulated failover does);
/// 4. read the nodes' events: the failover time is when the last survivor began to name
///    the new leader, minus the kill time (`FailoverMeasurement`); the polling result
///    cross-checks it (`TimingAccuracy`);
/// 5. after `rejoinDelay`, restart the old leader with the same flags and watch it return
///    for `rejoinObservation` (or, when that is zero, until the cluster has settled): the
///    *rejoin* part of the trial.
///
/// Problems do not throw: a trial without agreement is recorded as unfinished, and a
/// cluster that cannot settle again ends the series with a note saying why.
struct LeaderFaultTrials {
    struct Outcome {
        var failoverSamples: [TrialSample] = []
        var rejoinSamples: [TrialSample] = []
        /// Per trial, with a little time before the fault so the old leader shows.
        var failoverTimelines: [LeadershipTimeline] = []
        var rejoinTimelines: [LeadershipTimeline] = []
        var accuracy: TimingAccuracy
        var notes: [String] = []
    }

    let cluster: LiveCluster
    let options: LiveBenchOptions
    let fault: LiveFault
    /// `live failover bully, 3 nodes`: the start of every progress line.
    let label: String
    let progress: @Sendable (String) -> Void
    /// Time shown before each fault (or restart) on the timelines.
    var leadIn: Duration = .milliseconds(100)
    /// How long to keep watching once the survivors agree.
    var watchAfterAgreement: Duration = .zero
    /// How long the cluster runs under its new leader before the old one returns.
    var rejoinDelay: Duration = .zero
    /// The rejoin window, from the restart; zero means "until the cluster has settled".
    var rejoinObservation: Duration = .zero
    /// Where in the heartbeat interval each fault lands.
    var random: SeededRandom

    init(cluster: LiveCluster, options: LiveBenchOptions, fault: LiveFault, label: String,
         progress: @escaping @Sendable (String) -> Void) {
        self.cluster = cluster
        self.options = options
        self.fault = fault
        self.label = label
        self.progress = progress
        random = SeededRandom(seed: options.seed)
    }

    mutating func run(trials: Int) -> Outcome {
        var outcome = Outcome(accuracy: TimingAccuracy(pollInterval: options.pollInterval))
        for number in 1...trials {
            guard runTrial(number, of: trials, into: &outcome) else { break }
        }
        return outcome
    }

    /// One trial; `false` when the cluster could not settle and the series must stop.
    private mutating func runTrial(_ number: Int, of last: Int, into outcome: inout Outcome) -> Bool {
        // 1) A settled cluster and its leader.
        let running = cluster.runningNodes
        let leader: NodeID
        do {
            leader = try cluster.waitForStableLeader(among: running, stableFor: options.settleTime,
                                                     timeout: options.trialTimeout)
        } catch {
            outcome.notes.append("The trials stopped before trial \(number): \(error)")
            return false
        }
        let survivors = running.filter { $0 != leader }

        // 2) The fault, at a random point of the leader's heartbeat interval, and
        // 3) status polling until the survivors agree, then a watch.
        LiveCluster.sleep(random.duration(from: .zero, below: options.timing.heartbeat(algorithm: cluster.algorithm)))
        var fault = cluster.takeDown(leader, self.fault)
        let polled = cluster.pollUntilAgreement(among: survivors, formerLeader: leader, since: fault.issuedMs,
                                                pause: options.pollInterval, timeout: options.trialTimeout)
        if fault.fault == .stop { fault = cluster.finishStop(fault) }
        if polled != nil { LiveCluster.sleep(watchAfterAgreement) }

        // 4) What the nodes' events say.
        let (measured, window, endMs) = measureFailover(after: fault, expectingAgreement: polled != nil)
        fault = cluster.confirm(fault)
        outcome.accuracy.record(fault)
        outcome.accuracy.compare(eventFailoverMs: measured?.failoverMs, polled: polled, fault: fault)
        let timeline = cluster.timeline()
        outcome.failoverSamples.append(LiveScenarioRunner.sample(
            trial: number, window: window, timeline: timeline, from: fault.issuedMs, to: endMs,
            failoverMs: measured?.failoverMs,
            note: failoverNote(leader: leader, measured: measured, polled: polled, fault: fault)))
        outcome.failoverTimelines.append(timeline.leadershipTimeline(
            from: fault.issuedMs - leadIn.milliseconds, to: endMs,
            label: "trial \(number): node \(leader) \(self.fault == .kill ? "killed" : "stopped")", trial: number))
        progress("\(label): trial \(number)/\(last): "
            + (measured.map { "\(ReportNumber.milliseconds($0.failoverMs)), node \($0.newLeader) leads" }
                ?? "no agreed leader within \(ReportNumber.milliseconds(options.trialTimeout.milliseconds))"))

        // 5) The old leader returns.
        return rejoin(leader, trial: number, into: &outcome)
    }

    /// Reads the events after `fault` until they show the survivors' agreement (polling
    /// saw it, so the lines are at most a few milliseconds behind), or gives up after
    /// about a second.
    private func measureFailover(after fault: FaultRecord, expectingAgreement: Bool)
        -> (FailoverMeasurement?, LeadershipTimeline, Double)
    {
        var attempts = 0
        while true {
            cluster.catchUp()
            let endMs = WallClock.nowMs()
            let window = cluster.timeline().leadershipTimeline(from: fault.issuedMs, to: endMs, label: "failover")
            let measured = FailoverMeasurement(timeline: window)
            attempts += 1
            if measured != nil || !expectingAgreement || attempts >= 30 { return (measured, window, endMs) }
        }
    }

    private func rejoin(_ node: NodeID, trial number: Int, into outcome: inout Outcome) -> Bool {
        // 1) The cluster runs under its new leader for a while; then the old one returns.
        LiveCluster.sleep(rejoinDelay)
        let restartMs = WallClock.nowMs()
        do {
            try cluster.restart(node)
        } catch {
            outcome.notes.append("Trial \(number): node \(node) could not be restarted: \(error)")
            return false
        }

        // 2) The window: a fixed observation, or until the cluster has settled.
        var problem: String?
        var endMs: Double
        if rejoinObservation > .zero {
            endMs = restartMs + rejoinObservation.milliseconds
            LiveScenarioRunner.sleep(untilMs: endMs)
        } else {
            problem = settle()
            endMs = WallClock.nowMs()
        }
        cluster.catchUp()
        let timeline = cluster.timeline()
        let window = timeline.leadershipTimeline(from: restartMs, to: endMs, label: "rejoin")
        let leaderAfter = window.spans.last?.agreedLeader
        outcome.rejoinSamples.append(LiveScenarioRunner.sample(
            trial: number, window: window, timeline: timeline, from: restartMs, to: endMs, failoverMs: nil,
            note: LiveScenarioRunner.rejoinNote(node, leaderAfter: leaderAfter)))
        outcome.rejoinTimelines.append(timeline.leadershipTimeline(
            from: restartMs - leadIn.milliseconds, to: endMs, label: "trial \(number): node \(node) returns",
            trial: number))

        // 3) A settled cluster for the next trial.
        if problem == nil, rejoinObservation > .zero { problem = settle() }
        if let problem {
            outcome.notes.append("The trials stopped after trial \(number): \(problem)")
            return false
        }
        return true
    }

    /// Waits for a stable agreed leader; the problem, if there is none.
    private func settle() -> String? {
        cluster.settleProblem(among: cluster.runningNodes, stableFor: options.settleTime, timeout: options.trialTimeout)
    }

    private func failoverNote(leader: NodeID, measured: FailoverMeasurement?, polled: PolledAgreement?,
                              fault: FaultRecord) -> String {
        var parts = ["node \(leader) \(self.fault == .kill ? "killed (kill -9)" : "stopped (SIGINT)")"]
        if let measured { parts.append("node \(measured.newLeader) agreed on") }
        return (parts + fault.evidence(polled: polled)).joined(separator: "; ")
    }
}
