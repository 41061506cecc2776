import Election

/// The failover time of one trial, read from the nodes' own event timestamps.
///
/// Definition (DESIGN.md, "election-bench"): from the moment the leader is killed until
/// every surviving node reports the same new leader. In terms of a `LeadershipTimeline`
/// whose killed node's last segment ends at the fault: the first moment at or after the
/// fault when the cluster has an agreed leader (`LeadershipTimeline.firstAgreement`). The
/// killed node is down from then on, so the agreed leader is necessarily a new one. That
/// moment is also the largest, over the survivors, of the time each began to name the
/// new leader.
struct FailoverMeasurement: Hashable, Sendable {
    /// Milliseconds from the fault until every survivor named the new leader.
    var failoverMs: Double
    var newLeader: NodeID
    /// When each survivor began to name the new leader, in milliseconds after the fault
    /// (the last of these is `failoverMs`).
    var learnedMs: [NodeID: Double]

    init(failoverMs: Double, newLeader: NodeID, learnedMs: [NodeID: Double]) {
        self.failoverMs = failoverMs
        self.newLeader = newLeader
        self.learnedMs = learnedMs
    }

    /// The failover in `timeline` after a fault at `faultMs` (in the timeline's own
    /// times), or `nil` if the survivors never agreed inside it.
    init?(timeline: LeadershipTimeline, faultMs: Double = 0) {
        guard let agreement = timeline.firstAgreement(atOrAfter: faultMs) else { return nil }
        var learned: [NodeID: Double] = [:]
        for segment in timeline.segments
        where segment.fromMs <= agreement.timeMs && agreement.timeMs < segment.toMs {
            learned[segment.node] = max(segment.fromMs, faultMs) - faultMs
        }
        self.init(failoverMs: agreement.timeMs - faultMs, newLeader: agreement.leader, learnedMs: learned)
    }
}
