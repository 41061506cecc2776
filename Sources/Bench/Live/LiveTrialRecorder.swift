import Election

/// What a live cluster measures of one trial: the live world's side of `ElectionCluster`'s
/// `beginWindow`, `startFailoverClock` and `finish`, as `ElectionRecorder` is the
/// simulator's. It keeps the bench's own clock readings (window, failover clock, faults)
/// and what status polling saw; the metrics come from the nodes' event timeline when the
/// trial finishes (`sample`), with the definitions the simulator uses:
/// - the judged nodes are the running nodes that are neither cut off nor hung (SIGSTOP);
///   agreement, failover and time without an agreed leader are judged on them
///   (`LeadershipTimeline.judged`);
/// - split brain and leader changes count every running node, cut off or not; split brain
///   leaves out a hung node while it is held (it answers nobody, so it leads nobody).
///   A trial with a hang also says in its note whether any term had two leaders.
///
/// The failover clock starts at the bench's reading just before the first fault after
/// `startFailoverClock` (the moment `kill(2)` was called, or the first cut command sent),
/// so its times carry the error budget `TimingAccuracy` states. Pure apart from the
/// readings it is handed: tests feed it invented timelines.
struct LiveTrialRecorder {
    private(set) var windowStartMs: Double?
    private(set) var failoverClockMs: Double?
    /// Whether the clock has moved to a fault's own reading.
    private var clockAnchored = false
    /// The faults of this trial (kills and stops), in order.
    private(set) var faults: [FaultRecord] = []
    /// The stretches in which the bench held a node with SIGSTOP (`toMs` `nil` while held).
    private(set) var pauses: [CutInterval] = []
    /// What the bench did, for the sample's note: "node 3 killed (kill -9)".
    private var actions: [String] = []
    /// The first polling round after the clock started in which the judged nodes agreed.
    private(set) var polled: PolledAgreement?
    private var roundsSinceClock = 0
    private var lastRoundEndMs: Double?

    var isMeasuring: Bool { windowStartMs != nil }

    /// Whether the trial still waits for polling to see agreement after a fault.
    var awaitsPolledAgreement: Bool { failoverClockMs != nil && polled == nil }

    mutating func beginWindow(atMs timeMs: Double) {
        windowStartMs = timeMs
    }

    mutating func startFailoverClock(atMs timeMs: Double) {
        failoverClockMs = timeMs
        clockAnchored = false
        polled = nil
        roundsSinceClock = 0
        lastRoundEndMs = timeMs
    }

    /// A fault the bench just signalled: it anchors the failover clock if it is the first.
    mutating func faultIssued(_ record: FaultRecord) {
        faults.append(record)
        anchorClock(atMs: record.issuedMs)
        actions.append("node \(record.node) \(record.fault == .kill ? "killed (kill -9)" : "stopped (\(record.fault))")")
    }

    /// The bench's reading just before it sent a cut's first command.
    mutating func cutIssued(_ nodes: Set<NodeID>, atMs timeMs: Double) {
        anchorClock(atMs: timeMs)
        actions.append("node\(nodes.count == 1 ? "" : "s") \(nodes.sorted().map(String.init(describing:)).joined(separator: ", ")) cut off")
    }

    /// The bench's reading just before it sent SIGSTOP to `node`: it anchors the clock as a
    /// fault does, since the hang is the trial's fault.
    mutating func pauseIssued(_ node: NodeID, atMs timeMs: Double) {
        anchorClock(atMs: timeMs)
        pauses.append(CutInterval(nodes: [node], fromMs: timeMs))
        actions.append("node \(node) hung (SIGSTOP)")
    }

    /// The bench's reading just before it sent SIGCONT to `node`.
    mutating func resumed(_ node: NodeID, atMs timeMs: Double) {
        guard let index = pauses.lastIndex(where: { $0.nodes.contains(node) && $0.toMs == nil }) else { return }
        pauses[index].toMs = timeMs
        actions.append("node \(node) continued (SIGCONT)")
    }

    /// Completes each fault's record (a stop's acting time is known once the node exits).
    mutating func completeFaults(_ complete: (FaultRecord) -> FaultRecord) {
        faults = faults.map(complete)
    }

    /// Something else the bench did, for the note ("node 3 restarted", "network healed").
    mutating func did(_ action: String) {
        actions.append(action)
    }

    /// A finished polling round of the judged nodes while the failover clock runs.
    mutating func polledRound(_ round: StatusPollRound) {
        guard let clockMs = failoverClockMs, polled == nil else { return }
        roundsSinceClock += 1
        if let leader = round.agreedLeader {
            let period = roundsSinceClock > 1
                ? (round.endMs - clockMs) / Double(roundsSinceClock) : round.endMs - round.startMs
            polled = PolledAgreement(leader: leader, seenMs: round.endMs, notYetMs: lastRoundEndMs ?? clockMs,
                                     rounds: roundsSinceClock, roundPeriodMs: period)
        }
        lastRoundEndMs = round.endMs
    }

    /// The trial's sample from the window `[windowStart, endMs)` of `timeline`, and the
    /// failover the events show. A trial whose window never opened (no leader to hurt)
    /// measured nothing but how it ended.
    func sample(trial: Int, note: String?, timeline: NodeEventTimeline, cuts: [CutInterval], endMs: Double,
                agreedAtEnd: Bool) -> (sample: TrialSample, failover: FailoverMeasurement?) {
        guard let startMs = windowStartMs else {
            return (TrialSample(trial: trial, failoverMs: nil, leaderAgreedAtEnd: agreedAtEnd, note: note), nil)
        }
        let window = timeline.leadershipTimeline(from: startMs, to: endMs, label: "trial \(trial)", trial: trial)
        let judged = window.judged(excluding: cuts + pauses, originMs: startMs)
        let leading = pauses.isEmpty ? window : window.judged(excluding: pauses, originMs: startMs)
        let termNote = pauses.isEmpty ? nil : timeline.termLeaders(from: startMs, to: endMs).sentence
        let failover = failoverClockMs.flatMap { FailoverMeasurement(timeline: judged, faultMs: $0 - startMs) }
        let sample = TrialSample(
            trial: trial, failoverMs: failover?.failoverMs,
            leaderAgreedAtEnd: judged.spans.last?.agreedLeader != nil,
            leaderlessMs: judged.leaderlessMs, splitBrainMs: leading.splitBrainMs,
            electionsStarted: timeline.electionsStarted(from: startMs, to: endMs),
            leaderChanges: window.leaderChanges,
            termIncrements: timeline.termIncrements(from: startMs, to: endMs),
            note: self.note(scenarioNote: note, failover: failover, termNote: termNote))
        return (sample, failover)
    }

    /// The scenario's note, what the bench did, and what polling and the signals say.
    private func note(scenarioNote: String?, failover: FailoverMeasurement?, termNote: String?) -> String? {
        var parts = scenarioNote.map { [$0] } ?? []
        parts += Self.grouped(actions)
        if let failover { parts.append("node \(failover.newLeader) agreed on") }
        if let clockMs = failoverClockMs {
            if let polled {
                parts.append("status polling saw it at \(ReportNumber.plain(polled.seenMs - clockMs, decimals: 2)) ms "
                    + "(not yet at \(ReportNumber.plain(polled.notYetMs - clockMs, decimals: 2)) ms)")
            } else {
                parts.append("status polling saw no agreement")
            }
        }
        if let latency = faults.first?.actingLatencyMs {
            parts.append("signal acted within \(ReportNumber.plain(latency, decimals: 3)) ms")
        }
        if let termNote { parts.append(termNote) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// `["node 3 killed (kill -9)" x 10, ...]` as `"node 3 killed (kill -9) 10 times"`, in
    /// order of first appearance.
    static func grouped(_ actions: [String]) -> [String] {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for action in actions {
            if counts[action] == nil { order.append(action) }
            counts[action, default: 0] += 1
        }
        return order.map { counts[$0]! > 1 ? "\($0) \(counts[$0]!) times" : $0 }
    }

    /// Confirms each kill with the survivors' `peer_down` lines and hands the faults, and
    /// polling's view of the failover, to `accuracy`.
    func account(into accuracy: inout TimingAccuracy, failover: FailoverMeasurement?,
                 confirm: (FaultRecord) -> FaultRecord) {
        for fault in faults { accuracy.record(confirm(fault)) }
        if let clockMs = failoverClockMs {
            accuracy.compare(eventFailoverMs: failover?.failoverMs, polled: polled, clockMs: clockMs)
        }
    }

    private mutating func anchorClock(atMs timeMs: Double) {
        guard failoverClockMs != nil, !clockAnchored else { return }
        failoverClockMs = timeMs
        lastRoundEndMs = timeMs
        clockAnchored = true
    }
}
