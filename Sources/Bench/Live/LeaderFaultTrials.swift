import Election

/// The live failover experiment, trial after trial on one running cluster:
///
/// 1. wait until every running node has agreed on one leader for `settleTime`;
/// 2. read the clock and kill (or stop) that leader;
/// 3. poll the survivors' status every `pollInterval` until they all name one new leader;
/// 4. read the nodes' events: the failover time is when the last survivor began to name
///    the new leader, minus the kill time (`FailoverMeasurement`); the polling result
///    cross-checks it (`TimingAccuracy`);
/// 5. restart the old leader with the same flags and wait until the cluster has settled
///    again: the *rejoin* part of the trial (leader changes and leaderless time it caused).
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
    /// How long to wait for agreement after a fault, and for the cluster to settle before
    /// a fault or after a return; `nil` means `options.trialTimeout`. Storm scenarios
    /// pass their window, so a cluster that never settles does not eat the time budget.
    var patience: Duration?
    /// Stop the series after the first trial without agreement (a storm that will not
    /// end; more trials would only repeat it).
    var stopAfterUnfinishedTrial = false

    /// How long the cluster runs under its new leader before the old one returns.
    var rejoinDelay: Duration = .zero
    /// The least time to watch after the old leader returns (the series also waits until
    /// the cluster has settled).
    var rejoinObservation: Duration = .zero

    private var timeout: Duration { patience ?? options.trialTimeout }

    func run(trials: Int, numberingFrom first: Int = 1) -> Outcome {
        var outcome = Outcome(accuracy: TimingAccuracy(pollInterval: options.pollInterval))
        for number in first..<(first + trials) {
            guard runTrial(number, of: first + trials - 1, into: &outcome) else { break }
            if stopAfterUnfinishedTrial, outcome.failoverSamples.last?.failoverMs == nil {
                outcome.notes.append("The trials stopped after trial \(number): it had no agreed leader within "
                    + "\(ReportNumber.milliseconds(timeout.milliseconds)), and further trials would only repeat that.")
                break
            }
        }
        return outcome
    }

    /// One trial; `false` when the cluster could not settle and the series must stop.
    private func runTrial(_ number: Int, of last: Int, into outcome: inout Outcome) -> Bool {
        // 1) A settled cluster and its leader.
        let running = cluster.runningNodes
        let leader: NodeID
        do {
            leader = try cluster.waitForStableLeader(among: running, stableFor: options.settleTime,
                                                     timeout: timeout)
        } catch {
            outcome.notes.append("The trials stopped before trial \(number): \(error)")
            return false
        }
        let survivors = running.filter { $0 != leader }

        // 2) The fault, and 3) status polling until the survivors agree.
        var fault = cluster.takeDown(leader, self.fault)
        let polled = cluster.pollUntilAgreement(among: survivors, formerLeader: leader, since: fault.issuedMs,
                                                pause: options.pollInterval, timeout: timeout)
        if fault.fault == .stop { fault = cluster.finishStop(fault) }

        // 4) What the nodes' events say.
        let (measured, window, endMs) = measureFailover(after: fault, expectingAgreement: polled != nil)
        fault = cluster.confirm(fault)
        outcome.accuracy.record(fault)
        outcome.accuracy.compare(eventFailoverMs: measured?.failoverMs, polled: polled, fault: fault)
        let timeline = cluster.timeline()
        outcome.failoverSamples.append(TrialSample(
            trial: number, failoverMs: measured?.failoverMs, leaderAgreedAtEnd: measured != nil,
            leaderlessMs: window.leaderlessMs, splitBrainMs: window.splitBrainMs,
            electionsStarted: timeline.electionsStarted(from: fault.issuedMs, to: endMs),
            leaderChanges: window.leaderChanges,
            termIncrements: timeline.termIncrements(from: fault.issuedMs, to: endMs),
            note: failoverNote(leader: leader, measured: measured, polled: polled, fault: fault)))
        outcome.failoverTimelines.append(timeline.leadershipTimeline(
            from: fault.issuedMs - leadIn.milliseconds, to: endMs,
            label: "trial \(number): node \(leader) \(self.fault == .kill ? "killed" : "stopped")", trial: number))
        progress("\(label): trial \(number)/\(last): "
            + (measured.map { "\(ReportNumber.milliseconds($0.failoverMs)), node \($0.newLeader) leads" }
                ?? "no agreed leader within \(ReportNumber.milliseconds(timeout.milliseconds))"))

        // 5) The old leader returns.
        return rejoin(leader, trial: number, into: &outcome)
    }

    /// Reads the events after `fault` until they show the survivors' agreement (polling
    /// saw it, so the lines are at most a few milliseconds behind), or gives up after a
    /// second.
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
        LiveCluster.sleep(rejoinDelay)
        let restartMs = WallClock.nowMs()
        do {
            try cluster.restart(node)
        } catch {
            outcome.notes.append("Trial \(number): node \(node) could not be restarted: \(error)")
            return false
        }
        var settledLeader: NodeID?
        var problem: String?
        do {
            settledLeader = try cluster.waitForStableLeader(among: cluster.runningNodes, stableFor: options.settleTime,
                                                            timeout: timeout)
        } catch {
            problem = "\(error)"
        }
        LiveScenarioRunner.sleep(untilMs: restartMs + rejoinObservation.milliseconds)
        cluster.catchUp()
        let endMs = WallClock.nowMs()
        let timeline = cluster.timeline()
        let window = timeline.leadershipTimeline(from: restartMs, to: endMs, label: "rejoin")
        let agreedAtEnd = window.spans.last?.agreedLeader != nil
        outcome.rejoinSamples.append(TrialSample(
            trial: number, failoverMs: nil, leaderAgreedAtEnd: settledLeader != nil && agreedAtEnd,
            leaderlessMs: window.leaderlessMs, splitBrainMs: window.splitBrainMs,
            electionsStarted: timeline.electionsStarted(from: restartMs, to: endMs),
            leaderChanges: window.leaderChanges,
            termIncrements: timeline.termIncrements(from: restartMs, to: endMs),
            note: settledLeader.map { "node \(node) returned; node \($0) leads after it" }
                ?? "node \(node) returned and the cluster did not settle: \(problem ?? "")"))
        outcome.rejoinTimelines.append(timeline.leadershipTimeline(
            from: restartMs - leadIn.milliseconds, to: endMs, label: "trial \(number): node \(node) returns",
            trial: number))
        if let problem {
            outcome.notes.append("The trials stopped after trial \(number): \(problem)")
            return false
        }
        return true
    }

    private func failoverNote(leader: NodeID, measured: FailoverMeasurement?, polled: PolledAgreement?,
                              fault: FaultRecord) -> String {
        var parts = ["node \(leader) \(self.fault == .kill ? "killed (kill -9)" : "stopped (SIGINT)")"]
        if let measured { parts.append("node \(measured.newLeader) agreed on") }
        if let polled {
            parts.append("status polling saw it at \(ReportNumber.plain(polled.seenMs - fault.issuedMs, decimals: 2)) ms "
                + "(not yet at \(ReportNumber.plain(polled.notYetMs - fault.issuedMs, decimals: 2)) ms)")
        } else {
            parts.append("status polling saw no agreement")
        }
        if let latency = fault.actingLatencyMs {
            parts.append("signal acted within \(ReportNumber.plain(latency, decimals: 3)) ms")
        }
        return parts.joined(separator: "; ")
    }
}
