import Election
import ElectionLive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cluster of real `election-node` processes on loopback, on ports the OS handed out,
/// that the bench can watch and hurt: the live world's `ElectionCluster`
/// (`LiveCluster+ElectionCluster.swift`), driven by the same scenarios as the simulator.
///
/// - Each node runs with `--log-format json`; its standard output is read live and every
///   event kept with its `ts` (`ClusterEventRecorder`), so the bench knows what each node
///   believed when, to the microsecond, on the same clock it reads itself (`WallClock`).
/// - `takeDown(_:_:)` kills (SIGKILL) or stops (SIGINT) a node and times the signal;
///   `restart(_:)` starts it again with the same flags (a node that keeps durable state
///   keeps its data directory); `pause(_:)` and `resume(_:)` send SIGSTOP and SIGCONT.
/// - Each node runs with `--control stdin`: only the bench holds its standard input, and
///   through it tells the node to drop traffic to and from given peers (`isolate`, `heal`).
/// - Status polling (`pollRound`, and the waits `StatusPolledCluster` builds on it) asks
///   the nodes what they believe now, over their TCP port.
/// - Clean-up on every path: `shutDown()` (also run by `deinit`) kills every process the
///   cluster ever started and removes its temporary directory; while the processes run,
///   their ids are also in `ChildProcessRegistry`, so Ctrl+C on the bench kills them too.
///
/// A cluster may configure more members than it starts (`start(_:)` takes the ids): the
/// zombie scenario lists 4 members and runs 3.
///
/// Not thread-safe: drive it from one thread.
final class LiveCluster: StatusPolledCluster {
    /// The algorithm the nodes run, with its settings and flags.
    let liveAlgorithm: LiveAlgorithm
    /// Every configured member, started or not.
    let membership: Membership
    /// This cluster's temporary directory (durable state, error output); removed by `shutDown()`.
    let directory: String

    private let executable: URL
    private let seed: UInt64
    /// The members' ports, held from `init` to `shutDown()` so that no other program gets
    /// one meanwhile, not even while its node is down.
    private let heldPorts: HeldPorts
    /// Each slow node's `--delay-ms`, given on its every start.
    var delays: [NodeID: Duration] = [:]
    let startTimeout: Duration
    /// How a trial waits and watches (from `LiveBenchOptions`).
    let pollInterval: Duration
    let settleTime: Duration
    let trialTimeout: Duration
    let recorder = ClusterEventRecorder()
    /// The latest process of each node that has one.
    private(set) var current: [NodeID: LiveNodeProcess] = [:]
    /// Every process ever started, restarted ones included, so none is left behind.
    private var everyProcess: [LiveNodeProcess] = []
    private var lifetimes: [NodeLifetime] = []
    private var openLifetime: [NodeID: Int] = [:]
    var marks: [LeadershipTimeline.Mark] = []
    /// Nodes stopped with SIGSTOP and not yet continued.
    private var paused: Set<NodeID> = []
    private var isShutDown = false

    // The `ElectionCluster` side (`LiveCluster+ElectionCluster.swift`).
    /// The wall-clock reading `now` counts from.
    let originMs = WallClock.nowMs()
    /// The current trial's measurements.
    var trial = LiveTrialRecorder()
    /// How far to trust the times, over every trial so far.
    var accuracy: TimingAccuracy
    /// Every cut so far, the open one last.
    var cuts: [CutInterval] = []
    /// Actions `after` scheduled, in the order they fall due.
    var scheduled: [(dueMs: Double, order: Int, action: (LiveCluster) throws -> Void)] = []
    var scheduledCount = 0
    /// Why the last `settle` found no leader, for the result's notes.
    var lastSettleProblem: String?

    /// Prepares (but does not start) `size` members with ids 1...size.
    init(algorithm: LiveAlgorithm, size: Int, options: LiveBenchOptions) throws {
        liveAlgorithm = algorithm
        executable = try options.resolvedNodeBinary()
        seed = options.seed
        startTimeout = options.startTimeout
        pollInterval = options.pollInterval
        settleTime = options.settleTime
        trialTimeout = options.trialTimeout
        accuracy = TimingAccuracy(pollInterval: options.pollInterval)
        heldPorts = try HeldPorts(size)
        let ids = (1...size).map { NodeID($0) }
        membership = try Membership(zip(ids, heldPorts.ports).map { Member(id: $0, port: $1) })
        let parent = options.workDirectory ?? NSTemporaryDirectory()
        Self.removeLeftovers(in: parent)
        directory = (parent as NSString).appendingPathComponent(
            "\(Self.directoryPrefix)\(algorithm.name)-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LiveBenchError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
    }

    /// A cluster of the algorithm called `algorithm` in the standard registry, with the
    /// settings the options' timing flags describe.
    convenience init(algorithm: String, size: Int, options: LiveBenchOptions) throws {
        try self.init(algorithm: LiveAlgorithm.named(algorithm, timing: options.timing), size: size, options: options)
    }

    deinit { shutDown() }

    /// The `--algorithm` value.
    var algorithmName: String { liveAlgorithm.name }

    var ids: [NodeID] { membership.ids }

    /// Nodes whose latest process runs and has not been taken down (paused ones included).
    var runningNodes: [NodeID] {
        ids.filter { id in openLifetime[id] != nil && current[id]?.isRunning == true }
    }

    /// Nodes stopped with `pause(_:)` and not yet resumed.
    var pausedNodes: Set<NodeID> { paused }

    /// Which start of node `id` runs now (1 for the first), if one does.
    func currentRun(of id: NodeID) -> Int? {
        openLifetime[id] != nil ? current[id]?.run : nil
    }

    /// The flags start number `run` (1 for the first) of node `id` runs with: the same on
    /// every restart but for its delay and its seed. Each process gets a seed of its own, as
    /// a restarted `election-node` without `--seed` does, so that what a process draws at
    /// start (Bully's `life`, which tells its LEAVING from its previous process's) differs
    /// from its previous process's; the run stays repeatable from the bench's `--seed`.
    func arguments(for id: NodeID, run: Int = 1) -> [String] {
        let processSeed = seed &+ UInt64(id.rawValue) &+ (UInt64(run - 1) << 32)
        var arguments = ["--id", "\(id)", "--nodes", membership.description, "--algorithm", liveAlgorithm.name,
                         "--log-format", "json", "--seed", "\(processSeed)", "--control", "stdin"]
        arguments += liveAlgorithm.nodeArguments
        if liveAlgorithm.keepsDurableState {
            arguments += ["--data-dir", (directory as NSString).appendingPathComponent("\(liveAlgorithm.name)-\(id)")]
        }
        if let delay = delays[id], delay > .zero {
            arguments += ["--delay-ms", String(Int64(delay.milliseconds.rounded()))]
        }
        return arguments
    }

    // MARK: - Starting and hurting nodes

    /// Starts the given nodes together (those that run already are left alone) and waits
    /// until each says `node_started`.
    func start(_ nodes: [NodeID]) throws {
        let launched = try nodes.filter { openLifetime[$0] == nil }.map { try launch($0) }
        for process in launched { try awaitListening(process) }
    }

    /// Starts every configured member.
    func startAll() throws { try start(ids) }

    /// Starts `id` again with the same flags (killing it first if it still runs), marks it
    /// on the timeline, and waits until it listens.
    func restart(_ id: NodeID) throws {
        if openLifetime[id] != nil { takeDown(id, .kill) }
        marks.append(LeadershipTimeline.Mark(timeMs: WallClock.nowMs(), node: id, kind: .restart))
        trial.did("node \(id) restarted")
        try start([id])
    }

    /// Freezes `id` with SIGSTOP: the process stays alive, holds its sockets and state, and
    /// does nothing at all (a hung process) until `resume(_:)`. Its lifetime goes on.
    func pause(_ id: NodeID) {
        guard let process = current[id], openLifetime[id] != nil, !paused.contains(id) else { return }
        let issuedMs = WallClock.nowMs()
        _ = kill(process.pid, SIGSTOP)
        paused.insert(id)
        trial.pauseIssued(id, atMs: issuedMs)
        marks.append(LeadershipTimeline.Mark(timeMs: issuedMs, node: id, kind: .pause, note: "SIGSTOP"))
    }

    /// Lets a paused node run again (SIGCONT).
    func resume(_ id: NodeID) {
        guard paused.remove(id) != nil, let process = current[id] else { return }
        let issuedMs = WallClock.nowMs()
        trial.resumed(id, atMs: issuedMs)
        marks.append(LeadershipTimeline.Mark(timeMs: issuedMs, node: id, kind: .resume, note: "SIGCONT"))
        _ = kill(process.pid, SIGCONT)
    }

    /// Kills (SIGKILL) or stops (SIGINT) `id`, timing the signal. The node's lifetime ends
    /// at the moment the signal was sent: from then on it counts as down. After a stop,
    /// call `finishStop(_:)` once the measurement no longer needs the CPU.
    @discardableResult
    func takeDown(_ id: NodeID, _ fault: LiveFault) -> FaultRecord {
        guard let process = current[id], let index = openLifetime[id] else {
            let now = WallClock.nowMs()
            return FaultRecord(node: id, fault: fault, issuedMs: now, signalReturnedMs: now)
        }
        // A paused process would hold a SIGINT until continued; continue it first.
        if fault.isGraceful { resume(id) }
        paused.remove(id)
        let record = process.take(down: fault)
        lifetimes[index].endMs = record.issuedMs
        openLifetime[id] = nil
        marks.append(LeadershipTimeline.Mark(
            timeMs: record.issuedMs, node: id, kind: .crash,
            note: fault == .kill ? "kill -9" : "stopped with \(fault)"))
        return record
    }

    /// Waits for a stopped node to exit (killing it after `timeout`), and completes the
    /// record with the node's first log line after the signal: when it handled it.
    func finishStop(_ record: FaultRecord, timeout: Duration = .seconds(3)) -> FaultRecord {
        guard record.fault.isGraceful, let process = current[record.node] else { return record }
        let exitedAlone = process.waitForExit(within: timeout)
        if !exitedAlone { process.forceStop() }
        var finished = record
        finished.ending = exitedAlone ? process.ending : nil
        finished.actedMs = recorder.firstEvent(from: record.node, run: process.run, atOrAfter: record.issuedMs)?
            .timestampMs
        return finished
    }

    /// `record` with the survivors' `peer_down` lines for the killed node taken into
    /// account (call once their lines have arrived).
    func confirm(_ record: FaultRecord) -> FaultRecord {
        record.confirmed(byPeerDownAt: timeline().firstPeerDown(of: record.node, atOrAfter: record.issuedMs))
    }

    // MARK: - Status polling

    /// What `id` says it believes now, or `nil` if it does not answer within 200 ms.
    func status(of id: NodeID) -> StatusReply? {
        guard let member = membership.member(id) else { return nil }
        return try? StatusClient.query(member, timeout: .milliseconds(200)).get()
    }

    /// Asks each of `nodes` once, one after another.
    func pollRound(_ nodes: [NodeID]) -> StatusPollRound {
        let start = WallClock.nowMs()
        var replies: [NodeID: StatusReply?] = [:]
        for id in nodes { replies[id] = .some(status(of: id)) }
        return StatusPollRound(startMs: start, endMs: WallClock.nowMs(), replies: replies)
    }

    // MARK: - What happened

    /// Every event, lifetime and mark so far. A node that ended without being taken down
    /// (it crashed on its own) is down from when the bench learned of its end.
    func timeline() -> NodeEventTimeline {
        var lifetimes = self.lifetimes
        for (id, index) in openLifetime {
            if let exitedMs = current[id]?.exitedMs { lifetimes[index].endMs = exitedMs }
        }
        return NodeEventTimeline(members: ids, events: recorder.events, lifetimes: lifetimes, marks: marks)
    }

    /// Waits until the events written before `timeMs` have most likely been read: the
    /// nodes write each line the moment it happens and the reader threads wait on the
    /// pipes, so a few milliseconds is plenty; this gives them `grace`.
    func catchUp(grace: Duration = .milliseconds(30)) { Self.sleep(grace) }

    /// The events that arrived after the first `cursor`, each with the run that wrote it,
    /// and moves `cursor` past them: for watching the nodes as they go.
    func newEvents(after cursor: inout Int) -> [NodeRunEvent] {
        let fresh = recorder.recorded(after: cursor)
        cursor += fresh.count
        return fresh.map { NodeRunEvent(event: $0.event, run: $0.run) }
    }

    /// Every event so far, each with the run that wrote it, in arrival order.
    func allRunEvents() -> [NodeRunEvent] {
        var cursor = 0
        return newEvents(after: &cursor)
    }

    /// Lines a node wrote that were not JSON events, for error messages.
    func otherOutput(of id: NodeID) -> [String] { recorder.otherLines(of: id) }

    // MARK: - Clean-up

    /// Kills every process this cluster started (SIGKILL, then waits for each) and removes
    /// its directory. Safe to call more than once.
    func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        paused = []
        for process in everyProcess { process.forceStop() }
        for index in openLifetime.values { lifetimes[index].endMs = WallClock.nowMs() }
        openLifetime = [:]
        heldPorts.release()
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Private

    /// Tells every running node in `nodes` `command` on its control channel, and waits
    /// until each has logged `control_applied` for it (at most `within`); the time of the
    /// last such line (epoch ms), when the command was in force everywhere.
    @discardableResult
    func send(_ command: (NodeID) -> ControlCommand, to nodes: [NodeID],
              within: Duration = .seconds(2)) throws -> Double? {
        var sent: [(id: NodeID, run: Int, atMs: Double, text: String)] = []
        for id in nodes {
            guard let process = current[id], openLifetime[id] != nil else { continue }
            let line = command(id)
            let sentMs = WallClock.nowMs()
            try process.send(control: line)
            sent.append((id, process.run, sentMs, line.controlLine))
        }
        let deadline = ContinuousClock.now + within
        var lastAppliedMs: Double?
        for node in sent {
            while true {
                if let applied = recorder.first(.controlApplied, from: node.id, run: node.run, atOrAfter: node.atMs) {
                    lastAppliedMs = max(lastAppliedMs ?? applied.timestampMs, applied.timestampMs)
                    break
                }
                guard ContinuousClock.now < deadline else {
                    throw LiveBenchError.controlNotApplied(node.id, command: node.text, within: within)
                }
                usleep(200)
            }
        }
        return lastAppliedMs
    }

    /// Every cluster directory is named `election-bench-live-ALGORITHM-PID-RANDOM`.
    static let directoryPrefix = "election-bench-live-"

    /// Removes the directories of clusters whose bench process is gone: a bench ended by
    /// Ctrl+C kills its nodes from the signal handler but cannot remove files there.
    static func removeLeftovers(in parent: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(directoryPrefix) {
            let parts = name.dropFirst(directoryPrefix.count).split(separator: "-")
            guard parts.count == 3, let pid = Int32(parts[1]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
            }
        }
    }

    private func launch(_ id: NodeID) throws -> LiveNodeProcess {
        precondition(!isShutDown, "a cluster cannot start nodes after shutDown()")
        if openLifetime[id] != nil { takeDown(id, .kill) }
        if let previous = current[id], previous.isRunning { previous.forceStop() }
        let run = everyProcess.filter { $0.id == id }.count + 1
        let recorder = self.recorder
        let process = try LiveNodeProcess(
            id: id, run: run, executable: executable, arguments: arguments(for: id, run: run),
            errorLogPath: (directory as NSString).appendingPathComponent("node-\(id)-run-\(run).stderr"),
            onLine: { line in recorder.record(line: line, from: id, run: run) })
        current[id] = process
        everyProcess.append(process)
        return process
    }

    /// Waits for the process's `node_started` line and opens its lifetime at that line's
    /// time. Throws, with the node's error output, if it exits or stays silent.
    private func awaitListening(_ process: LiveNodeProcess) throws {
        let deadline = ContinuousClock.now + startTimeout
        while true {
            if let started = recorder.first(.nodeStarted, from: process.id, run: process.run) {
                openLifetime[process.id] = lifetimes.count
                lifetimes.append(NodeLifetime(node: process.id, startMs: started.timestampMs))
                return
            }
            if !process.isRunning || ContinuousClock.now >= deadline {
                process.forceStop()
                var said = process.errorOutput
                if said.isEmpty { said = recorder.otherLines(of: process.id).suffix(5).joined(separator: " | ") }
                throw LiveBenchError.nodeDidNotStart(process.id, within: startTimeout, errorOutput: said)
            }
            usleep(500)
        }
    }

    static func sleep(_ duration: Duration) {
        let microseconds = duration.nanoseconds / 1000
        if microseconds > 0 { usleep(UInt32(clamping: microseconds)) }
    }

    /// Ports the OS hands out, for peers (etcd, the workshop's node) whose listeners may not
    /// set `SO_REUSEADDR` and so could not bind a port `HeldPorts` holds: `count` sockets
    /// bound to 127.0.0.1 port 0 and held open together (so the ports differ), read back,
    /// then closed for the peers to take. Our own nodes' ports stay held (`HeldPorts`).
    static func freePorts(_ count: Int) throws -> [UInt16] {
        let held = try HeldPorts(count)
        defer { held.release() }
        return held.ports
    }
}
