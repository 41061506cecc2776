import Election
import ElectionSimulation

/// What the chaos runs need to know about an algorithm beyond the bench's own protocol: the
/// settings it runs with, the safety it promises while faults go on, and what recovery
/// means once they stop. A third algorithm joins `election-bench chaos` with one more
/// conformance beside `RaftNode+ChaosAlgorithm.swift`.
public protocol ChaosAlgorithm: BenchAlgorithm {
    /// Watches one run for violations of the algorithm's safety rules.
    associatedtype SafetyCheck: ChaosSafetyCheck where SafetyCheck.Node == Self

    /// The settings a chaos run uses unless told otherwise (`ChaosSettingsChoice.defaults`):
    /// for a registered algorithm, the ones it ships with. Its timing also sizes
    /// `recoveryBound` and `recoveredWatch`.
    static var chaosSettings: Settings { get }

    /// The settings for `choice`; throws for a choice the algorithm cannot run (a variant it
    /// does not offer).
    static func chaosSettings(_ choice: ChaosSettingsChoice) throws(ChaosSettingsError) -> Settings

    /// The settings in one line, for the report ("heartbeat 50 ms, ...; fast detection").
    static func chaosSettingsSummary(_ settings: Settings) -> String

    /// Whether, once faults stop, the agreed leader MUST be the highest running id with
    /// these settings (a Bully variant may give that up).
    static func highestRunningIdLeads(with settings: Settings) -> Bool

    /// Whether the cluster has recovered, given the leader every running node agrees on
    /// (`Simulator.agreedLeader`), the highest id that is running, and whether that one must
    /// lead (`highestRunningIdLeads(with:)`).
    static func hasRecovered(agreedLeader: NodeID?, highestRunning: NodeID?, highestMustLead: Bool) -> Bool

    /// How long recovery may take once the faults stop.
    static var recoveryBound: Duration { get }

    /// The recovery rule in words, for the report ("... within 3 s").
    static func recoveryInvariant(highestMustLead: Bool) -> String

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

    /// A check for a run whose recovered cluster must (or need not) be led by the highest
    /// running id (`ChaosAlgorithm.highestRunningIdLeads(with:)`).
    init(highestRunningIdLeads: Bool)

    /// What is checked, one phrase per rule, for the report.
    static func invariants(highestRunningIdLeads: Bool) -> [String]

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
    /// A registered algorithm runs its chaos at its shipped defaults, what `election-node`
    /// runs with no flags, so that the chaos checks what users run; the textbook is
    /// `--textbook` (`ChaosSettingsChoice`).
    public static var chaosSettings: Settings { defaultSettings }

    public static func chaosSettings(_ choice: ChaosSettingsChoice) throws(ChaosSettingsError) -> Settings {
        choice == .defaults ? chaosSettings : try choice.settings(of: Self.self)
    }

    public static func chaosSettingsSummary(_ settings: Settings) -> String { settingsSummary(settings) }

    /// What the entry says (`RegisteredAlgorithm.highestRunningIdLeads`), whatever the settings.
    public static func highestRunningIdLeads(with settings: Settings) -> Bool { highestRunningIdLeads }
}

extension ChaosAlgorithm {
    /// Recovered: a leader every running node agrees on, and the highest running id when
    /// that one must lead.
    public static func hasRecovered(agreedLeader: NodeID?, highestRunning: NodeID?, highestMustLead: Bool) -> Bool {
        guard let agreedLeader else { return false }
        return !highestMustLead || agreedLeader == highestRunning
    }
}
