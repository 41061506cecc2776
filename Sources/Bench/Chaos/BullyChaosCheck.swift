import Bully
import Election

/// Bully promises no safety while faults go on: a node that cannot hear a higher one leads,
/// so a partition or a hung leader gives two leaders at once (split brain), which the chaos
/// run measures instead of failing on it. Bully's promise is about recovery: once faults
/// stop, the highest running id leads and everyone knows it (`BullyNode.hasRecovered`).
public final class BullyChaosCheck: ChaosSafetyCheck {
    public typealias Node = BullyNode

    public init() {}

    public static var invariants: [String] { [] }

    public func observe(transitionOf node: NodeID, at time: Instant, before: NodeStatus?, after: NodeStatus,
                        persisted: NoDurableState?) {}

    public func observe(effectsOf node: NodeID, at time: Instant, _ effects: [Effect<BullyMessage, NoDurableState>],
                        persisted: NoDurableState?) {}

    public var violations: [String] { [] }

    public var checked: [(what: String, count: Int)] { [] }
}

extension BullyNode: ChaosAlgorithm {
    public typealias SafetyCheck = BullyChaosCheck

    public static var chaosSettings: BullySettings { BullySettings() }

    /// Exactly one leader, the highest running id, agreed on by every running node.
    public static func hasRecovered(agreedLeader: NodeID?, highestRunning: NodeID?) -> Bool {
        agreedLeader != nil && agreedLeader == highestRunning
    }

    /// Noticing the silence, an election, and its announcement, four times over: room for
    /// an election that a node which wakes up late interrupts, and one more.
    public static var recoveryBound: Duration { longestQuietElection(of: chaosSettings) * 4 }

    public static var recoveryInvariant: String {
        "after the faults stop, exactly one leader, the highest running id, that every running node "
            + "agrees on within \(ReportNumber.milliseconds(Double(recoveryBound.nanoseconds) / 1e6))"
    }

    /// Bully needs no majority: any crashed node may stay down, but one node stays up.
    public static func mayStayDown(size: Int) -> Int { size - 1 }
}
