import Election

/// The live failover and rejoin of `FailoverScenario` and `RejoinScenario`, on an outside
/// system's cluster (`PeerCluster`), trial after trial. It keeps trial code of its own rather
/// than implementing `ElectionCluster`: these systems are seen only through status polling
/// (no event log, so its failover time is the detecting round's end) and take only kill and
/// restart, with the rejoin window opening when the returning member first answers.
///
///
/// 1. wait until every running member has agreed on one leader for `settleTime`;
/// 2. wait a random part of the system's fault interval (etcd: its heartbeat), read the
///    clock and kill the leader with SIGKILL;
/// 3. poll every survivor at once, a round then `pollInterval`, until they all name one
///    new leader that itself says it leads; the failover time is the end of that round
///    minus the clock reading, late by at most one gap between rounds; then keep watching
///    for `watchAfterAgreement` to catch a second change;
/// 4. after `rejoinDelay`, restart the old leader with the same flags and data, and watch
///    it return for `rejoinObservation` (or, when that is zero, until the cluster has
///    settled): the rejoin part of the trial.
///
/// Everything is seen through status polling only: these systems write no event log the
/// bench reads, so elections started are not measured, and leader changes and leaderless
/// time have the polling's resolution.
struct PeerFailoverTrials {
    struct Outcome {
        var failoverSamples: [TrialSample] = []
        var rejoinSamples: [TrialSample] = []
        var failoverTimelines: [LeadershipTimeline] = []
        var rejoinTimelines: [LeadershipTimeline] = []
        /// Per detecting round: its end minus the end of the round before (ms).
        var detectionGapsMs: [Double] = []
        var roundPeriodsMs: [Double] = []
        var faults: [FaultRecord] = []
        var notes: [String] = []
    }

    let cluster: PeerCluster
    let options: LiveBenchOptions
    let label: String
    let progress: @Sendable (String) -> Void
    var leadIn: Duration = .milliseconds(100)
    var rejoinDelay: Duration = .zero
    var rejoinObservation: Duration = .zero
    /// How the leader goes down: kill -9, or SIGTERM for a graceful stop.
    var fault: LiveFault = .kill
    var random: SeededRandom

    init(cluster: PeerCluster, options: LiveBenchOptions, label: String,
         progress: @escaping @Sendable (String) -> Void) {
        self.cluster = cluster
        self.options = options
        self.label = label
        self.progress = progress
        random = SeededRandom(seed: options.seed)
    }

    mutating func run(trials: Int) -> Outcome {
        var outcome = Outcome()
        for number in 1...trials {
            guard runTrial(number, of: trials, into: &outcome) else { break }
        }
        return outcome
    }

    /// One trial; `false` when the cluster could not settle and the series must stop.
    private mutating func runTrial(_ number: Int, of last: Int, into outcome: inout Outcome) -> Bool {
        // 1) A settled cluster and its leader.
        cluster.forgetHistory()
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

        // 2) kill -9 at a random point of the fault interval, and 3) polling until agreement.
        LiveCluster.sleep(random.duration(from: .zero, below: cluster.system.faultInterval))
        var fault = cluster.kill(leader, self.fault)
        let polled = cluster.pollUntilAgreement(among: survivors, formerLeader: leader, since: fault.issuedMs,
                                                pause: options.pollInterval, timeout: options.trialTimeout)
        if polled != nil { watch(survivors, for: cluster.system.watchAfterAgreement) }
        let endMs = WallClock.nowMs()
        fault = cluster.finishStop(fault)
        outcome.faults.append(fault)
        if let polled {
            outcome.detectionGapsMs.append(polled.seenMs - polled.notYetMs)
            outcome.roundPeriodsMs.append(polled.roundPeriodMs)
        }
        let window = cluster.timeline(from: fault.issuedMs, to: endMs, label: "failover")
        let failoverMs = polled.map { $0.seenMs - fault.issuedMs }
        outcome.failoverSamples.append(sample(number, window: window, from: fault.issuedMs, to: endMs,
                                              failoverMs: failoverMs,
                                              note: failoverNote(leader: leader, polled: polled, fault: fault)))
        outcome.failoverTimelines.append(cluster.timeline(
            from: fault.issuedMs - leadIn.milliseconds, to: endMs,
            label: "trial \(number): node \(leader) " + (fault.fault == .kill ? "killed" : "stopped with \(fault.fault)"),
            trial: number))
        progress("\(label): trial \(number)/\(last): "
            + (polled.map { "\(ReportNumber.milliseconds($0.seenMs - fault.issuedMs)), node \($0.leader) leads" }
                ?? "no agreed leader within \(ReportNumber.milliseconds(options.trialTimeout.milliseconds))"))

        // 4) The old leader returns.
        return rejoin(leader, trial: number, into: &outcome)
    }

    private func rejoin(_ node: NodeID, trial number: Int, into outcome: inout Outcome) -> Bool {
        LiveCluster.sleep(rejoinDelay)
        do {
            try cluster.restart(node)
        } catch {
            outcome.notes.append("Trial \(number): node \(node) could not be restarted: \(error)")
            return false
        }
        // The window opens when the returning member first answers: until then it is
        // not running as far as polling can tell.
        let startMs = WallClock.nowMs()
        var problem: String?
        if rejoinObservation > .zero {
            watch(cluster.runningNodes, for: rejoinObservation)
        } else {
            problem = settle()
        }
        let endMs = WallClock.nowMs()
        let window = cluster.timeline(from: startMs, to: endMs, label: "rejoin")
        let leaderAfter = window.spans.last?.agreedLeader
        outcome.rejoinSamples.append(sample(
            number, window: window, from: startMs, to: endMs, failoverMs: nil,
            note: leaderAfter.map { "node \(node) returned; node \($0) leads after it" }
                ?? "node \(node) returned; no agreed leader at the end of the window"))
        outcome.rejoinTimelines.append(cluster.timeline(
            from: startMs - leadIn.milliseconds, to: endMs, label: "trial \(number): node \(node) returns",
            trial: number))
        if problem == nil, rejoinObservation > .zero { problem = settle() }
        if let problem {
            outcome.notes.append("The trials stopped after trial \(number): \(problem)")
            return false
        }
        return true
    }

    /// Polls `nodes` every `pollInterval` for `duration` (the rounds go into the timeline).
    private func watch(_ nodes: [NodeID], for duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            _ = cluster.pollRound(nodes)
            LiveCluster.sleep(options.pollInterval)
        }
    }

    private func settle() -> String? {
        cluster.settleProblem(among: cluster.runningNodes, stableFor: options.settleTime, timeout: options.trialTimeout)
    }

    private func sample(_ trial: Int, window: LeadershipTimeline, from startMs: Double, to endMs: Double,
                        failoverMs: Double?, note: String) -> TrialSample {
        TrialSample(trial: trial, failoverMs: failoverMs, leaderAgreedAtEnd: window.spans.last?.agreedLeader != nil,
                    leaderlessMs: window.leaderlessMs, splitBrainMs: window.splitBrainMs, electionsStarted: nil,
                    leaderChanges: window.leaderChanges,
                    termIncrements: cluster.termIncrements(from: startMs, to: endMs), note: note)
    }

    private func failoverNote(leader: NodeID, polled: PolledAgreement?, fault: FaultRecord) -> String {
        var parts = [fault.fault == .kill ? "node \(leader) killed (kill -9)" : "node \(leader) stopped (\(fault.fault))"]
        if let ending = fault.ending { parts.append("it \(ending)") }
        if let polled { parts.append("node \(polled.leader) agreed on") }
        return (parts + fault.evidence(polled: polled)).joined(separator: "; ")
    }
}
