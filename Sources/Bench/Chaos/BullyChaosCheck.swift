import Bully
import Election

/// Bully promises no safety while faults go on: a node that cannot hear a higher one leads,
/// so a partition or a hung leader gives two leaders at once (split brain), which the chaos
/// run measures instead of failing on it. Bully's promise is about recovery: once faults
/// stop, the highest running id leads and everyone knows it (`BullyNode.hasRecovered`), and
/// it keeps leading. This check holds the recovered cluster to that for
/// `BullyNode.recoveredWatch`:
/// - at every step, no running node leads but the highest running id: the split brain is over;
/// - when the watch ends, exactly one node leads, the highest running id, and every running
///   node follows it.
///
/// The second rule is checked only at the end because messages sent before the faults
/// stopped may still be in flight at recovery (a slow node's are up to 400 ms late): a stale
/// COORDINATOR from a lower node makes the leader challenge it, and while a crashed higher
/// member fails to answer that election, the leader is a candidate for one answer timeout
/// and nobody leads. That is Bully answering an old claim, not failing; a cluster that is
/// still unsettled when the watch is over is failing.
///
/// Generic over the node type only so that a test can run a deliberately broken Bully under
/// it; the rules are about statuses, which every algorithm reports.
public final class BullyChaosCheck<Node: ElectionProtocol>: ChaosSafetyCheck {
    public init() {}

    public static var invariants: [String] {
        let watch = ReportNumber.milliseconds(Double(BullyNode.recoveredWatch.nanoseconds) / 1e6)
        return ["once recovered, and at every step of the \(watch) after: no running node leads but the highest "
                    + "running id",
                "at the end of those \(watch): exactly one leader, the highest running id, and every running node "
                    + "follows it"]
    }

    public func observe(transitionOf node: NodeID, at time: Instant, before: NodeStatus?, after: NodeStatus,
                        persisted: Node.DurableState?) {}

    public func observe(effectsOf node: NodeID, at time: Instant, _ effects: [Effect<Node.Message, Node.DurableState>],
                        persisted: Node.DurableState?) {}

    public func observe(recoveredCluster statuses: [NodeStatus], at time: Instant, watchEnded: Bool) {
        stepsChecked += 1
        guard let highest = statuses.last?.id else {
            violations.append("no node is running at \(time), after the cluster had recovered")
            return
        }
        let leaders = statuses.filter(\.isLeader).map(\.id)
        let lowerLeaders = leaders.filter { $0 != highest }
        if !lowerLeaders.isEmpty {
            violations.append("after recovery, at \(time): " + lowerLeaders.map { "node \($0)" }.joined(separator: ", ")
                              + " leads, below node \(highest), the highest running id")
        }
        guard watchEnded else { return }
        clustersWatched += 1
        let strays = statuses.filter { $0.leader != highest }
        if leaders != [highest] || !strays.isEmpty {
            violations.append("at the end of the watch after recovery (\(time)), the cluster is not settled on "
                              + "node \(highest), the highest running id: "
                              + statuses.map(\.description).joined(separator: "; "))
        }
    }

    public private(set) var violations: [String] = []

    private var stepsChecked = 0
    private var clustersWatched = 0

    public var checked: [(what: String, count: Int)] {
        [("recovered clusters watched", clustersWatched), ("steps checked after recovery", stepsChecked)]
    }
}

extension BullyNode: ChaosAlgorithm {
    public typealias SafetyCheck = BullyChaosCheck<BullyNode>

    /// Noticing the silence, an election, and its announcement, four times over: room for
    /// an election that a node which wakes up late interrupts, and one more.
    public static var recoveryBound: Duration { longestQuietElection(of: chaosSettings) * 4 }

    public static var recoveryInvariant: String {
        "after the faults stop, exactly one leader, the highest running id, that every running node "
            + "agrees on within \(ReportNumber.milliseconds(Double(recoveryBound.nanoseconds) / 1e6))"
    }

    /// Bully needs no majority: any crashed node may stay down, but one node stays up.
    public static func mayStayDown(size: Int) -> Int { size - 1 }

    /// Two quiet elections' worth of time: long enough for every follower's failure detector
    /// to fire if the leader had gone quiet, and for a stale claim that arrives as late as the
    /// chaos faults allow (about 400 ms) to be answered and settled.
    public static var recoveredWatch: Duration { longestQuietElection(of: chaosSettings) * 2 }
}
