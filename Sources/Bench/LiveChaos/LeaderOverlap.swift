import Election

/// How long two or more nodes believed, at the same moment, that they were the leader:
/// Bully's split brain, which its design allows (a node that comes back, or wakes up,
/// believes what it last believed until a message tells it otherwise).
///
/// Computed from the nodes' own lines (`NodeEventTimeline`: each role change as logged,
/// each lifetime ended by its kill). A node held with SIGSTOP is not counted while it is
/// held: a stopped process answers nobody, so it cannot act as a leader, whatever it
/// last believed; once continued it counts again until it learns better.
struct LeaderOverlap: Hashable, Sendable {
    /// Total time with at least two believed leaders.
    var totalMs: Double = 0
    /// Separate stretches of such time.
    var episodes = 0
    /// The longest single stretch.
    var longestMs: Double = 0

    init() {}

    /// The overlap in `timeline` between `startMs` and `endMs`, leaving out `pauses`.
    init(timeline: NodeEventTimeline, pauses: [PauseInterval], from startMs: Double, to endMs: Double) {
        self.init()
        // 1. Each node's leader stretches, clipped to the window.
        var changes: [(timeMs: Double, delta: Int)] = []
        for lifetime in timeline.lifetimes {
            let held = pauses.filter { $0.node == lifetime.node }
            for piece in timeline.beliefPieces(of: lifetime, until: endMs) where piece.role == .leader {
                for stretch in Self.subtract(held, from: (max(piece.fromMs, startMs), min(piece.toMs, endMs))) {
                    changes.append((stretch.0, 1))
                    changes.append((stretch.1, -1))
                }
            }
        }
        // 2. Sweep: ends before starts at the same instant, so touching stretches do not overlap.
        changes.sort { ($0.timeMs, $0.delta) < ($1.timeMs, $1.delta) }
        var leaders = 0
        var overlapStartMs: Double?
        for change in changes {
            leaders += change.delta
            if leaders >= 2, overlapStartMs == nil {
                overlapStartMs = change.timeMs
            } else if leaders < 2, let from = overlapStartMs {
                let length = change.timeMs - from
                if length > 0 {
                    totalMs += length
                    episodes += 1
                    longestMs = max(longestMs, length)
                }
                overlapStartMs = nil
            }
        }
    }

    /// `stretch` with every pause cut out of it (pauses of one node never overlap).
    private static func subtract(_ pauses: [PauseInterval], from stretch: (Double, Double)) -> [(Double, Double)] {
        guard stretch.0 < stretch.1 else { return [] }
        var pieces: [(Double, Double)] = []
        var from = stretch.0
        for pause in pauses.sorted(by: { $0.fromMs < $1.fromMs }) where pause.toMs > from && pause.fromMs < stretch.1 {
            if pause.fromMs > from { pieces.append((from, pause.fromMs)) }
            from = max(from, pause.toMs)
        }
        if from < stretch.1 { pieces.append((from, stretch.1)) }
        return pieces
    }
}
