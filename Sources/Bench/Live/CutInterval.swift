import Election

/// A stretch of wall-clock time during which some nodes were cut off from the rest by the
/// bench (`LiveCluster.isolate`): they kept running, but no longer counted towards
/// agreement, as in the simulator.
struct CutInterval: Hashable, Sendable {
    var nodes: Set<NodeID>
    /// Epoch ms: the bench's clock reading just before it told the first node.
    var fromMs: Double
    /// When the bench healed the cut; `nil` while it lasts.
    var toMs: Double?

    func covers(_ timeMs: Double) -> Bool { fromMs <= timeMs && toMs.map { timeMs < $0 } ?? true }
}

extension LeadershipTimeline {
    /// The timeline as agreement is judged: without the stretches in which a node was cut
    /// off (`cuts`, in epoch ms; this timeline's times are ms since `originMs`). Split brain
    /// and leader changes still count every running node, so they are read from the
    /// timeline itself, not from this one.
    func judged(excluding cuts: [CutInterval], originMs: Double) -> LeadershipTimeline {
        guard !cuts.isEmpty else { return self }
        var judged = self
        judged.segments = segments.flatMap { segment in
            var pieces = [segment]
            for cut in cuts where cut.nodes.contains(segment.node) {
                let from = cut.fromMs - originMs
                let to = cut.toMs.map { $0 - originMs } ?? .infinity
                pieces = pieces.flatMap { piece -> [Segment] in
                    guard from < piece.toMs, to > piece.fromMs else { return [piece] }
                    var kept: [Segment] = []
                    if piece.fromMs < from {
                        var before = piece
                        before.toMs = from
                        kept.append(before)
                    }
                    if to < piece.toMs {
                        var after = piece
                        after.fromMs = to
                        kept.append(after)
                    }
                    return kept
                }
            }
            return pieces
        }
        return judged
    }
}
