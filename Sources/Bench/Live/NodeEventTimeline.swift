import Election

/// Everything the bench saw of a live cluster, in wall-clock time: each node's events,
/// when each node process lived, and what the bench did to them. From that it derives,
/// for any window, the `LeadershipTimeline` the report draws and the counts a
/// `TrialSample` needs. Pure: no processes, no clock, so tests feed it invented streams.
///
/// How a node's belief is followed through one lifetime:
/// 1. it starts as a follower that knows no leader (what every node is before it hears
///    from anyone);
/// 2. each event with a `role` field sets its role, each with a `leader` field sets the
///    leader it believes in (`NodeLogEvent.changesBelief`);
/// 3. the lifetime's end (kill or stop) ends its last segment: from then on the node is
///    down, whatever it believed.
struct NodeEventTimeline: Sendable {
    /// Every configured member, including any that never ran (each gets a lane).
    var members: [NodeID]
    var events: [NodeLogEvent]
    var lifetimes: [NodeLifetime]
    /// What the bench did, at absolute times (`timeMs` in epoch milliseconds).
    var marks: [LeadershipTimeline.Mark]

    init(members: [NodeID], events: [NodeLogEvent], lifetimes: [NodeLifetime],
                marks: [LeadershipTimeline.Mark] = []) {
        self.members = members
        self.events = events.sorted { $0.timestampMs < $1.timestampMs }
        self.lifetimes = lifetimes
        self.marks = marks
    }

    /// The window `[startMs, endMs)` (epoch milliseconds) as a `LeadershipTimeline` whose
    /// times are milliseconds since `startMs`.
    func leadershipTimeline(from startMs: Double, to endMs: Double, label: String,
                                   trial: Int? = nil) -> LeadershipTimeline {
        var segments: [LeadershipTimeline.Segment] = []
        for lifetime in lifetimes {
            for piece in beliefPieces(of: lifetime, until: endMs) {
                let from = max(piece.fromMs, startMs)
                let to = min(piece.toMs, endMs)
                guard from < to else { continue }
                segments.append(LeadershipTimeline.Segment(
                    node: lifetime.node, fromMs: from - startMs, toMs: to - startMs,
                    role: piece.role, leader: piece.leader))
            }
        }
        let windowMarks = marks
            .filter { startMs <= $0.timeMs && $0.timeMs <= endMs }
            .map { mark in
                var relative = mark
                relative.timeMs = mark.timeMs - startMs
                return relative
            }
        segments.sort { ($0.fromMs, $0.node) < ($1.fromMs, $1.node) }
        return LeadershipTimeline(label: label, trial: trial, startMs: 0, endMs: endMs - startMs,
                                  nodes: members, segments: segments, marks: windowMarks)
    }

    /// How many times any node started an election (`election_started`) in the window.
    func electionsStarted(from startMs: Double, to endMs: Double) -> Int {
        events.filter { $0.kind == .electionStarted && startMs <= $0.timestampMs && $0.timestampMs < endMs }
            .count
    }

    /// The highest term (Raft) or epoch (Bully) any node reported before `endMs`, minus the
    /// highest reported before `startMs` (never negative: a restarted Bully node counts its
    /// epochs from zero again, which is not a step back for the cluster).
    func termIncrements(from startMs: Double, to endMs: Double) -> Int {
        let before = highestTerm(before: startMs)
        let after = highestTerm(before: endMs)
        return Int(clamping: after > before ? after - before : 0)
    }

    /// The first time at or after `timeMs` that another node logged losing its connection
    /// to `node` (`peer_down`): evidence that `node` was dead by then, from the nodes' own
    /// clock readings rather than the bench's.
    func firstPeerDown(of node: NodeID, atOrAfter timeMs: Double) -> Double? {
        events.first { $0.kind == .peerDown && $0.peer == node && $0.node != node && $0.timestampMs >= timeMs }?
            .timestampMs
    }

    private func highestTerm(before timeMs: Double) -> UInt64 {
        events.lazy.filter { $0.timestampMs < timeMs }.compactMap(\.term).max() ?? 0
    }

    /// One stretch of a lifetime over which the node's role and belief did not change.
    struct BeliefPiece: Hashable {
        var fromMs: Double
        var toMs: Double
        var role: Role
        var leader: NodeID?
    }

    /// The lifetime cut at every change of belief. A lifetime that has not ended runs
    /// until `untilMs`.
    func beliefPieces(of lifetime: NodeLifetime, until untilMs: Double) -> [BeliefPiece] {
        let endMs = lifetime.endMs ?? max(untilMs, lifetime.startMs)
        var pieces: [BeliefPiece] = []
        var current = BeliefPiece(fromMs: lifetime.startMs, toMs: endMs, role: .follower, leader: nil)
        for event in events where event.node == lifetime.node && event.changesBelief
            && lifetime.startMs <= event.timestampMs && event.timestampMs < endMs
        {
            var next = current
            if let role = event.role { next.role = role }
            switch event.leader {
            case .notMentioned: break
            case .noLeader: next.leader = nil
            case .leader(let id): next.leader = id
            }
            guard next.role != current.role || next.leader != current.leader else { continue }
            current.toMs = event.timestampMs
            if current.fromMs < current.toMs { pieces.append(current) }
            next.fromMs = event.timestampMs
            next.toMs = endMs
            current = next
        }
        if current.fromMs < current.toMs { pieces.append(current) }
        return pieces
    }
}
