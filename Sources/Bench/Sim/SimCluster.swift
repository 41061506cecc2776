import Election
import ElectionSimulation

/// A simulated cluster with a recorder attached: the one place where scenarios inject
/// faults, so that every fault is also a mark on the timeline and every measurement goes
/// through the same `ElectionRecorder`.
///
/// It wraps a `Simulator` and forwards its observation hooks to the recorder: statuses
/// after every input (`onTransition`), and sent messages and logged events (`onEffects`),
/// from which it counts election messages, their wire bytes, elections started and the
/// leader's heartbeat rounds. Not thread-safe; one per trial.
public final class SimCluster<Node: BenchAlgorithm> {
    public let simulator: Simulator<Node>
    public let recorder: ElectionRecorder

    /// - Parameters:
    ///   - members: the configured membership.
    ///   - seed: the simulator's seed (network draws and every node's generator).
    ///   - network: the default link conditions.
    ///   - settings: each node's settings.
    ///   - initialDurable: durable state some nodes start with (Raft log positions).
    ///   - recordsTimeline: keep the segments a `LeadershipTimeline` needs.
    ///   - wireSizes: the byte-size cache, shared across trials.
    public init(members: [NodeID], seed: UInt64, network: LinkConditions,
                settings: @escaping (NodeID) -> Node.Settings,
                initialDurable: [NodeID: Node.DurableState] = [:], recordsTimeline: Bool = false,
                wireSizes: WireSizeCache<Node.Message>) {
        let options = SimulationOptions(seed: seed, network: network, recordsTrace: false)
        simulator = Simulator<Node>(members: members, options: options, settings: settings,
                                    initialDurable: initialDurable)
        recorder = ElectionRecorder(members: simulator.members, recordsTimeline: recordsTimeline)
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

    public var now: Instant { simulator.now }
    public var members: [NodeID] { simulator.members }
    /// The leader the judged nodes agree on (see `ElectionRecorder`).
    public var agreedLeader: NodeID? { recorder.agreedLeader }

    // MARK: - Lifecycle faults

    public func start(_ id: NodeID) {
        simulator.start(id)
    }

    public func startAll() {
        simulator.startAll()
    }

    /// Kills the node now, like `kill -9`.
    public func crash(_ id: NodeID) {
        guard simulator.isRunning(id) else { return }
        simulator.crash(id)
        recorder.nodeWentDown(id, at: now, mark: .crash)
    }

    /// Starts a node again after a crash or a stop.
    public func restart(_ id: NodeID) {
        guard !simulator.isRunning(id) else { return }
        recorder.addMark(.restart, node: id, at: now)
        simulator.restart(id)
    }

    /// Shuts the node down, like Ctrl+C (`graceful`) or a forced shutdown.
    public func stop(_ id: NodeID, graceful: Bool) {
        guard simulator.isRunning(id) else { return }
        simulator.stop(id, graceful: graceful)
        recorder.nodeWentDown(id, at: now, mark: .crash, note: graceful ? "stopped (Ctrl+C)" : "stopped")
    }

    // MARK: - Network faults

    /// Cuts `id` off from every other node (both directions, silently).
    public func isolate(_ id: NodeID) {
        simulator.partition([[id], members.filter { $0 != id }])
        recorder.setCutOff([id], at: now)
        recorder.addMark(.partition, node: id, at: now, note: "node \(id) cut off from the others")
    }

    /// Removes every partition.
    public func heal() {
        simulator.heal()
        recorder.setCutOff([], at: now)
        recorder.addMark(.heal, node: nil, at: now, note: "network healed")
    }

    /// Delays every message to and from `id` by `extraDelay` (on top of the link delay).
    public func slowDown(_ id: NodeID, by extraDelay: Duration) {
        simulator.setSlowNode(id, extraDelay: extraDelay)
    }

    // MARK: - Measuring

    /// Opens the recorder's measurement window now.
    public func beginWindow() {
        recorder.beginWindow(at: now)
    }

    /// Starts timing a failover now (just before the fault).
    public func startFailoverClock() {
        recorder.startFailoverClock(at: now)
    }

    /// The trial's sample, measured up to now.
    public func finish(trial: Int, seed: UInt64?, note: String? = nil) -> TrialSample {
        recorder.finish(at: now, trial: trial, seed: seed, note: note)
    }

    // MARK: - Running

    /// Runs `action` at `delay` from now, inside a later `run` call.
    public func after(_ delay: Duration, do action: @escaping (SimCluster<Node>) -> Void) {
        simulator.after(delay) { [unowned self] _ in action(self) }
    }

    public func run(for duration: Duration) {
        simulator.run(for: duration)
    }

    /// Runs until the judged nodes agree on a leader, or `timeout` passes.
    @discardableResult
    public func runUntilAgreed(timeout: Duration) -> Bool {
        let recorder = self.recorder
        return simulator.run(until: { _ in recorder.agreedLeader != nil }, timeout: timeout)
    }

    /// Runs until the next leader heartbeat round has gone out (the clock stops at that
    /// moment), or `timeout` passes.
    @discardableResult
    public func runUntilHeartbeatRound(timeout: Duration) -> Bool {
        let recorder = self.recorder
        let seen = recorder.heartbeatRounds
        return simulator.run(until: { _ in recorder.heartbeatRounds > seen }, timeout: timeout)
    }
}
