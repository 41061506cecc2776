import Election
import ElectionSimulation

/// A simulated cluster with a recorder attached: the one place where scenarios inject
/// faults, so that every fault is also a mark on the timeline and every measurement goes
/// through the same `ElectionRecorder`.
///
/// It wraps a `Simulator` and forwards its observation hooks to the recorder: statuses
/// after every input (`onTransition`), and sent messages and logged events (`onEffects`),
/// from which it counts election messages, their wire bytes, elections started and the
/// leader's heartbeat rounds. It is the simulated world's `ElectionCluster`: scenarios
/// drive it through that protocol, the same way they drive live processes. Not
/// thread-safe; one per trial.
final class SimCluster<Node: BenchAlgorithm>: ElectionCluster {
    let simulator: Simulator<Node>
    let recorder: ElectionRecorder
    let algorithm: ScenarioAlgorithm
    /// Nodes `slowDown` delayed, and by how much.
    private var extraDelays: [NodeID: Duration] = [:]

    /// - Parameters:
    ///   - members: the configured membership.
    ///   - seed: the simulator's seed (network draws and every node's generator).
    ///   - network: the default link conditions.
    ///   - settings: each node's settings.
    ///   - initialDurable: durable state some nodes start with (Raft log positions).
    ///   - recordsTimeline: keep the segments a `LeadershipTimeline` needs.
    ///   - wireSizes: the byte-size cache, shared across trials.
    init(members: [NodeID], seed: UInt64, network: LinkConditions,
                settings: @escaping (NodeID) -> Node.Settings,
                initialDurable: [NodeID: Node.DurableState] = [:], recordsTimeline: Bool = false,
                wireSizes: WireSizeCache<Node.Message>) {
        let options = SimulationOptions(seed: seed, network: network, recordsTrace: false)
        simulator = Simulator<Node>(members: members, options: options, settings: settings,
                                    initialDurable: initialDurable)
        recorder = ElectionRecorder(members: simulator.members, recordsTimeline: recordsTimeline)
        algorithm = ScenarioAlgorithm(Node.self, settings: settings(simulator.members[0]))
        let recorder = self.recorder
        let peers = simulator.members.count - 1
        simulator.onTransition = { time, before, after in
            recorder.transition(at: time, before: before, after: after)
        }
        simulator.onEffects = { time, node, effects in
            for effect in effects {
                switch effect {
                case .send(let message, _):
                    if recorder.isMeasuring, Node.purpose(of: message) == .election {
                        recorder.electionMessagesSent(copies: 1, bytesEach: wireSizes.bytes(of: message, from: node))
                    }
                case .broadcast(let message):
                    switch Node.purpose(of: message) {
                    case .election:
                        if recorder.isMeasuring {
                            recorder.electionMessagesSent(copies: peers,
                                                          bytesEach: wireSizes.bytes(of: message, from: node))
                        }
                    case .heartbeat:
                        recorder.heartbeatRoundSent(at: time)
                    case .other:
                        break
                    }
                case .log(let event):
                    if event.kind == .electionStarted { recorder.electionStarted() }
                case .setTimer, .cancelTimer, .persist:
                    break
                }
            }
        }
    }

    var now: Instant { simulator.now }
    var members: [NodeID] { simulator.members }
    /// The leader the judged nodes agree on (see `ElectionRecorder`).
    var agreedLeader: NodeID? { recorder.agreedLeader }
    var runningNodes: [NodeID] { members.filter(simulator.isRunning) }

    // MARK: - Lifecycle faults

    func start(_ id: NodeID) {
        simulator.start(id)
    }

    func start(_ ids: [NodeID]) {
        ids.forEach(simulator.start)
    }

    func startAll() {
        simulator.startAll()
    }

    /// Kills the node now, like `kill -9`.
    func crash(_ id: NodeID) {
        guard simulator.isRunning(id) else { return }
        simulator.crash(id)
        recorder.nodeWentDown(id, at: now, mark: .crash)
    }

    /// Starts a node again after a crash or a stop.
    func restart(_ id: NodeID) {
        guard !simulator.isRunning(id) else { return }
        recorder.addMark(.restart, node: id, at: now)
        simulator.restart(id)
    }

    /// Shuts the node down, like Ctrl+C (`graceful`) or a forced shutdown.
    func stop(_ id: NodeID, graceful: Bool) {
        guard simulator.isRunning(id) else { return }
        simulator.stop(id, graceful: graceful)
        recorder.nodeWentDown(id, at: now, mark: .crash, note: graceful ? "stopped (Ctrl+C)" : "stopped")
    }

    /// Stops the node as Ctrl+C does.
    func stop(_ id: NodeID) {
        stop(id, graceful: true)
    }

    /// Hangs the node (see `Simulator.pause`): it keeps running, and its status stays what
    /// it was, so the others judge it by what it last said; the recorder no longer judges it.
    func pause(_ id: NodeID) {
        guard simulator.isRunning(id), !simulator.isPaused(id) else { return }
        simulator.pause(id)
        recorder.setPaused(id, true, at: now)
        recorder.addMark(.pause, node: id, at: now)
    }

    func resume(_ id: NodeID) {
        guard simulator.isPaused(id) else { return }
        recorder.addMark(.resume, node: id, at: now)
        recorder.setPaused(id, false, at: now)
        simulator.resume(id)
    }

    // MARK: - Network faults

    /// Cuts `id` off from every other node (both directions, silently).
    func isolate(_ id: NodeID) {
        simulator.partition([[id], members.filter { $0 != id }])
        recorder.setCutOff([id], at: now)
        recorder.addMark(.partition, node: id, at: now, note: "node \(id) cut off from the others")
    }

    /// Splits the network into `groups` (see `ElectionCluster.partition(_:)`).
    public func partition(_ groups: [[NodeID]]) {
        simulator.partition(groups)
        recorder.setCutOff(cutOff(by: groups), at: now)
        recorder.addMark(.partition, node: nil, at: now, note: Self.describe(groups))
    }

    /// Removes every partition.
    func heal() {
        simulator.heal()
        recorder.setCutOff([], at: now)
        recorder.addMark(.heal, node: nil, at: now, note: "network healed")
    }

    /// The simulator changes a link's delay on the fly.
    var slowsNodesWithoutRestart: Bool { true }

    func extraDelay(of id: NodeID) -> Duration { extraDelays[id] ?? .zero }

    /// Delays every message to and from `id` by `extraDelay` (on top of the link delay).
    func slowDown(_ id: NodeID, by extraDelay: Duration) {
        simulator.setSlowNode(id, extraDelay: extraDelay)
        extraDelays[id] = extraDelay
    }

    // MARK: - Measuring

    /// Opens the recorder's measurement window now.
    func beginWindow() {
        recorder.beginWindow(at: now)
    }

    /// Starts timing a failover now (just before the fault).
    func startFailoverClock() {
        recorder.startFailoverClock(at: now)
    }

    /// The trial's sample, measured up to now.
    func finish(trial: Int, seed: UInt64?, note: String? = nil) -> TrialSample {
        recorder.finish(at: now, trial: trial, seed: seed, note: note)
    }

    // MARK: - Running

    /// Runs `action` at `delay` from now, inside a later `run` call. Nothing a simulated
    /// cluster does can fail, so an error thrown here is a bug in the scenario.
    func after(_ delay: Duration, do action: @escaping (SimCluster<Node>) throws -> Void) {
        simulator.after(delay) { [unowned self] _ in
            do {
                try action(self)
            } catch {
                preconditionFailure("a simulated fault failed, which it cannot: \(error)")
            }
        }
    }

    func run(for duration: Duration) {
        simulator.run(for: duration)
    }

    /// Runs until the judged nodes agree on a leader, or `timeout` passes.
    @discardableResult
    func runUntilAgreed(timeout: Duration) -> Bool {
        let recorder = self.recorder
        return simulator.run(until: { _ in recorder.agreedLeader != nil }, timeout: timeout)
    }

    /// Runs until the next leader heartbeat round has gone out (the clock stops at that
    /// moment), or `timeout` passes.
    @discardableResult
    func runUntilHeartbeatRound(timeout: Duration) -> Bool {
        let recorder = self.recorder
        let seen = recorder.heartbeatRounds
        return simulator.run(until: { _ in recorder.heartbeatRounds > seen }, timeout: timeout)
    }

    /// How long a trial waits for its first leader before giving up.
    static var startupTimeout: Duration { .seconds(10) }

    /// Starts `ids` (every member when `nil`), waits until they agree on a leader, and lets
    /// two heartbeat intervals pass so late messages of the first election have landed.
    /// Returns the leader, or `nil` if the cluster could not agree within `timeout`
    /// (`startupTimeout` when `nil`).
    func settle(starting ids: [NodeID]? = nil, timeout: Duration? = nil) -> NodeID? {
        let timeout = timeout ?? Self.startupTimeout
        if let ids { start(ids) } else { startAll() }
        guard runUntilAgreed(timeout: timeout) else { return nil }
        run(for: algorithm.heartbeatInterval * 2)
        guard runUntilAgreed(timeout: timeout) else { return nil }
        return agreedLeader
    }

    /// Waits for the leader's next heartbeat round, then a uniformly random part of the
    /// heartbeat interval.
    func moveToRandomPointOfHeartbeatInterval(random: inout SeededRandom) {
        let interval = algorithm.heartbeatInterval
        runUntilHeartbeatRound(timeout: interval * 4)
        run(for: random.duration(from: .zero, below: interval))
    }
}
