import Election

/// A cluster that a bench scenario drives, in either world: `SimCluster` (the deterministic
/// simulator, virtual time) and `LiveCluster` (real `election-node` processes on loopback,
/// wall-clock time). Every scenario (`BenchScenario`) is written once against this protocol,
/// as a FoundationDB workload is written once for the simulator and a real cluster; only the
/// harness underneath differs.
///
/// What the two worlds share, and where they differ:
/// - **Faults**: `crash` is `kill -9`, `stop` is Ctrl+C (SIGINT), `pause` freezes a node as
///   SIGSTOP does (it keeps its state and sockets but does nothing until `resume`), `isolate`
///   and `partition` drop messages between the sides silently until `heal`, `slowDown` adds a one-way
///   delay to every message to and from a node. A live node takes its delay from its command
///   line, so there `slowDown` restarts the node (`slowsNodesWithoutRestart` is `false`);
///   a scenario that must not restart a node mid-trial places the delay before it settles.
/// - **Clock**: `now` is virtual time in the simulator and wall-clock time since the
///   cluster was made, live. `run(for:)` lets the cluster run (the simulator handles its
///   events; live, the bench sleeps), performing the actions `after` scheduled when they
///   fall due.
/// - **Agreement**: the *judged* nodes are the running nodes that are not cut off. There is
///   an agreed leader when every judged node names the same leader and that leader is itself
///   judged and in the leader role (`ElectionRecorder` and `LeadershipTimeline` say it
///   exactly). The simulator sees every status change; a live cluster polls the nodes'
///   status over TCP and reads their event logs.
/// - **Measuring**: each world keeps its own recorder behind `beginWindow`,
///   `startFailoverClock` and `finish`, and both fill a `TrialSample` with the same metrics
///   (`MetricDefinition.all`). The live one also states how far to trust its times.
///
/// Implementation requirements:
/// - Every method is called from one thread, the one driving the trial.
/// - A fault on a node that cannot take it (crashing a node that is down, resuming one that
///   is not paused) does nothing.
/// - `finish` MUST NOT change the cluster: a live cluster goes on to the next trial.
protocol ElectionCluster: AnyObject {
    /// What scenarios need to know about the algorithm the nodes run, with the settings
    /// they run with.
    var algorithm: ScenarioAlgorithm { get }
    /// Every configured member, started or not, in increasing id order.
    var members: [NodeID] { get }
    /// Members started and neither crashed nor stopped (a paused node is running: hung,
    /// not gone).
    var runningNodes: [NodeID] { get }
    /// The leader the judged nodes agree on now, if any.
    var agreedLeader: NodeID? { get }

    // MARK: - Lifecycle faults

    /// Starts the given members (those already running are left alone).
    func start(_ ids: [NodeID]) throws
    /// Kills the node now, like `kill -9`.
    func crash(_ id: NodeID)
    /// Stops the node now as Ctrl+C does (SIGINT): it may say its last words first.
    func stop(_ id: NodeID)
    /// Starts a crashed or stopped node again with what it persisted.
    func restart(_ id: NodeID) throws
    /// Freezes a running node (SIGSTOP): a hung process.
    func pause(_ id: NodeID)
    /// Lets a paused node run again (SIGCONT); it then handles what waited for it.
    func resume(_ id: NodeID)

    // MARK: - Network faults

    /// Whether `slowDown` takes effect without restarting the node.
    var slowsNodesWithoutRestart: Bool { get }
    /// The extra one-way delay on messages to and from `id` (`.zero` for a normal node).
    func extraDelay(of id: NodeID) -> Duration
    /// Delays every message to and from `id` by `extraDelay` from now on (`.zero` makes it
    /// normal again).
    func slowDown(_ id: NodeID, by extraDelay: Duration) throws
    /// Cuts `id` off from every other member, both ways, silently: messages are lost and
    /// nobody is told. The cut-off node is not judged until `heal`.
    func isolate(_ id: NodeID) throws
    /// Splits the members into `groups` that only reach their own (a member in no group is
    /// alone), silently, replacing any earlier cut. The judged side is the largest group
    /// (the one with the lowest id among equals); everyone else counts as cut off.
    func partition(_ groups: [[NodeID]]) throws
    /// Ends every cut.
    func heal() throws

    // MARK: - Clock

    /// Time since the cluster was made: virtual in the simulator, wall-clock live.
    var now: Instant { get }
    /// Lets the cluster run for `duration`, performing scheduled actions when they fall due.
    func run(for duration: Duration) throws
    /// Runs until the judged nodes agree on a leader, or `timeout` passes; whether they did.
    @discardableResult
    func runUntilAgreed(timeout: Duration) throws -> Bool
    /// Schedules `action` `delay` from now, to run inside a later `run`.
    func after(_ delay: Duration, do action: @escaping (Self) throws -> Void)
    /// Starts `ids` (every member when `nil`) where they do not run, and waits until the
    /// cluster has settled on one agreed leader; that leader, or `nil` when none settled
    /// within `timeout` (`nil`: the world's own start-up limit).
    func settle(starting ids: [NodeID]?, timeout: Duration?) throws -> NodeID?
    /// Lets the cluster run to a uniformly random point between two of the leader's
    /// heartbeats, drawing from `random`, so that a fault injected next lands anywhere in
    /// the heartbeat interval, as a real crash does (the Raft paper's §9.3 method).
    func moveToRandomPointOfHeartbeatInterval(random: inout SeededRandom) throws

    // MARK: - Measuring

    /// Opens the measurement window now: the trial's counters start from zero.
    func beginWindow()
    /// Starts timing a failover now; call it just before the fault, so that an agreement
    /// the fault does not break counts as a failover of zero.
    func startFailoverClock()
    /// The trial's sample, measured from the window's start up to now.
    func finish(trial: Int, seed: UInt64?, note: String?) -> TrialSample
}

extension ElectionCluster {
    /// `settle(starting:timeout:)` with the world's own start-up limit.
    func settle(starting ids: [NodeID]? = nil) throws -> NodeID? {
        try settle(starting: ids, timeout: nil)
    }

    /// The members outside the judged side of `groups` (see `partition(_:)`).
    func cutOff(by groups: [[NodeID]]) -> Set<NodeID> {
        func rank(_ group: [NodeID]) -> (Int, Int) { (group.count, -(group.min()?.rawValue ?? .max)) }
        let judged = groups.max { rank($0) < rank($1) } ?? []
        return Set(members).subtracting(judged)
    }

    /// `{1,2} | {3,4,5}`, for a timeline's mark.
    static func describe(_ groups: [[NodeID]]) -> String {
        groups.map { "{" + $0.sorted().map(String.init(describing:)).joined(separator: ",") + "}" }
            .joined(separator: " | ")
    }
}
