import Election
import ElectionSimulation

/// Watches one simulated trial and turns what the nodes believed, moment by moment, into
/// the bench's metrics (`TrialSample`) and, when asked, a `LeadershipTimeline`.
///
/// The recorder knows nothing about any algorithm: it sees each node's `NodeStatus` after
/// every input (through `Simulator.onTransition`), the faults the scenario injects, and the
/// messages and events the nodes emit (through `Simulator.onEffects`). `SimCluster` wires it
/// up; scenarios talk to the cluster.
///
/// Definitions (the same as `MetricDefinition.all`, made exact here):
/// - **Judged nodes** are the running nodes that are neither cut off by a partition nor hung
///   (paused): a hung node answers nobody, so it neither names nor is the agreed leader.
/// - There is an **agreed leader** when every judged node names the same leader, and that
///   leader is itself a judged node in the leader role.
/// - **Split brain** is two or more running, not hung, nodes in the leader role, cut off or
///   not, stale leaders of old terms included.
/// - **Failover** runs from `startFailoverClock` (called just before the fault) to the first
///   moment after it with an agreed leader.
/// - Leaderless and split-brain time, elections, leader changes, term increments and
///   election messages count only inside the measurement window (`beginWindow` to `finish`).
///
/// The metrics are kept up to date incrementally (O(cluster size) per change), so a trial
/// costs no more to measure than to run; the timeline is only kept when `recordsTimeline`.
final class ElectionRecorder {
    let members: [NodeID]
    let recordsTimeline: Bool

    private let positionByID: [NodeID: Int]
    /// Each node's latest status while it runs; `nil` while it is down.
    private var statuses: [NodeStatus?]
    private var isCutOff: [Bool]
    private var isPaused: [Bool]
    /// Who led in which term inside the window (leaders when it opened included).
    private var termLeaders = TermLeaders()
    /// Whether a node was hung inside the window: then the trial's note says whether a term
    /// had two leaders.
    private var pausedInWindow = false

    /// The leader the judged nodes agree on right now, if any.
    private(set) var agreedLeader: NodeID?
    /// Running nodes in the leader role right now.
    private(set) var leaderCount = 0
    private var lastUpdate: Instant = .start

    /// Where the measurement window opened, if it has.
    private(set) var windowStart: Instant?
    /// When the failover clock started, if it has.
    private(set) var failoverClockStart: Instant?
    /// The first moment after `failoverClockStart` with an agreed leader.
    private(set) var firstAgreementAfterFault: Instant?
    /// Leader heartbeat rounds seen so far (inside the window or not).
    private(set) var heartbeatRounds = 0
    /// When the most recent heartbeat round went out.
    private(set) var lastHeartbeatRound: Instant?

    private var leaderlessNanoseconds: Int64 = 0
    private var splitBrainNanoseconds: Int64 = 0
    private var electionsStarted = 0
    private var leaderChanges = 0
    private var electionMessages = 0
    private var electionBytes = 0
    private var highestTerm: UInt64 = 0
    private var highestTermAtWindowStart: UInt64 = 0

    private var openSegments: [OpenSegment?]
    private var segments: [LeadershipTimeline.Segment] = []
    private var marks: [(time: Instant, node: NodeID?, kind: LeadershipTimeline.Mark.Kind, note: String?)] = []

    private struct OpenSegment {
        var from: Instant
        var role: Role
        var leader: NodeID?
    }

    /// A recorder for `members`, all of them down until their first status arrives.
    init(members: [NodeID], recordsTimeline: Bool = false) {
        self.members = members
        self.recordsTimeline = recordsTimeline
        var positions: [NodeID: Int] = [:]
        for (position, id) in members.enumerated() { positions[id] = position }
        positionByID = positions
        statuses = Array(repeating: nil, count: members.count)
        isCutOff = Array(repeating: false, count: members.count)
        isPaused = Array(repeating: false, count: members.count)
        openSegments = Array(repeating: nil, count: members.count)
    }

    /// Whether the measurement window is open (messages and elections are being counted).
    var isMeasuring: Bool { windowStart != nil }

    // MARK: - What the nodes do

    /// A node handled an input: `before` is `nil` when the input was its start.
    func transition(at time: Instant, before: NodeStatus?, after: NodeStatus) {
        let position = self.position(of: after.id)
        let previous = statuses[position]
        guard previous != after else { return }
        advance(to: time)
        if after.term > highestTerm { highestTerm = after.term }
        if isMeasuring, after.role == .leader, previous?.role != .leader { leaderChanges += 1 }
        if after.role == .leader { termLeaders.led(after.id, inTerm: after.term) }
        statuses[position] = after
        if recordsTimeline, previous?.role != after.role || previous?.leader != after.leader {
            closeSegment(of: position, at: time)
            openSegments[position] = OpenSegment(from: time, role: after.role, leader: after.leader)
        }
        reevaluate(at: time)
    }

    /// A node announced the start of an election (`Event.Kind.electionStarted`).
    func electionStarted() {
        if isMeasuring { electionsStarted += 1 }
    }

    /// `copies` election messages of `bytes` wire bytes each were sent.
    func electionMessagesSent(copies: Int, bytesEach bytes: Int) {
        guard isMeasuring else { return }
        electionMessages += copies
        electionBytes += copies * bytes
    }

    /// A leader broadcast its heartbeat.
    func heartbeatRoundSent(at time: Instant) {
        heartbeatRounds += 1
        lastHeartbeatRound = time
    }

    // MARK: - What the scenario does

    /// The node went down (crashed or stopped); `mark` is drawn on the timeline.
    func nodeWentDown(_ id: NodeID, at time: Instant, mark: LeadershipTimeline.Mark.Kind = .crash,
                             note: String? = nil) {
        let position = self.position(of: id)
        advance(to: time)
        statuses[position] = nil
        isPaused[position] = false
        closeSegment(of: position, at: time)
        addMark(mark, node: id, at: time, note: note)
        reevaluate(at: time)
    }

    /// A timeline marker for something the scenario did (a restart, a heal).
    func addMark(_ kind: LeadershipTimeline.Mark.Kind, node: NodeID?, at time: Instant,
                        note: String? = nil) {
        if recordsTimeline { marks.append((time, node, kind, note)) }
    }

    /// The nodes in `ids` are cut off from the rest (they keep running, but no longer count
    /// towards agreement); an empty set reconnects everyone.
    func setCutOff(_ ids: Set<NodeID>, at time: Instant) {
        advance(to: time)
        for (position, id) in members.enumerated() { isCutOff[position] = ids.contains(id) }
        reevaluate(at: time)
    }

    /// `id` hangs (`paused`) or runs again: while hung it is neither judged nor counted as a
    /// leader, though its last status stays what it was.
    func setPaused(_ id: NodeID, _ paused: Bool, at time: Instant) {
        advance(to: time)
        isPaused[position(of: id)] = paused
        if paused, isMeasuring { pausedInWindow = true }
        reevaluate(at: time)
    }

    /// Opens the measurement window now: counters start from zero.
    func beginWindow(at time: Instant) {
        advance(to: time)
        windowStart = time
        lastUpdate = time
        leaderlessNanoseconds = 0
        splitBrainNanoseconds = 0
        electionsStarted = 0
        leaderChanges = 0
        electionMessages = 0
        electionBytes = 0
        highestTermAtWindowStart = highestTerm
        termLeaders = TermLeaders()
        for status in statuses.compactMap({ $0 }) where status.role == .leader {
            termLeaders.led(status.id, inTerm: status.term)
        }
        pausedInWindow = false
    }

    /// Starts timing a failover now. Call it just before the fault, so that an agreement
    /// the fault does not break (a follower crashed) counts as a failover of zero.
    func startFailoverClock(at time: Instant) {
        failoverClockStart = time
        firstAgreementAfterFault = nil
    }

    // MARK: - Results

    /// Closes the window at `end` and returns the trial's sample.
    func finish(at end: Instant, trial: Int, seed: UInt64?, note: String? = nil) -> TrialSample {
        guard isMeasuring else {
            return TrialSample(trial: trial, seed: seed, failoverMs: nil, leaderAgreedAtEnd: agreedLeader != nil,
                               note: note)
        }
        advance(to: end)
        var failoverMs: Double?
        if let start = failoverClockStart, let agreed = firstAgreementAfterFault {
            failoverMs = (agreed - start).milliseconds
        }
        return TrialSample(
            trial: trial, seed: seed, failoverMs: failoverMs, leaderAgreedAtEnd: agreedLeader != nil,
            leaderlessMs: Duration.nanoseconds(leaderlessNanoseconds).milliseconds,
            splitBrainMs: Duration.nanoseconds(splitBrainNanoseconds).milliseconds,
            electionsStarted: electionsStarted, leaderChanges: leaderChanges,
            termIncrements: Int(highestTerm - highestTermAtWindowStart),
            electionMessages: electionMessages, electionBytes: electionBytes,
            note: pausedInWindow ? [note, termLeaders.sentence].compactMap { $0 }.joined(separator: "; ") : note)
    }

    /// Who believed what between `from` and `to`, with times in milliseconds since `from`.
    /// Needs `recordsTimeline`; otherwise the timeline has no segments.
    func timeline(label: String, trial: Int?, from: Instant, to: Instant) -> LeadershipTimeline {
        // Segments are kept in milliseconds since the simulation's start; open ones end at `to`.
        var all = segments
        for (position, open) in openSegments.enumerated() {
            guard let open, to > open.from else { continue }
            all.append(LeadershipTimeline.Segment(
                node: members[position], fromMs: open.from.sinceStart.milliseconds,
                toMs: to.sinceStart.milliseconds, role: open.role, leader: open.leader))
        }
        let originMs = from.sinceStart.milliseconds
        let endMs = (to - from).milliseconds
        var shown: [LeadershipTimeline.Segment] = []
        for var segment in all {
            segment.fromMs = max(segment.fromMs - originMs, 0)
            segment.toMs = min(segment.toMs - originMs, endMs)
            if segment.toMs > segment.fromMs { shown.append(segment) }
        }
        shown.sort { ($0.node, $0.fromMs) < ($1.node, $1.fromMs) }
        let shownMarks = marks.filter { $0.time >= from && $0.time <= to }.map {
            LeadershipTimeline.Mark(timeMs: ($0.time - from).milliseconds, node: $0.node, kind: $0.kind,
                                    note: $0.note)
        }
        return LeadershipTimeline(label: label, trial: trial, startMs: 0, endMs: endMs, nodes: members,
                                  segments: shown, marks: shownMarks)
    }

    // MARK: - Bookkeeping

    /// Charges the time since the last change to the state the cluster was in.
    private func advance(to time: Instant) {
        if isMeasuring, time > lastUpdate {
            let elapsed = (time - lastUpdate).nanoseconds
            if agreedLeader == nil { leaderlessNanoseconds += elapsed }
            if leaderCount >= 2 { splitBrainNanoseconds += elapsed }
        }
        if time > lastUpdate { lastUpdate = time }
    }

    /// Recomputes the agreed leader and the number of leaders after a change.
    private func reevaluate(at time: Instant) {
        var leaders = 0
        var named: NodeID?
        var agreement = true
        var judged = 0
        for position in statuses.indices {
            guard let status = statuses[position], !isPaused[position] else { continue }
            if status.role == .leader { leaders += 1 }
            guard !isCutOff[position] else { continue }
            judged += 1
            guard agreement else { continue }
            if let leader = status.leader, named == nil || named == leader {
                named = leader
            } else {
                agreement = false
            }
        }
        leaderCount = leaders
        agreedLeader = nil
        if agreement, judged > 0, let named, let position = positionByID[named],
           !isCutOff[position], !isPaused[position], statuses[position]?.role == .leader {
            agreedLeader = named
        }
        if agreedLeader != nil, failoverClockStart != nil, firstAgreementAfterFault == nil {
            firstAgreementAfterFault = time
        }
    }

    private func closeSegment(of position: Int, at time: Instant) {
        guard recordsTimeline, let open = openSegments[position] else { return }
        openSegments[position] = nil
        guard time > open.from else { return }
        segments.append(LeadershipTimeline.Segment(
            node: members[position], fromMs: open.from.sinceStart.milliseconds,
            toMs: time.sinceStart.milliseconds, role: open.role, leader: open.leader))
    }

    @inline(__always)
    private func position(of id: NodeID) -> Int {
        let guess = id.rawValue - 1
        if guess < members.count, members[guess] == id { return guess }
        guard let position = positionByID[id] else {
            preconditionFailure("node \(id) is not a member of this recording")
        }
        return position
    }
}
