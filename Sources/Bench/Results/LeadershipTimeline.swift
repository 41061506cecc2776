import Election

/// Who believed what, when, during one trial: the data behind the leadership timeline chart
/// and behind the leaderless and split-brain times.
///
/// Times are milliseconds since the start of the trial's observation window. A node has a
/// segment for every stretch of time it was running, saying its role and the leader it
/// believed in; where a node has no segment it was down. Segments are half-open
/// (`from_ms` inclusive, `to_ms` exclusive) and a node's segments must not overlap.
///
/// JSON:
/// ```
/// {"label":"trial 4 (median failover)","trial":4,"start_ms":0,"end_ms":3000,
///  "nodes":[1,2,3],
///  "segments":[{"node":3,"from_ms":0,"to_ms":1000,"role":"leader","leader":3}, ...],
///  "marks":[{"time_ms":1000,"node":3,"kind":"crash"}, ...]}
/// ```
struct LeadershipTimeline: Codable, Hashable, Sendable {
    /// What this timeline shows, for the chart's caption ("trial 4 (median failover)").
    var label: String
    /// The trial it comes from, if it is one trial's record.
    var trial: Int?
    var startMs: Double
    var endMs: Double
    /// Every member, including nodes that were down the whole time (each gets a lane).
    var nodes: [NodeID]
    var segments: [Segment]
    var marks: [Mark]

    init(label: String, trial: Int? = nil, startMs: Double = 0, endMs: Double,
                nodes: [NodeID], segments: [Segment], marks: [Mark] = []) {
        self.label = label
        self.trial = trial
        self.startMs = startMs
        self.endMs = endMs
        self.nodes = nodes
        self.segments = segments
        self.marks = marks
    }

    enum CodingKeys: String, CodingKey {
        case label, trial
        case startMs = "start_ms"
        case endMs = "end_ms"
        case nodes, segments, marks
    }

    /// One node's role and belief over a stretch of time while it was running.
    struct Segment: Codable, Hashable, Sendable {
        var node: NodeID
        var fromMs: Double
        var toMs: Double
        var role: Role
        /// The leader this node believed in (itself when `role` is `leader`), `nil` if none.
        var leader: NodeID?

        init(node: NodeID, fromMs: Double, toMs: Double, role: Role, leader: NodeID?) {
            self.node = node
            self.fromMs = fromMs
            self.toMs = toMs
            self.role = role
            self.leader = role == .leader ? node : leader
        }

        enum CodingKeys: String, CodingKey {
            case node
            case fromMs = "from_ms"
            case toMs = "to_ms"
            case role, leader
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(node, forKey: .node)
            try container.encode(fromMs, forKey: .fromMs)
            try container.encode(toMs, forKey: .toMs)
            try container.encode(role, forKey: .role)
            try container.encode(leader, forKey: .leader)  // explicit null: "knows no leader"
        }

        func covers(_ timeMs: Double) -> Bool { fromMs <= timeMs && timeMs < toMs }
    }

    /// Something the bench did to the cluster (or saw happen), drawn as a marker.
    struct Mark: Codable, Hashable, Sendable {
        enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
            /// The node's process was killed.
            case crash
            /// The node's process was started again.
            case restart
            /// The node was cut off from the others (or `node` is nil: the network split).
            case partition
            /// The partition ended.
            case heal
            /// The node was frozen (SIGSTOP, or paused by the simulator): a hung process.
            case pause
            /// The frozen node runs again.
            case resume
        }

        var timeMs: Double
        /// The node the fault concerns, or `nil` for the whole network.
        var node: NodeID?
        var kind: Kind
        /// Extra detail for the chart's tooltip ("{1,2} | {3,4,5}").
        var note: String?

        init(timeMs: Double, node: NodeID?, kind: Kind, note: String? = nil) {
            self.timeMs = timeMs
            self.node = node
            self.kind = kind
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case timeMs = "time_ms"
            case node, kind, note
        }
    }

    /// A stretch of time over which nobody's role or belief changed.
    struct Span: Hashable, Sendable {
        var fromMs: Double
        var toMs: Double
        /// The leader every running node names, itself running as leader; `nil` otherwise.
        var agreedLeader: NodeID?
        /// Running nodes that believe they are the leader (two or more: split brain).
        var leaders: [NodeID]

        var durationMs: Double { toMs - fromMs }
        var isSplitBrain: Bool { leaders.count >= 2 }
    }

    /// The window cut into spans at every segment boundary. This is where "agreed leader"
    /// and "split brain" are defined:
    /// 1. the running nodes are those with a segment covering the span;
    /// 2. there is an agreed leader when at least one node runs, every running node names
    ///    the same leader, and that leader is itself running in the leader role;
    /// 3. there is split brain when two or more running nodes are in the leader role.
    var spans: [Span] {
        var boundaries = Set([startMs, endMs])
        for segment in segments {
            boundaries.insert(min(max(segment.fromMs, startMs), endMs))
            boundaries.insert(min(max(segment.toMs, startMs), endMs))
        }
        let times = boundaries.sorted()
        return zip(times, times.dropFirst()).map { from, to in
            let running = segments.filter { $0.covers((from + to) / 2) }
            let leaders = running.filter { $0.role == .leader }.map(\.node).sorted()
            var agreed: NodeID? = nil
            if let named = running.first?.leader, running.allSatisfy({ $0.leader == named }),
               leaders.contains(named) {
                agreed = named
            }
            return Span(fromMs: from, toMs: to, agreedLeader: agreed, leaders: leaders)
        }
    }

    /// Total time in the window without an agreed leader.
    var leaderlessMs: Double {
        spans.filter { $0.agreedLeader == nil }.reduce(0) { $0 + $1.durationMs }
    }

    /// Total time in the window with two or more nodes in the leader role.
    var splitBrainMs: Double {
        spans.filter(\.isSplitBrain).reduce(0) { $0 + $1.durationMs }
    }

    /// The first moment at or after `timeMs` when the cluster has an agreed leader, and who.
    /// A runner that recorded the crash as the end of the leader's segment gets the
    /// failover time as `firstAgreement(atOrAfter: crash)!.timeMs - crash`.
    func firstAgreement(atOrAfter timeMs: Double) -> (timeMs: Double, leader: NodeID)? {
        for span in spans where span.toMs > timeMs {
            if let leader = span.agreedLeader { return (max(span.fromMs, timeMs), leader) }
        }
        return nil
    }

    /// How many times a node entered the leader role inside the window (a node that already
    /// led when the window opened does not count).
    var leaderChanges: Int {
        let bySegmentStart = segments.sorted { $0.fromMs < $1.fromMs }
        var lastRole: [NodeID: (role: Role, toMs: Double)] = [:]
        var count = 0
        for segment in bySegmentStart {
            let previous = lastRole[segment.node]
            let continues = previous.map { $0.role == .leader && $0.toMs == segment.fromMs } ?? false
            if segment.role == .leader && !continues && segment.fromMs > startMs { count += 1 }
            lastRole[segment.node] = (segment.role, segment.toMs)
        }
        return count
    }
}
