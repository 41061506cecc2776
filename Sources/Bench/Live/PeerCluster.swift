import Election
import ElectionLive
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cluster of an outside system's processes (`PeerSystem`: etcd, the workshop node) on
/// loopback ports the OS handed out, which the bench polls and hurts as it does our own
/// `LiveCluster`.
///
/// - Members get ids 1...size; what each says is read through the system's own status
///   API, over one keep-alive connection per member, and turned into the same
///   `StatusReply` our nodes send, so agreement means the same for every system.
/// - A polling round asks every member at once and waits for all replies (`poll(2)`), so
///   a round costs about one query, a fraction of a millisecond on loopback. Every round
///   is kept, and `timeline(from:to:label:trial:)` turns them into a `LeadershipTimeline`.
/// - Clean-up on every path: `shutDown()` (also run by `deinit`) kills every process the
///   cluster started and removes its temporary directory; while they run their ids are in
///   `ChildProcessRegistry`, so Ctrl+C on the bench kills them too.
///
/// Not thread-safe: drive it from one thread.
final class PeerCluster: StatusPolledCluster {
    let system: any PeerSystem
    let members: [PeerMember]
    /// The temporary directory (the members' data, their error output); removed by `shutDown()`.
    let directory: String

    /// How long one status query may take before the member counts as not answering.
    var queryTimeout: Duration = .milliseconds(200)

    private var connections: [NodeID: LoopbackHTTPConnection] = [:]
    private var current: [NodeID: LiveNodeProcess] = [:]
    private var everyProcess: [LiveNodeProcess] = []
    /// What each member calls itself in its status (etcd's member id), learned when it
    /// first answers.
    private var nameOf: [NodeID: String] = [:]
    /// Members taken down and not restarted, and when.
    private var downSince: [NodeID: Double] = [:]
    private(set) var rounds: [StatusPollRound] = []
    private var marks: [LeadershipTimeline.Mark] = []
    private var isShutDown = false

    init(system: any PeerSystem, size: Int, options: LiveBenchOptions) throws {
        self.system = system
        let ports = try LiveCluster.freePorts(size * system.portsPerMember)
        members = (0..<size).map { index in
            PeerMember(id: NodeID(index + 1),
                       ports: Array(ports[(index * system.portsPerMember)..<((index + 1) * system.portsPerMember)]))
        }
        let parent = options.workDirectory ?? NSTemporaryDirectory()
        LiveCluster.removeLeftovers(in: parent)
        directory = (parent as NSString).appendingPathComponent(
            "\(LiveCluster.directoryPrefix)\(system.shortName)-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LiveBenchError.cannotCreate(path: directory, reason: error.localizedDescription)
        }
        for member in members { connections[member.id] = LoopbackHTTPConnection(port: member.statusPort) }
    }

    deinit { shutDown() }

    var ids: [NodeID] { members.map(\.id) }

    /// Members whose process runs and has not been taken down.
    var runningNodes: [NodeID] {
        ids.filter { downSince[$0] == nil && current[$0]?.isRunning == true }
    }

    // MARK: - Starting and hurting members

    /// Starts every member, together or one by one as the system wants, and waits until
    /// each answers its status query.
    func startAll() throws {
        if system.startsOneByOne {
            for member in members {
                try launch(member)
                try awaitAnswer(member.id)
            }
            return
        }
        for member in members { try launch(member) }
        for member in members { try awaitAnswer(member.id) }
    }

    /// Kills `id` with SIGKILL (or stops it with `fault`'s signal), timing the signal; from
    /// then on it counts as down.
    func kill(_ id: NodeID, _ fault: LiveFault = .kill) -> FaultRecord {
        guard let process = current[id] else {
            let now = WallClock.nowMs()
            return FaultRecord(node: id, fault: fault, issuedMs: now, signalReturnedMs: now)
        }
        let record = process.take(down: fault)
        downSince[id] = record.issuedMs
        connections[id]?.close()
        marks.append(LeadershipTimeline.Mark(timeMs: record.issuedMs, node: id, kind: .crash,
                                             note: fault == .kill ? "kill -9" : "stopped with \(fault)"))
        return record
    }

    /// A stopped member's record completed with the status it exited with, waiting up to
    /// `timeout` for it to exit by itself.
    func finishStop(_ record: FaultRecord, timeout: Duration = .seconds(3)) -> FaultRecord {
        guard record.fault.isGraceful, let process = current[record.node] else { return record }
        var finished = record
        finished.ending = process.waitForExit(within: timeout) ? process.ending : nil
        return finished
    }

    /// Starts `id` again with the same flags and data, and waits until it answers.
    func restart(_ id: NodeID) throws {
        guard let member = members.first(where: { $0.id == id }) else { return }
        current[id]?.forceStop()
        marks.append(LeadershipTimeline.Mark(timeMs: WallClock.nowMs(), node: id, kind: .restart))
        try launch(member)
        try awaitAnswer(id)
        downSince[id] = nil
    }

    // MARK: - Status polling

    /// Asks each of `nodes` at once and waits for every reply (or `queryTimeout`). The
    /// round is kept for the timelines.
    func pollRound(_ nodes: [NodeID]) -> StatusPollRound {
        let start = WallClock.nowMs()
        var replies: [NodeID: StatusReply?] = [:]
        var pending: [NodeID] = []
        for id in nodes {
            replies[id] = .some(nil)
            guard let connection = connections[id] else { continue }
            if connection.send(system.statusRequest(port: connection.port)) { pending.append(id) }
        }
        let deadline = ContinuousClock.now + queryTimeout
        while !pending.isEmpty, ContinuousClock.now < deadline {
            var entries = pending.map { pollfd(fd: connections[$0]!.descriptor, events: Int16(POLLIN), revents: 0) }
            let remainingMs = Int32(clamping: Int64(((deadline - ContinuousClock.now).milliseconds).rounded(.up)))
            if poll(&entries, nfds_t(entries.count), max(1, remainingMs)) < 0, errno != EINTR { break }
            var finished: Set<NodeID> = []
            for (index, entry) in entries.enumerated() where entry.revents != 0 {
                let id = pending[index]
                switch connections[id]!.receive() {
                case .waiting:
                    continue
                case .reply(let reply):
                    if reply.status == 200, let status = system.status(from: reply.body) {
                        replies[id] = .some(statusReply(status, from: id))
                    }
                    finished.insert(id)
                case .failed:
                    finished.insert(id)
                }
            }
            pending.removeAll { finished.contains($0) }
        }
        // A reply that comes after the round must not be read as the next round's.
        for id in pending { connections[id]?.close() }
        let round = StatusPollRound(startMs: start, endMs: WallClock.nowMs(), replies: replies)
        rounds.append(round)
        return round
    }

    /// Forgets the rounds and marks kept so far (each trial keeps only its own).
    func forgetHistory() {
        rounds.removeAll(keepingCapacity: true)
        marks.removeAll()
    }

    // MARK: - What happened

    /// The rounds between `startMs` and `endMs` as a timeline: each member's answer holds
    /// from the end of its round until the end of the next one (or until it was killed);
    /// a member that did not answer has no segment there, and counts as down.
    func timeline(from startMs: Double, to endMs: Double, label: String, trial: Int? = nil) -> LeadershipTimeline {
        var segments: [LeadershipTimeline.Segment] = []
        let inWindow = rounds.filter { $0.endMs < endMs }
        for (index, round) in inWindow.enumerated() {
            let nextMs = index + 1 < inWindow.count ? inWindow[index + 1].endMs : endMs
            for (id, reply) in round.replies {
                guard let reply else { continue }
                var to = nextMs
                let killedMs = marks.first { $0.node == id && $0.kind == .crash && $0.timeMs > round.endMs }?.timeMs
                if let killedMs, killedMs < to { to = killedMs }
                let from = max(round.endMs, startMs)
                to = min(to, endMs)
                guard from < to else { continue }
                segments.append(LeadershipTimeline.Segment(node: id, fromMs: from - startMs, toMs: to - startMs,
                                                           role: reply.role, leader: reply.leader))
            }
        }
        let windowMarks = marks.filter { startMs <= $0.timeMs && $0.timeMs <= endMs }.map { mark in
            var relative = mark
            relative.timeMs -= startMs
            return relative
        }
        return LeadershipTimeline(label: label, trial: trial, startMs: 0, endMs: endMs - startMs, nodes: ids,
                                  segments: Self.merged(segments), marks: windowMarks)
    }

    /// The highest term any member reported in a round that ended before `endMs`, minus
    /// the highest before `startMs`; `nil` for a system without terms.
    func termIncrements(from startMs: Double, to endMs: Double) -> Int? {
        guard system.reportsTerms else { return nil }
        func highest(before timeMs: Double) -> UInt64 {
            rounds.filter { $0.endMs < timeMs }.flatMap { $0.replies.values.compactMap { $0?.term } }.max() ?? 0
        }
        let before = highest(before: startMs)
        let after = highest(before: endMs)
        return Int(clamping: after > before ? after - before : 0)
    }

    /// The last few lines `id` wrote on standard error, for error messages.
    func errorOutput(of id: NodeID) -> String {
        let lines = (current[id]?.errorOutput ?? "").split(separator: "\n")
        return lines.suffix(3).joined(separator: " | ")
    }

    // MARK: - Clean-up

    /// Kills every process this cluster started (SIGKILL, then waits for each) and removes
    /// its directory. Safe to call more than once.
    func shutDown() {
        guard !isShutDown else { return }
        isShutDown = true
        for connection in connections.values { connection.close() }
        for process in everyProcess { process.forceStop() }
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Private

    private func launch(_ member: PeerMember) throws {
        precondition(!isShutDown, "a peer cluster cannot start members after shutDown()")
        let (executable, arguments) = system.command(for: member, in: members, directory: directory)
        let run = everyProcess.filter { $0.id == member.id }.count + 1
        let process = try LiveNodeProcess(
            id: member.id, run: run, executable: executable, arguments: arguments,
            errorLogPath: (directory as NSString).appendingPathComponent("\(system.shortName)-\(member.id)-run-\(run).log"),
            onLine: { _ in })
        current[member.id] = process
        everyProcess.append(process)
    }

    /// Asks `id` for its status until it answers (learning what it calls itself), or
    /// throws with its error output when it exits or stays silent.
    private func awaitAnswer(_ id: NodeID) throws {
        let deadline = ContinuousClock.now + system.startTimeout
        while true {
            let round = pollRound([id])
            rounds.removeLast()  // start-up rounds are not part of any trial
            if round.replies[id] ?? nil != nil { return }
            guard let process = current[id], process.isRunning, ContinuousClock.now < deadline else {
                current[id]?.forceStop()
                throw LiveBenchError.nodeDidNotStart(id, within: system.startTimeout,
                                                     errorOutput: "(\(system.shortName)) " + errorOutput(of: id))
            }
            LiveCluster.sleep(.milliseconds(20))
        }
    }

    /// `status` as the reply one of our nodes would give. The first status a member gives
    /// tells what it calls itself; after that, only a status under that name counts.
    private func statusReply(_ status: PeerStatus, from id: NodeID) -> StatusReply? {
        if nameOf[id] == nil { nameOf[id] = status.member }
        guard nameOf[id] == status.member else { return nil }
        let leader = status.leader.flatMap { name in nameOf.first(where: { $0.value == name })?.key }
        let role: Role = status.role == .leader ? .leader : (leader == nil ? .candidate : status.role)
        return StatusReply(id: id, algorithm: system.algorithm, role: role, leader: leader, term: status.term ?? 0,
                           members: ids, uptimeMs: 0)
    }

    /// Adjacent segments of one member with the same belief, joined (one per change
    /// instead of one per poll).
    private static func merged(_ segments: [LeadershipTimeline.Segment]) -> [LeadershipTimeline.Segment] {
        var result: [LeadershipTimeline.Segment] = []
        var lastIndex: [NodeID: Int] = [:]
        for segment in segments.sorted(by: { ($0.fromMs, $0.node) < ($1.fromMs, $1.node) }) {
            if let index = lastIndex[segment.node], result[index].toMs == segment.fromMs,
               result[index].role == segment.role, result[index].leader == segment.leader {
                result[index].toMs = segment.toMs
                continue
            }
            lastIndex[segment.node] = result.count
            result.append(segment)
        }
        return result
    }
}
