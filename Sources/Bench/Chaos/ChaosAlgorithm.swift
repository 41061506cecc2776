import Election
import ElectionSimulation

/// What the chaos runs need to know about an algorithm beyond the bench's own protocol: the
/// settings it runs with, the safety it promises while faults go on, and what recovery
/// means once they stop. A third algorithm joins `election-bench chaos` with one more
/// conformance beside `RaftNode+ChaosAlgorithm.swift`.
public protocol ChaosAlgorithm: BenchAlgorithm {
    /// Watches one run for violations of the algorithm's safety rules.
    associatedtype SafetyCheck: ChaosSafetyCheck where SafetyCheck.Node == Self

    /// The settings every chaos run uses.
    static var chaosSettings: Settings { get }

    /// Whether the cluster has recovered, given the leader every running node agrees on
    /// (`Simulator.agreedLeader`) and the highest id that is running.
    static func hasRecovered(agreedLeader: NodeID?, highestRunning: NodeID?) -> Bool

    /// How long recovery may take once the faults stop.
    static var recoveryBound: Duration { get }

    /// The recovery rule in words, for the report ("... within 3 s").
    static var recoveryInvariant: String { get }

    /// How many crashed nodes may stay down when the faults stop, in a cluster of `size`.
    static func mayStayDown(size: Int) -> Int

    /// How long the run goes on after recovery so that the safety check can hold the recovered
    /// cluster to its rules (`ChaosSafetyCheck.observe(recoveredCluster:at:watchEnded:)`);
    /// `.zero`, the default, ends the run at recovery.
    static var recoveredWatch: Duration { get }
}

extension ChaosAlgorithm {
    public static var recoveredWatch: Duration { .zero }
}

/// The safety rules of one algorithm, checked at every step of a chaos run.
///
/// The run calls `observe(transitionOf:)` after every input a node handles (with the state
/// the node's disk holds at that moment) and `observe(effectsOf:)` with the effects that were
/// really performed (a crash within an input cuts them short; a failed write is not among
/// them). Each violation is one sentence.
public protocol ChaosSafetyCheck: AnyObject {
    associatedtype Node: ElectionProtocol

    init()

    /// What is checked, one phrase per rule, for the report.
    static var invariants: [String] { get }

    func observe(transitionOf node: NodeID, at time: Instant, before: NodeStatus?, after: NodeStatus,
                 persisted: Node.DurableState?)

    func observe(effectsOf node: NodeID, at time: Instant, _ effects: [Effect<Node.Message, Node.DurableState>],
                 persisted: Node.DurableState?)

    /// Every violation so far, in the order found.
    var violations: [String] { get }

    /// How much the check looked at, by kind ("terms with a leader": 4), so a report can
    /// show that a clean result covered something.
    var checked: [(what: String, count: Int)] { get }

    /// The cluster once the faults have stopped and it has recovered: called at recovery, after
    /// every input a node handles during `ChaosAlgorithm.recoveredWatch`, and once more when that
    /// watch ends (`watchEnded`), with the status of every running node in increasing id order.
    /// Rules about the recovered cluster (Bully: the highest running id leads) are checked here.
    func observe(recoveredCluster statuses: [NodeStatus], at time: Instant, watchEnded: Bool)
}

extension ChaosSafetyCheck {
    public func observe(recoveredCluster statuses: [NodeStatus], at time: Instant, watchEnded: Bool) {}
}

extension ChaosAlgorithm where Self: RegisteredAlgorithm {
    /// A registered algorithm runs its chaos at the bench's baseline (`settings(from:)` with
    /// no timing flag: the textbook, whose figures docs/reliability.md reports) unless it says
    /// otherwise.
    public static var chaosSettings: Settings { (try? settings(from: BenchTiming())) ?? defaultSettings }

    /// Recovered: a leader every running node agrees on, and the highest running id when the
    /// entry says that one must lead.
    public static func hasRecovered(agreedLeader: NodeID?, highestRunning: NodeID?) -> Bool {
        guard let agreedLeader else { return false }
        return !highestRunningIdLeads || agreedLeader == highestRunning
    }
}
