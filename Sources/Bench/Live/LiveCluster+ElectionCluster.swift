import Election
import ElectionLive

/// The live world's side of `ElectionCluster`: wall-clock time, faults as signals and
/// control commands, agreement seen by status polling while a trial runs and measured from
/// the nodes' event timestamps when it finishes (`LiveTrialRecorder`).
extension LiveCluster: ElectionCluster {
    var algorithm: ScenarioAlgorithm { liveAlgorithm.scenario }

    var members: [NodeID] { ids }

    /// The nodes agreement is judged on: running, neither cut off nor paused (a paused node
    /// does not answer its status query).
    var judgedNodes: [NodeID] {
        let cutOff = cuts.last.flatMap { $0.toMs == nil ? $0.nodes : nil } ?? []
        return runningNodes.filter { !cutOff.contains($0) && !pausedNodes.contains($0) }
    }

    /// One polling round of the judged nodes.
    var agreedLeader: NodeID? { pollRound(judgedNodes).agreedLeader }

    // MARK: - Faults

    func crash(_ id: NodeID) {
        guard currentRun(of: id) != nil else { return }
        trial.faultIssued(takeDown(id, .kill))
    }

    func stop(_ id: NodeID) {
        guard currentRun(of: id) != nil else { return }
        trial.faultIssued(takeDown(id, .stop))
    }

    /// A live node takes its delay from its command line (`--delay-ms`).
    var slowsNodesWithoutRestart: Bool { false }

    func extraDelay(of id: NodeID) -> Duration { delays[id] ?? .zero }

    /// Gives `id` the delay from its next start on, and restarts it now if it runs.
    func slowDown(_ id: NodeID, by extraDelay: Duration) throws {
        delays[id] = extraDelay > .zero ? extraDelay : nil
        if currentRun(of: id) != nil { try restart(id) }
    }

    /// Tells `id` to drop all traffic to and from every other member, and every other
    /// member to drop its traffic to and from `id`: a clean cut, silent on both sides.
    func isolate(_ id: NodeID) throws {
        try cut([[id], members.filter { $0 != id }], cutOff: [id], mark: LeadershipTimeline.Mark(
            timeMs: 0, node: id, kind: .partition, note: "node \(id) cut off from the others"))
    }

    func partition(_ groups: [[NodeID]]) throws {
        try cut(groups, cutOff: cutOff(by: groups), mark: LeadershipTimeline.Mark(timeMs: 0, node: nil, kind: .partition,
                                                      note: Self.describe(groups)))
    }

    /// Tells every running node to drop all traffic to and from the members outside its
    /// group, a clean cut, silent on both sides; `cutOff` are no longer judged, and `mark`
    /// goes on the timeline at the bench's reading just before the first command.
    private func cut(_ groups: [[NodeID]], cutOff: Set<NodeID>, mark: LeadershipTimeline.Mark) throws {
        let issuedMs = WallClock.nowMs()
        if let open = cuts.indices.last, cuts[open].toMs == nil { cuts[open].toMs = issuedMs }
        cuts.append(CutInterval(nodes: cutOff, fromMs: issuedMs))
        trial.cutIssued(cutOff, atMs: issuedMs)
        var timed = mark
        timed.timeMs = issuedMs
        marks.append(timed)
        let appliedMs = try send({ node in
            let group = groups.first { $0.contains(node) } ?? [node]
            return .partition(Set(self.members).subtracting(group))
        }, to: runningNodes)
        if let appliedMs { accuracy.recordCut(actingLatencyMs: appliedMs - issuedMs) }
    }

    func heal() throws {
        let healedMs = WallClock.nowMs()
        if let open = cuts.indices.last, cuts[open].toMs == nil { cuts[open].toMs = healedMs }
        trial.did("network healed")
        marks.append(LeadershipTimeline.Mark(timeMs: healedMs, node: nil, kind: .heal, note: "network healed"))
        try send({ _ in .heal }, to: runningNodes)
    }

    // MARK: - Clock

    var now: Instant { Instant(sinceStart: .microseconds(Int64((WallClock.nowMs() - originMs) * 1000))) }

    func run(for duration: Duration) throws {
        _ = try drive(untilMs: WallClock.nowMs() + duration.milliseconds, stopsAtAgreement: false)
    }

    @discardableResult
    func runUntilAgreed(timeout: Duration) throws -> Bool {
        try drive(untilMs: WallClock.nowMs() + timeout.milliseconds, stopsAtAgreement: true)
    }

    func after(_ delay: Duration, do action: @escaping (LiveCluster) throws -> Void) {
        scheduledCount += 1
        scheduled.append((WallClock.nowMs() + delay.milliseconds, scheduledCount, action))
        scheduled.sort { ($0.dueMs, $0.order) < ($1.dueMs, $1.order) }
    }

    /// Starts what does not run, then polls until the running nodes have agreed on one
    /// leader, without a change, for `settleTime` (at most `timeout`, or `trialTimeout`).
    func settle(starting ids: [NodeID]?, timeout: Duration?) throws -> NodeID? {
        try start(ids ?? members)
        do {
            lastSettleProblem = nil
            return try waitForStableLeader(among: judgedNodes, stableFor: settleTime, timeout: timeout ?? trialTimeout)
        } catch {
            lastSettleProblem = "\(error)"
            return nil
        }
    }

    /// A settled cluster is found by polling, which has its own rhythm, so a random part of
    /// one heartbeat interval from now lands uniformly between two heartbeats.
    func moveToRandomPointOfHeartbeatInterval(random: inout SeededRandom) throws {
        try run(for: random.duration(from: .zero, below: algorithm.heartbeatInterval))
    }

    /// Sleeps until `deadlineMs`, performing the scheduled actions as they fall due. While
    /// a failover clock waits for polling to see agreement (or when `stopsAtAgreement`),
    /// it polls the judged nodes every `pollInterval`; with `stopsAtAgreement` it returns
    /// `true` at the first round in which they agree.
    private func drive(untilMs deadlineMs: Double, stopsAtAgreement: Bool) throws -> Bool {
        while true {
            while let next = scheduled.first, next.dueMs <= WallClock.nowMs() {
                scheduled.removeFirst()
                try next.action(self)
            }
            let polls = stopsAtAgreement || trial.awaitsPolledAgreement
            if polls {
                let round = pollRound(judgedNodes)
                trial.polledRound(round)
                if stopsAtAgreement, round.agreedLeader != nil { return true }
            }
            let nowMs = WallClock.nowMs()
            guard nowMs < deadlineMs else { return false }
            var wakeMs = min(deadlineMs, scheduled.first?.dueMs ?? .infinity)
            if polls { wakeMs = min(wakeMs, nowMs + pollInterval.milliseconds) }
            Self.sleep(.microseconds(Int64(max(0, wakeMs - nowMs) * 1000)))
        }
    }

    // MARK: - Measuring

    func beginWindow() {
        trial.beginWindow(atMs: WallClock.nowMs())
    }

    func startFailoverClock() {
        trial.startFailoverClock(atMs: WallClock.nowMs())
    }

    /// Waits for the nodes' lines to arrive (and stopped nodes to exit), then measures the
    /// trial from the event timeline, and clears the recorder for the next trial.
    func finish(trial number: Int, seed: UInt64?, note: String?) -> TrialSample {
        let endMs = WallClock.nowMs()
        trial.completeFaults { $0.fault.isGraceful ? finishStop($0) : $0 }
        let agreedAtEnd = trial.isMeasuring ? false : agreedLeader != nil
        func measure() -> (sample: TrialSample, failover: FailoverMeasurement?) {
            catchUp()
            return trial.sample(trial: number, note: note, timeline: timeline(), cuts: cuts, endMs: endMs,
                                agreedAtEnd: agreedAtEnd)
        }
        var measured = measure()
        // Polling saw the agreement, so the lines saying so are a few ms behind at most.
        for _ in 1..<30 where measured.failover == nil && trial.polled != nil { measured = measure() }
        trial.account(into: &accuracy, failover: measured.failover, confirm: confirm)
        trial = LiveTrialRecorder()
        return measured.sample
    }

    /// How far to trust the times of every trial so far.
    func measurement() -> TimeMeasurement { accuracy.measurement() }

    /// Where a trial's timeline starts, in the nodes' epoch milliseconds.
    func epochMs(of instant: Instant) -> Double { originMs + instant.sinceStart.milliseconds }
}
