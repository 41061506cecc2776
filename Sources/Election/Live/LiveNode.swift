import Dispatch
import Election
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one election state machine for real: over TCP, with a monotonic clock, real
/// timers and a durable store. It is the live "shell" around a pure `ElectionProtocol`
/// instance (the simulator is the other one).
///
/// How it works:
/// - Every input (a peer message, a fired timer, a transport hint, start, stop) is handled
///   on the transport's I/O thread, so the state machine handles exactly one at a time,
///   and `now` is the time since the node started on a monotonic clock. A message is
///   handled where it was read and a timer fires where the thread sleeps: an idle leader
///   costs one wake-up per heartbeat, not a chain of threads handing work along.
/// - The effects of each input are performed in order. A `.persist` is written to disk
///   (atomically, with `fsync`) before any later effect, so a recorded vote is on disk
///   before the reply that announces it leaves; one that the next effect, another
///   `.persist`, supersedes is skipped (`Effect.isSupersededPersist(at:in:)`).
/// - Timers are deadlines in a `TimerScheduler`; the I/O thread sleeps until the earliest
///   with nanosecond resolution (`PollWait`), so they fire within a fraction of a
///   millisecond. Setting a timer moves it, cancelling forgets it.
/// - Status queries and HTTP are answered from a snapshot of the last status; `GET /metrics`
///   adds the counters in `NodeMetrics`, kept while inputs are handled.
/// - Besides the algorithm's own events, it logs what it observes: "leader is now 2
///   (term 5)", "role is now candidate", "peer 3 is down".
///
///     let node = try LiveNode<SomeAlgorithm>(configuration, log: EventLog(node: 1))
///     try node.start()
///     ...
///     node.stop(graceful: true)
public final class LiveNode<Node: ElectionProtocol>: Sendable {
    public let configuration: Configuration
    public let log: EventLog

    private let clock = NodeClock()
    /// This node's member-list fingerprint, sent with every message and greeting.
    private let fingerprint: String
    private let store: DurableStore<Node.DurableState>?
    private let onFailure: @Sendable (LiveNodeError) -> Void
    /// Touched on the I/O thread, and by `stop()` once that thread is gone; the lock makes
    /// that safe and visible to the compiler, and is never contended in between.
    private let core: Mutex<Core>
    /// The status as of the last handled input, readable from any thread.
    private let published: Mutex<NodeStatus>
    /// The transport's life: none before `start()`, then running, then closed for good.
    private let transportSlot = Mutex(TransportSlot.notStarted)

    private enum TransportSlot {
        case notStarted
        case running(TCPTransport)
        case closed

        var transport: TCPTransport? {
            if case .running(let transport) = self { return transport }
            return nil
        }
    }

    private enum Phase { case created, running, stopped }

    private struct Core {
        var node: Node
        var timers: TimerScheduler
        var phase = Phase.created
        /// The status the runtime last logged, to log only changes.
        var loggedStatus: NodeStatus?
        /// Whether each peer was last seen reachable (`nil`: not known yet).
        var peerIsUp: [NodeID: Bool] = [:]
        /// The counters behind `GET /metrics`, kept here so that counting needs no lock
        /// but the one every input already takes.
        var metrics = NodeMetrics()
        /// The last message encoded and its frame. A leader's heartbeats and a follower's
        /// replies repeat the same message until the term changes, and JSON encoding is most
        /// of an idle node's user-space CPU, so each distinct message is encoded once.
        var lastEncoded: (message: Node.Message, frame: [UInt8])?
        /// Who was heard from when, and whose messages were refused for another member list.
        var membershipGuard: MembershipGuard

        mutating func frame(for message: Node.Message, from sender: NodeID) -> [UInt8] {
            if let lastEncoded, lastEncoded.message == message { return lastEncoded.frame }
            let frame = WireCodec.encode(message, from: sender, cluster: membershipGuard.fingerprint)
            lastEncoded = (message, frame)
            return frame
        }
    }

    /// Creates the node and loads its durable state from `store` (when it has one), but
    /// does not start it: no socket is opened and no input is handled before `start()`.
    ///
    /// Without a store, `.persist` effects are dropped (right for an algorithm whose
    /// `DurableState` is `NoDurableState`). `onFailure` is called, on the I/O thread, if the
    /// node has to stop on its own (its state could not be saved); the node is then stopped.
    public init(
        _ configuration: Configuration,
        store: DurableStore<Node.DurableState>? = nil,
        log: EventLog,
        onFailure: @escaping @Sendable (LiveNodeError) -> Void = { _ in }
    ) throws(LiveNodeError) {
        self.configuration = configuration
        self.log = log
        self.store = store
        self.onFailure = onFailure
        fingerprint = configuration.membership.fingerprint

        var durable: Node.DurableState?
        if let store {
            do {
                durable = try store.openAndLoad()  // also locks the directory for this node's life
            } catch {
                throw .durableStore(error)
            }
        }
        let node = Node(id: configuration.id, members: configuration.membership.ids,
                        settings: configuration.settings,
                        random: SeededRandom(seed: configuration.seed), durable: durable)
        published = Mutex(node.status)
        core = Mutex(Core(node: node, timers: TimerScheduler(),
                          membershipGuard: MembershipGuard(selfID: configuration.id,
                                                           membership: configuration.membership)))
    }

    // MARK: - Public surface

    /// The status as of the last handled input. Safe to read from any thread.
    public var status: NodeStatus { published.withLock { $0 } }

    /// The answer to `{"type":"status"}`.
    public func statusReply() -> StatusReply {
        let now = clock.now()
        let health = core.withLock { $0.membershipGuard.health(at: now, needsMajority: Self.electionsNeedMajority) }
        return StatusReply(status, algorithm: Node.algorithmName, members: configuration.membership.ids,
                           uptime: now.sinceStart, membership: health)
    }

    /// Whether elections need a majority of the configured members: they do for an
    /// algorithm that promises one leader per term, since a majority's votes are how it
    /// keeps that promise, and they do not for one that elects among whoever answers. An
    /// algorithm outside the registry is assumed to need one.
    private static var electionsNeedMajority: Bool {
        (Node.self as? any RegisteredAlgorithm.Type)?.promisesOneLeaderPerTerm ?? true
    }

    /// The port the node listens on (useful with `port: 0`); 0 before `start()`.
    public var boundPort: UInt16 { transportSlot.withLock { $0.transport }?.boundPort ?? 0 }

    /// Opens the port, logs the `node_started` line, then hands the state machine `.start`.
    /// Throws `.transport(.addressInUse...)` when the port is taken.
    public func start() throws(LiveNodeError) {
        let transport = TCPTransport(transportConfiguration(), handlers: transportHandlers())
        let alreadyStarted = transportSlot.withLock { slot in
            guard case .notStarted = slot else { return true }
            slot = .running(transport)
            return false
        }
        guard !alreadyStarted else { throw .alreadyStarted }
        do {
            // The state machine starts before the transport does anything else: a peer's
            // connection, opened by the greeting at once, must find the node running.
            try transport.start {
                self.announceStart(port: transport.boundPort)
                self.process(.start)
            }
        } catch {
            transportSlot.withLock { $0 = .closed }
            throw .transport(error)
        }
    }

    /// Stops the node: the state machine handles `.stop(graceful:)` and its last effects
    /// are performed (a graceful leader may hand over), timers are cancelled, then the
    /// transport closes. Returns when all of that is done. Safe to call more than once.
    /// MUST NOT be called from the node's own I/O thread (`onFailure`, for instance).
    public func stop(graceful: Bool) {
        let sentLastWords = onIOThread { self.finish(with: .stop(graceful: graceful)) }
        if sentLastWords, let transport = transportSlot.withLock({ $0.transport }) {
            // The last frames leave before the sockets close; frames this node holds back on
            // purpose (`extraDelay`) get that much longer.
            transport.flush(within: configuration.stopFlushLimit + configuration.extraDelay)
        }
        closeTransport(graceful ? "stopped cleanly" : "stopped")
    }

    /// Closes the port (once) and logs the last line.
    private func closeTransport(_ how: String) {
        let transport = transportSlot.withLock { slot -> TCPTransport? in
            defer { slot = .closed }
            return slot.transport
        }
        guard let transport else { return }
        let port = transport.boundPort
        transport.stop()
        log.record(Event(.shutdown, "node \(configuration.id) \(how); port \(port) is closed",
                         term: status.term))
    }

    /// Emulates a network partition (see `TCPTransport.setBlockedPeers`).
    public func setBlockedPeers(_ peers: Set<NodeID>) {
        transportSlot.withLock { $0.transport }?.setBlockedPeers(peers)
    }

    /// Reads control commands (`ControlCommand`: partition, heal) from `fd`, standard input
    /// by default, on a thread of its own, and applies each on the I/O thread, answering
    /// with a `control_applied` or `control_rejected` event line. Only for the process
    /// that started the node (`--control stdin`), which alone holds that descriptor. End of
    /// input logs `control_closed` and changes nothing else: the node keeps running.
    /// Call it after `start()`; lines read after a stop are ignored.
    public func readControlCommands(from fd: Int32 = STDIN_FILENO) throws(LiveNodeError) {
        do {
            try ControlChannelReader.start(reading: fd) { [weak self] delivery in
                // Handed to the I/O thread like every input, so a command never races one.
                guard let self, let transport = self.transportSlot.withLock({ $0.transport }) else { return }
                transport.perform { self.applyControl(delivery) }
            }
        } catch {
            throw .transport(error)
        }
    }

    /// Runs on the I/O thread: one delivery from the control channel.
    private func applyControl(_ delivery: ControlChannelReader.Delivery) {
        guard let transport = transportSlot.withLock({ $0.transport }) else { return }
        let line: ControlCommand.Line
        do throws(ControlCommandError) {
            switch delivery {
            case .end:
                log.record(Event(.controlClosed, "control channel closed (end of standard input); "
                    + "the node keeps running"))
                return
            case .tooLong:
                throw .lineTooLong(limit: ControlCommand.maxLineBytes)
            case .line(let bytes):
                line = try ControlCommand.parse(bytes, selfID: configuration.id, membership: configuration.membership)
            }
        } catch {
            log.record(Event(.controlRejected, error.description), fields: [("reason", .string(error.description))])
            return
        }
        let blocked = line.command.blockedPeers.map(\.rawValue).sorted()
        transport.setBlockedPeers(line.command.blockedPeers)
        let message = blocked.isEmpty
            ? "\(line.command.name): traffic to and from every peer flows again"
            : "\(line.command.name): dropping all traffic to and from "
                + (blocked.count == 1 ? "peer " : "peers ") + blocked.map(String.init).joined(separator: ", ")
        var fields: [(String, EventLog.Value)] = [("cmd", .string(line.command.name)), ("peers", .ints(blocked))]
        if let sequence = line.sequence { fields.append(("seq", .int(sequence))) }
        log.record(Event(.controlApplied, message), fields: fields)
    }

    /// Runs `body` on the I/O thread, where inputs are handled, and waits for its result.
    /// Once the transport has stopped no input can be handled anywhere else, so `body`
    /// then runs here.
    private func onIOThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        guard let transport = transportSlot.withLock({ $0.transport }) else { return body() }
        precondition(!transport.isOnIOThread,
                     "LiveNode.stop(graceful:) must not be called from the node's own I/O thread")
        let result = Mutex<Result?>(nil)
        let done = DispatchSemaphore(value: 0)
        let accepted = transport.perform {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        guard accepted else { return body() }
        // An accepted task always runs (even after a stop, `perform` promises it), and
        // signals only once its result is stored.
        done.wait()
        return result.withLock { $0! }
    }

    // MARK: - Inputs

    /// Hands one input to the state machine and performs its effects. Runs on the I/O
    /// thread.
    private func process(_ input: Input<Node.Message>) {
        let failure: LiveNodeError? = core.withLock { core in
            // 1) Only a started node handles inputs; `.start` is what starts it.
            if case .start = input, core.phase == .created { core.phase = .running }
            guard core.phase == .running else { return nil }
            let now = clock.now()
            if case .receive(let message, let sender) = input {
                core.metrics.countReceived(message.typeName)
                core.membershipGuard.heard(from: sender, at: now)
            }
            // 2) The state machine decides...
            let effects = core.node.handle(input, at: now)
            // 3) ...the runtime acts, in order...
            let failure = perform(effects, at: now, core: &core)
            // 4) ...and tells what changed.
            publishStatus(&core)
            return failure
        }
        if let failure { fail(failure) }
    }

    /// Fires, one at a time, the timers due now, and returns the `MonotonicClock` time at
    /// which the next one is due. A timer set while these fire, even with no delay, waits
    /// for the next call, so a timer that keeps setting itself cannot starve the sockets.
    private func runDueTimers() -> Duration? {
        let now = clock.now()
        while let due = core.withLock({ $0.phase == .running ? $0.timers.takeDue(at: now) : nil }) {
            process(.timerFired(due))
        }
        return core.withLock { $0.timers.nextDeadline }.map(clock.deadline(at:))
    }

    /// The last input: `.stop`, its effects, then no more timers or inputs. Returns
    /// whether the node sent anything on its way out.
    private func finish(with input: Input<Node.Message>) -> Bool {
        core.withLock { core in
            guard core.phase != .stopped else { return false }
            var sentSomething = false
            if core.phase == .running {
                let now = clock.now()
                let effects = core.node.handle(input, at: now)
                sentSomething = effects.contains { effect in
                    switch effect {
                    case .send, .broadcast: return true
                    default: return false
                    }
                }
                _ = perform(effects, at: now, core: &core)
                publishStatus(&core)
            }
            core.phase = .stopped
            core.timers.cancelAll()
            return sentSomething
        }
    }

    /// A failure the node cannot continue after: log it, stop, tell the owner.
    private func fail(_ failure: LiveNodeError) {
        log.record(Event(.fatalError, "\(failure)"))
        _ = finish(with: .stop(graceful: false))
        closeTransport("stopped after a fatal error")
        onFailure(failure)
    }

    // MARK: - Effects

    /// Performs effects in order; stops at (and returns) the first failure, so nothing
    /// that depends on a state that was not saved is ever done.
    private func perform(_ effects: Node.Effects, at now: Instant, core: inout Core) -> LiveNodeError? {
        let transport = transportSlot.withLock { $0.transport }
        let selfID = configuration.id
        for (index, effect) in effects.enumerated() {
            switch effect {
            case .send(let message, let peer):
                transport?.send(core.frame(for: message, from: selfID), to: peer)
                core.metrics.countSent(message.typeName)
            case .broadcast(let message):
                let frame = core.frame(for: message, from: selfID)
                // `members`, not `ids`: no array is built per heartbeat.
                let members = configuration.membership.members
                for member in members where member.id != selfID {
                    transport?.send(frame, to: member.id)
                }
                core.metrics.countSent(message.typeName, copies: members.count - 1)
            case .setTimer(let id, let delay):
                core.timers.set(id, firingAt: now + delay)
            case .cancelTimer(let id):
                core.timers.cancel(id)
            case .persist(let state):
                // The one blocking call allowed on the I/O thread: a persisted term and vote must
                // be on disk (fsync) before any later effect, such as the vote, is sent. A write
                // the next one supersedes is skipped (a new term, then a vote in it: one fsync).
                if Node.Effects.Element.isSupersededPersist(at: index, in: effects) { continue }
                do {
                    try store?.save(state)
                } catch {
                    return .durableStore(error)
                }
            case .log(let event):
                log.record(event)
                core.metrics.observe(event)
            }
        }
        return nil
    }

    // MARK: - What the runtime observes

    private func announceStart(port: UInt16) {
        let members = configuration.membership
        var message = "\(Node.algorithmName) node \(configuration.id) listening on "
            + "\(configuration.bindHost):\(port); members \(members)"
        if !configuration.settingsSummary.isEmpty { message += "; " + configuration.settingsSummary }
        message += "; seed \(configuration.seed)"
        log.record(Event(.nodeStarted, message), fields: [
            ("algorithm", .string(Node.algorithmName)),
            ("address", .string("\(configuration.bindHost):\(port)")),
            ("members", .string(members.description)),
            ("seed", .string(String(configuration.seed))),
        ])
    }

    /// Publishes the status for status queries and logs a line for each change.
    private func publishStatus(_ core: inout Core) {
        let status = core.node.status
        published.withLock { $0 = status }
        let previous = core.loggedStatus
        core.loggedStatus = status
        core.metrics.observeStatus(from: previous, to: status)
        if previous?.role != status.role {
            log.record(Event(.roleChanged, "role is now \(status.role) (term \(status.term))", term: status.term),
                       fields: [("role", .string(status.role.rawValue))])
        }
        if previous?.leader != status.leader, previous != nil || status.leader != nil {
            let leaderField: EventLog.Value = status.leader.map { .int($0.rawValue) } ?? .null
            if let leader = status.leader {
                log.record(Event(.leaderChanged, "leader is now \(leader) (term \(status.term))", term: status.term),
                           fields: [("leader", leaderField), ("role", .string(status.role.rawValue))])
            } else {
                log.record(Event(.leaderLost, "no leader known now (term \(status.term))", term: status.term),
                           fields: [("leader", leaderField), ("role", .string(status.role.rawValue))])
            }
        }
    }

    /// Logs a peer's reachability when it changes; every "unreachable" also goes to the
    /// state machine as a hint. Runs on the I/O thread. Up means our connection to it
    /// opened; every "unreachable" is logged, since the transport gives it once per loss,
    /// and a peer we only hear from (a follower that never writes to its leader) was seen
    /// up by its messages, which open no connection of ours.
    private func peerReachabilityChanged(_ peer: NodeID, isUp: Bool) {
        let changed = core.withLock { core -> Bool in
            guard core.phase == .running, !isUp || core.peerIsUp[peer] != isUp else { return false }
            core.peerIsUp[peer] = isUp
            return true
        }
        if changed {
            let event = isUp
                ? Event(.peerUp, "peer \(peer) is up (connected)")
                : Event(.peerDown, "peer \(peer) is down (connection refused or failed)")
            log.record(event, fields: [("peer", .int(peer.rawValue))])
        }
        if !isUp { process(.peerUnreachable(peer)) }
    }

    // MARK: - Transport

    private func transportConfiguration() -> TCPTransport.Configuration {
        var transport = TCPTransport.Configuration(
            selfID: configuration.id, membership: configuration.membership,
            port: configuration.port, bindHost: configuration.bindHost)
        transport.extraDelay = configuration.extraDelay
        // Every peer hears from this node at least once a second, even when the algorithm has
        // nothing to tell it: that is what "reachable" in the status reply is measured by.
        transport.greeting = WireCodec.greetingLine(from: configuration.id, cluster: fingerprint)
        return transport
    }

    /// The transport calls these on its I/O thread, which is where every input is handled.
    private func transportHandlers() -> TCPTransport.Handlers {
        TCPTransport.Handlers(
            onLine: { [weak self] line in self?.verdict(on: line) ?? .reject("this node is shutting down") },
            onHTTP: { [weak self] method, path in self?.httpResponse(method: method, path: path) ?? .notFound },
            onPeerUnreachable: { [weak self] peer in self?.peerReachabilityChanged(peer, isUp: false) },
            onPeerConnected: { [weak self] peer in self?.peerReachabilityChanged(peer, isUp: true) },
            runDueTimers: { [weak self] in self?.runDueTimers() })
    }

    /// A status query is answered from the last status; a peer message goes to the state
    /// machine; anything else is refused with a reason the sender can read.
    private func verdict(on line: [UInt8]) -> LineVerdict {
        do throws(WireError) {
            // Peer messages are the common case: try them first, in one parse. A status
            // query is not one of the algorithm's messages, so it lands in the catch.
            let peerLine = try WireCodec.decodePeerLine(line, as: Node.Message.self)
            if let refusal = refusal(from: peerLine.from, cluster: peerLine.cluster) { return refusal }
            process(.receive(peerLine.message, from: peerLine.from))
            return .accept
        } catch where Self.lineType(line) == "status" {
            return .reply(statusReply().jsonLine())
        } catch where Self.lineType(line) == WireCodec.greetingType {
            return greetingVerdict(line)
        } catch {
            return reject("\(error)")
        }
    }

    /// A peer's `greeting`: it is there, and says which member list it has.
    private func greetingVerdict(_ line: [UInt8]) -> LineVerdict {
        do throws(WireError) {
            let greeting = try WireCodec.decodeGreeting(line)
            if let refusal = refusal(from: greeting.from, cluster: greeting.cluster) { return refusal }
            let now = clock.now()
            core.withLock { $0.membershipGuard.heard(from: greeting.from, at: now) }
            return .accept
        } catch {
            return reject("\(error)")
        }
    }

    /// Why a peer line must be refused, `nil` when it may go on: its sender must be another
    /// member, and its member-list fingerprint (when it has one; a line typed by hand may
    /// not) this node's. A mismatch is refused like other bad input (an error line naming
    /// both fingerprints, then the connection closes; the sender gives no hint for that),
    /// but logged at most once per peer per `MembershipGuard.mismatchReportInterval`, not
    /// once per message.
    private func refusal(from sender: NodeID, cluster: String?) -> LineVerdict? {
        guard sender != configuration.id, configuration.membership.contains(sender) else {
            return reject("a message claims to come from node \(sender), which is not another "
                + "member of \(configuration.membership); check every node's --nodes")
        }
        guard let cluster, cluster != fingerprint else { return nil }
        let now = clock.now()
        let report = core.withLock { core in
            core.metrics.countRejectedLine()
            return core.membershipGuard.refused(from: sender, fingerprint: cluster, at: now)
        }
        if let (event, fields) = report { log.record(event, fields: fields) }
        return .reject("membership mismatch: node \(sender) sent member-list fingerprint \(cluster), but node "
            + "\(configuration.id) has \(fingerprint) for "
            + "\(configuration.membership); give every node the same --nodes")
    }

    /// The `type` of a line that is not one of the algorithm's messages, if it has one.
    private static func lineType(_ line: [UInt8]) -> String? {
        try? WireCodec.typeField(of: line)
    }

    private func reject(_ reason: String) -> LineVerdict {
        core.withLock { $0.metrics.countRejectedLine() }
        log.record(Event(.lineRejected, "rejected an incoming line: \(reason)"))
        return .reject(reason)
    }

    private func httpResponse(method: String, path: String) -> HTTPResponse {
        guard method == "GET" || method == "HEAD" else { return .notFound }
        let reply = statusReply()
        switch path {
        case "/": return .json(reply.workshopJSON())
        case "/health": return .json(reply.healthJSON())
        case "/status": return .json(reply.json())
        case "/metrics": return .metrics(metricsExposition())
        default: return .notFound
        }
    }

    /// The answer to `GET /metrics` (see `NodeMetrics`). Runs on the I/O thread, like the
    /// inputs that update the counters, so the lock it takes is never contended.
    public func metricsExposition() -> String {
        let now = clock.now()
        let (metrics, peerIsUp, health) = core.withLock {
            ($0.metrics, $0.peerIsUp, $0.membershipGuard.health(at: now, needsMajority: Self.electionsNeedMajority))
        }
        return metrics.exposition(NodeMetrics.Gauges(
            algorithm: Node.algorithmName, id: configuration.id, members: configuration.membership.ids,
            status: status, peerIsUp: peerIsUp, uptime: now.sinceStart,
            logLinesDropped: UInt64(log.droppedLineCount), membership: health))
    }
}
