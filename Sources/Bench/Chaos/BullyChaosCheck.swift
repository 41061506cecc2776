import Bully
import Election

/// Bully promises no safety while faults go on: a node that cannot hear a higher one leads,
/// so a partition or a hung leader gives two leaders at once (split brain), which the chaos
/// run measures instead of failing on it. Bully's promise is about recovery: once faults
/// stop, one leader that everyone knows (in the classic variant the highest running id,
/// `ChaosAlgorithm.hasRecovered`), and it keeps leading. This check holds the recovered
/// cluster to that for `BullyNode.recoveredWatch`:
/// - at every step, no running node leads but the highest running id (classic); or, in the
///   sticky variant, which lets a lower leader keep its place, no two running nodes lead at
///   once, from one quiet election after recovery on (`stickyGrace`): the split brain is over;
/// - when the watch ends, exactly one node leads (classic: the highest running id), and
///   every running node follows it.
///
/// The second rule is checked only at the end because messages sent before the faults
/// stopped may still be in flight at recovery (a slow node's are up to 400 ms late): a stale
/// COORDINATOR from a lower node makes the leader challenge it, and while a crashed higher
/// member fails to answer that election, the leader is a candidate for one answer timeout
/// and nobody leads. That is Bully answering an old claim, not failing; a cluster that is
/// still unsettled when the watch is over is failing.
///
/// One exception to the first rule comes with graceful stops (hand-over): a leader that
/// said LEAVING and was restarted while its LEAVING was still in flight (a slow link) has
/// a new process the others have not heard from yet, so the highest remaining node takes
/// the LEAVING as news and leads until the new process's COORDINATOR reaches it, one round
/// trip. Nothing it has heard tells it otherwise (the new process's HELLO is behind the
/// LEAVING). So a lower leader is not a violation while the highest running id's process is
/// younger than `staleLeavingWindow`; any later, or when the watch ends, it is.
///
/// Generic over the node type only so that a test can run a deliberately broken Bully under
/// it; the rules are about statuses, which every algorithm reports.
public final class BullyChaosCheck<Node: ElectionProtocol>: ChaosSafetyCheck {
    /// Classic: the recovered cluster must be led by the highest running id.
    private let highestRunningIdLeads: Bool
    /// Sticky only: how long after recovery two leaders may still meet. A follower's failure
    /// timer set while the faults went on (its leader was partitioned away) can fire after
    /// the cluster has agreed, and in the sticky variant the node it fires at then leads if
    /// no higher node is up, beside the agreed leader, until its COORDINATOR arrives: one
    /// quiet election lets every such timer fire and its election end. Classic needs no
    /// grace: there the agreed leader is the highest id, and any other claim is below it.
    static var stickyGrace: Duration { BullyNode.longestQuietElection(of: BullyNode.chaosSettings) }
    /// The first recovered cluster seen: when the grace starts.
    private var recoveredAt: Instant?
    /// How long after a node starts its previous process's LEAVING may still arrive, and be
    /// answered: a slow node's message is up to 400 ms late (`ChaosOptions.slowestExtraDelay`
    /// at each end), on links of up to 15 ms, and the successor's COORDINATOR and the
    /// challenge take a round trip more (100 ms covers those with room to spare): 500 ms.
    static var staleLeavingWindow: Duration { ChaosOptions.slowestExtraDelay * 2 + .milliseconds(100) }
    /// When each node's current process started.
    private var startedAt: [NodeID: Instant] = [:]

    public init(highestRunningIdLeads: Bool) {
        self.highestRunningIdLeads = highestRunningIdLeads
    }

    public static func invariants(highestRunningIdLeads: Bool) -> [String] {
        let watch = ReportNumber.milliseconds(Double(BullyNode.recoveredWatch.nanoseconds) / 1e6)
        guard highestRunningIdLeads else {
            let grace = ReportNumber.milliseconds(Double(stickyGrace.nanoseconds) / 1e6)
            return ["once recovered, at every step from \(grace) on (one quiet election, for failure timers set during "
                        + "the faults) to the end of the \(watch) after: no two running nodes lead at once",
                    "at the end of those \(watch): exactly one leader, and every running node follows it"]
        }
        let stale = ReportNumber.milliseconds(Double(staleLeavingWindow.nanoseconds) / 1e6)
        return ["once recovered, and at every step of the \(watch) after: no running node leads but the highest "
                    + "running id (except while that id's process is under \(stale) old: its previous process's "
                    + "LEAVING may still be in flight)",
                "at the end of those \(watch): exactly one leader, the highest running id, and every running node "
                    + "follows it"]
    }

    public func observe(transitionOf node: NodeID, at time: Instant, before: NodeStatus?, after: NodeStatus,
                        persisted: Node.DurableState?) {
        if before == nil { startedAt[node] = time }
    }

    public func observe(effectsOf node: NodeID, at time: Instant, _ effects: [Effect<Node.Message, Node.DurableState>],
                        persisted: Node.DurableState?) {}

    public func observe(recoveredCluster statuses: [NodeStatus], at time: Instant, watchEnded: Bool) {
        stepsChecked += 1
        let since = recoveredAt ?? time
        recoveredAt = since
        guard let highest = statuses.last?.id else {
            violations.append("no node is running at \(time), after the cluster had recovered")
            return
        }
        let leaders = statuses.filter(\.isLeader).map(\.id)
        if highestRunningIdLeads {
            let lowerLeaders = leaders.filter { $0 != highest }
            let mayBeAnsweringAStaleLeaving = startedAt[highest].map { time - $0 < Self.staleLeavingWindow } ?? false
            if !lowerLeaders.isEmpty && (watchEnded || !mayBeAnsweringAStaleLeaving) {
                violations.append("after recovery, at \(time): " + lowerLeaders.map { "node \($0)" }.joined(separator: ", ")
                                  + " leads, below node \(highest), the highest running id")
            }
        } else if leaders.count > 1, time - since >= Self.stickyGrace {
            violations.append("after recovery, at \(time): " + leaders.map { "node \($0)" }.joined(separator: ", ")
                              + " all lead")
        }
        guard watchEnded else { return }
        clustersWatched += 1
        let settledOn = highestRunningIdLeads ? highest : leaders.first
        let strays = statuses.filter { $0.leader != settledOn }
        if leaders.count != 1 || leaders.first != settledOn || !strays.isEmpty {
            let rule = highestRunningIdLeads ? "on node \(highest), the highest running id" : "on one leader"
            violations.append("at the end of the watch after recovery (\(time)), the cluster is not settled "
                              + "\(rule): " + statuses.map(\.description).joined(separator: "; "))
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

    /// Classic only: the sticky variant lets a healthy lower leader keep its place.
    public static func highestRunningIdLeads(with settings: BullySettings) -> Bool { settings.variant == .classic }

    public static func recoveryInvariant(highestMustLead: Bool) -> String {
        "after the faults stop, exactly one leader" + (highestMustLead ? ", the highest running id," : "")
            + " that every running node agrees on within "
            + ReportNumber.milliseconds(Double(recoveryBound.nanoseconds) / 1e6)
    }

    /// Bully needs no majority: any crashed node may stay down, but one node stays up.
    public static func mayStayDown(size: Int) -> Int { size - 1 }

    /// Two quiet elections' worth of time: long enough for every follower's failure detector
    /// to fire if the leader had gone quiet, and for a stale claim that arrives as late as the
    /// chaos faults allow (about 400 ms) to be answered and settled.
    public static var recoveredWatch: Duration { longestQuietElection(of: chaosSettings) * 2 }
}
