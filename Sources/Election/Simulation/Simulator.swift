import Election

/// A deterministic world for election state machines: virtual time, a simulated network
/// with delay, jitter, loss, duplication and partitions, and nodes that crash, restart,
/// stop, hang and resume on cue.
///
/// The simulator is one of the two *shells* that run an `ElectionProtocol` (the other is the
/// live TCP runtime). Nodes cannot tell them apart: they receive the same inputs and return
/// the same effects. Here, though, nothing is real. Time jumps from one scheduled event to
/// the next, so a minute of cluster life takes milliseconds, and every random choice (the
/// network's and the nodes') comes from one `SeededRandom`, so a run is replayed exactly from
/// its seed.
///
///     var options = SimulationOptions(seed: 42)
///     options.network = LinkConditions(baseDelay: .milliseconds(2), jitter: .milliseconds(3))
///     let simulator = Simulator<SomeAlgorithm>(members: [1, 2, 3, 4, 5], options: options,
///                                              settings: { _ in SomeAlgorithm.Settings() })
///     simulator.startAll()
///     simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(5))
///     let oldLeader = simulator.agreedLeader!
///     simulator.crash(oldLeader)
///     let failedOver = simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(5))
///
/// Scripted faults can also be scheduled ahead with `at(_:do:)`. The simulator runs on one
/// thread and is not `Sendable`: give each test or trial its own.
///
/// What a node can rely on:
/// - Its effects are performed in order; `.persist` is stored at once, before any later
///   effect (such as the vote reply that depends on it). With `StorageFaults` a write may
///   take time (later effects and new inputs wait for it), fail (the node crashes), or the
///   node may crash between two effects; what it persisted stays what it last stored. A
///   write followed at once by another is skipped there, as the live runtime skips it
///   (`Effect.isSupersededPersist(at:in:)`): only the second takes time.
/// - `.setTimer` replaces a pending timer with the same id; `.cancelTimer` removes it.
/// - `.broadcast` is one send to every other configured member, running or not.
/// - Events due at the same virtual time are handled in the order they were scheduled.
public final class Simulator<Node: ElectionProtocol> {
    /// The options the simulator was created with; `network` follows `setNetwork`.
    @inlinable
    public var options: SimulationOptions { currentOptions }

    /// Every configured member, in increasing id order.
    public let members: [NodeID]

    /// Virtual time. It starts at `Instant.start` and moves only while a `run` method runs.
    @inlinable
    public var now: Instant { Instant(sinceStart: .nanoseconds(nowNanoseconds)) }

    /// Everything that happened, in order; empty when `options.recordsTrace` is false.
    @inlinable
    public var trace: [TraceEntry] { recordedTrace }

    /// Called after every input a node handles (its start included), with the node's status
    /// before and after. `before` is `nil` for `.start`, when the node did not exist yet.
    /// Use it to check invariants at every step, such as "at most one leader per term".
    public var onTransition: ((_ time: Instant, _ before: NodeStatus?, _ after: NodeStatus) -> Void)?

    /// Called after every input a node handles, with the effects it returned, once they have
    /// been performed (messages queued, timers set, state persisted). Observers such as the
    /// bench's message meter use it to see what was sent and logged without a trace. Unset,
    /// it costs one nil check per input.
    public var onEffects: ((_ time: Instant, _ node: NodeID, _ effects: [Effect<Node.Message, Node.DurableState>]) -> Void)?

    // Why `@inlinable` everywhere: the simulator is generic, and the benchmark runs it from
    // another module. Without its bodies in the module interface the compiler could only
    // call the unspecialized generic code, which copies every message through witness
    // tables and runs about six times slower. Inlinable code may touch only public or
    // `@usableFromInline` declarations, hence the internal (not private) state below.

    @usableFromInline var currentOptions: SimulationOptions

    // Per member, indexed by position in `members`:
    @usableFromInline var nodes: [Node?]
    @usableFromInline var slots: [NodeSlot<Node.Message>]
    @usableFromInline var durableStates: [Node.DurableState?]
    /// The effects of an input waiting for a slow write (`StorageFaults`), if any.
    @usableFromInline var unfinished: [UnfinishedInput<Node>?]

    @usableFromInline let positions: MemberPositions
    @usableFromInline let makeSettings: (NodeID) -> Node.Settings
    @usableFromInline var network: NetworkModel
    @usableFromInline var agenda = EventQueue<ScheduledEvent<Node>>()
    @usableFromInline var nowNanoseconds: Int64 = 0
    @usableFromInline var nextTimerGeneration: UInt64 = 0
    @usableFromInline var isRunningEvents = false

    /// Where nodes' generators come from: each start splits a fresh one off.
    @usableFromInline var nodeRandomSource: SeededRandom
    /// Where the network's loss, jitter and duplication draws come from. Kept apart from the
    /// nodes' source so that changing the network does not change, say, the nodes' timeouts.
    @usableFromInline var networkRandom: SeededRandom
    /// Where storage faults are drawn from, apart from both of the above. Untouched while
    /// `StorageFaults` are off, so existing seeds replay exactly.
    @usableFromInline var storageRandom: SeededRandom
    /// `currentOptions.storageFaults.isEnabled`, kept at hand: it is asked for every input.
    @usableFromInline var injectsStorageFaults: Bool
    /// Where the delays of closed-connection hints are drawn from, apart from the network's
    /// source, so that a crash does not shift the delays of later messages.
    @usableFromInline var connectionRandom: SeededRandom

    /// Per ordered pair (`sender * members.count + receiver`): the incarnation of `receiver`,
    /// plus one, whose going down `sender` has already been told of; 0 when none. A hint is
    /// given once per up-to-down transition, as the live transport gives it, however many
    /// messages bounce afterwards. A sender's row is cleared when it starts: a new process
    /// has no connections yet.
    @usableFromInline var hintedDown: [UInt64]
    /// Per ordered pair, as above: when the last message put on that link arrives. A closed
    /// connection's hint comes after it, as TCP delivers the data before the FIN.
    @usableFromInline var lastArrivalNanoseconds: [Int64]
    /// Per ordered pair (`receiver * members.count + sender`): the newest incarnation of
    /// `sender` that `receiver` has handled a message from; 0 when none. A refused connect
    /// about an older incarnation is stale once a newer one has spoken (see
    /// `isStaleHint`). A receiver's row is cleared when it starts: a new process has heard
    /// from nobody.
    @usableFromInline var heardIncarnation: [UInt32]

    @usableFromInline var totals = SimulationCounters()
    @usableFromInline var recordedTrace: [TraceEntry] = []
    @usableFromInline var typeTally = MessageTypeTally()

    /// Creates a simulation of `members`, none of them started yet.
    ///
    /// - Parameters:
    ///   - members: the configured membership; every node is told all of it. Ids MUST be
    ///     distinct.
    ///   - options: the seed, the default network and what to record.
    ///   - settings: each node's settings, asked for at every start, so nodes may differ.
    ///   - initialDurable: durable state some nodes have before their first start, as if
    ///     they had persisted it in an earlier life.
    @inlinable
    public init(members: [NodeID], options: SimulationOptions,
                settings: @escaping (NodeID) -> Node.Settings,
                initialDurable: [NodeID: Node.DurableState] = [:]) {
        let sorted = members.sorted()
        precondition(!sorted.isEmpty, "a simulation needs at least one member")
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            precondition(earlier != later, "node id \(later) appears more than once in the member list")
        }
        for id in initialDurable.keys {
            precondition(sorted.contains(id), "initial durable state was given for node \(id), which is not a member")
        }
        self.currentOptions = options
        self.members = sorted
        self.positions = MemberPositions(sorted)
        self.makeSettings = settings
        self.nodes = Array(repeating: nil, count: sorted.count)
        self.slots = Array(repeating: NodeSlot(), count: sorted.count)
        self.durableStates = sorted.map { initialDurable[$0] }
        self.unfinished = Array(repeating: nil, count: sorted.count)
        self.network = NetworkModel(memberCount: sorted.count, defaultConditions: options.network)
        var root = SeededRandom(seed: options.seed)
        self.nodeRandomSource = root.split(stream: 1)
        self.networkRandom = root.split(stream: 2)
        self.storageRandom = root.split(stream: 3)
        self.connectionRandom = root.split(stream: 4)
        self.injectsStorageFaults = options.storageFaults.isEnabled
        self.hintedDown = Array(repeating: 0, count: sorted.count * sorted.count)
        self.lastArrivalNanoseconds = Array(repeating: 0, count: sorted.count * sorted.count)
        self.heardIncarnation = Array(repeating: 0, count: sorted.count * sorted.count)
    }

    // MARK: - Lifecycle

    /// Starts a node now: creates it with the state it last persisted (or its initial durable
    /// state, or none) and a fresh generator split from the simulator's, then hands it
    /// `.start`. Does nothing if the node is already running.
    @inlinable
    public func start(_ id: NodeID) {
        let position = self.position(of: id)
        guard !slots[position].isRunning else { return }
        let isRestart = slots[position].hasEverStarted
        slots[position].begin()
        let row = position * members.count
        for other in members.indices {
            hintedDown[row + other] = 0
            heardIncarnation[row + other] = 0
        }
        let random = nodeRandomSource.split(stream: UInt64(id.rawValue))
        nodes[position] = Node(id: id, members: members, settings: makeSettings(id), random: random,
                               durable: durableStates[position])
        record(position, isRestart ? .restarted : .started)
        handle(.start, at: position)
    }

    /// Starts every member that is not running, in increasing id order.
    @inlinable
    public func startAll() {
        for id in members { start(id) }
    }

    /// Kills a node now, like `kill -9`: its volatile state, its pending timers and any inputs
    /// waiting in its backlog are lost; what it persisted is kept for its restart. Messages
    /// still in flight to it are dropped when they arrive. The kernel closes its connections,
    /// so every running peer it can reach sees the close one link delay later (after the
    /// messages it had sent them), reconnects, and gets `.peerUnreachable` when that is
    /// refused, one round trip after. Does nothing if it is not running.
    @inlinable
    public func crash(_ id: NodeID) {
        let position = self.position(of: id)
        guard slots[position].isRunning else { return }
        dropBacklog(of: position, reason: "crashed")
        if let pending = unfinished[position], !pending.writeIsDurable {
            record(position, .storage("the write in flight is lost"))
        }
        unfinished[position] = nil
        slots[position].end(.crashed)
        nodes[position] = nil
        record(position, .crashed)
        closeConnections(of: position)
    }

    /// Starts a node again after a crash or a stop (the same as `start`). The new process has
    /// its persisted state, no timers, and a fresh random generator.
    @inlinable
    public func restart(_ id: NodeID) {
        start(id)
    }

    /// Shuts a node down now, like SIGTERM (`graceful: true`) or a forced shutdown: hands it
    /// `.stop(graceful:)`, performs the effects of that input (a leader may send a few last
    /// messages), then takes it down. Timers it set while stopping die with it. A paused node
    /// loses its backlog first. A node blocked in a slow write (`StorageFaults`) finishes it,
    /// and the effects after it, before it handles the stop, as a process blocked in `fsync`
    /// sees its signal only afterwards. Its connections close as it exits, so its peers get
    /// `.peerUnreachable` as after a crash. Does nothing if the node is not running.
    @inlinable
    public func stop(_ id: NodeID, graceful: Bool) {
        let position = self.position(of: id)
        guard slots[position].isRunning else { return }
        dropBacklog(of: position, reason: "stopped")
        slots[position].backlog.removeAll(keepingCapacity: true)
        slots[position].lifecycle = .running
        guard finishWritesAtOnce(of: position) else { return }
        handle(.stop(graceful: graceful), at: position)
        guard finishWritesAtOnce(of: position) else { return }
        slots[position].end(.stopped)
        nodes[position] = nil
        record(position, .stopped)
        closeConnections(of: position)
    }

    /// Hangs a node now, like a stop-the-world pause or SIGSTOP: it keeps its state, but every
    /// input for it (messages, timer expiries, unreachable hints) waits in a backlog. Its
    /// peers cannot tell it from a dead node, except that their messages do not bounce and
    /// no `.peerUnreachable` comes: the kernel keeps a stopped process's sockets open.
    /// Does nothing unless the node is running and not already paused.
    @inlinable
    public func pause(_ id: NodeID) {
        let position = self.position(of: id)
        guard slots[position].lifecycle == .running else { return }
        slots[position].lifecycle = .paused
        record(position, .paused)
    }

    /// Wakes a paused node now: it handles its whole backlog at once, in arrival order, all
    /// at the current time, as a process does when it catches up after a long pause. A timer
    /// in the backlog is still skipped if an earlier backlog input moved or cancelled it.
    /// Does nothing unless the node is paused.
    @inlinable
    public func resume(_ id: NodeID) {
        let position = self.position(of: id)
        guard slots[position].lifecycle == .paused else { return }
        slots[position].lifecycle = .running
        record(position, .resumed)
        if unfinished[position]?.writeIsDurable == true {
            continueAfterWrite(of: position)  // its write completed during the pause
        } else {
            drainBacklog(of: position)  // does nothing while a write is still in flight
        }
    }

    /// Whether the node is started and neither crashed nor stopped. A paused node counts as
    /// running: it is hung, not gone.
    @inlinable
    public func isRunning(_ id: NodeID) -> Bool {
        slots[position(of: id)].isRunning
    }

    /// Whether the node is paused (see `pause`).
    @inlinable
    public func isPaused(_ id: NodeID) -> Bool {
        slots[position(of: id)].lifecycle == .paused
    }

    // MARK: - Network faults

    /// Splits the network now: only nodes in the same group can reach each other; everything
    /// else is dropped silently, messages already in flight included, and nobody is told (no
    /// `.peerUnreachable`). A member named in no group is cut off from everyone. Replaces any
    /// earlier partition.
    ///
    ///     simulator.partition([[1, 2], [3, 4, 5]])
    @inlinable
    public func partition(_ groups: [[NodeID]]) {
        var groupOf = Array(0..<members.count).map { -1 - $0 }  // alone unless listed
        for (groupIndex, group) in groups.enumerated() {
            for id in group { groupOf[position(of: id)] = groupIndex }
        }
        network.partition(groupOf: groupOf)
    }

    /// Removes every partition now. Messages dropped meanwhile stay lost.
    @inlinable
    public func heal() {
        network.heal()
    }

    /// Sets the conditions of the link from `from` to `to` (one direction only). It keeps them
    /// until set again, whatever `setNetwork` does later.
    @inlinable
    public func setLink(from: NodeID, to: NodeID, _ conditions: LinkConditions) {
        network.setLink(from: position(of: from), to: position(of: to), conditions)
    }

    /// Makes every message to or from `id` take `extraDelay` longer (on top of each link's own
    /// delay): a node on a slow machine or a congested network. `.zero` makes it normal again.
    @inlinable
    public func setSlowNode(_ id: NodeID, extraDelay: Duration) {
        network.setSlowNode(position(of: id), extraDelay: extraDelay)
    }

    /// Changes the storage faults from now on (see `StorageFaults`); `.none` turns them off.
    /// A write already in flight keeps the latency and outcome it was given.
    @inlinable
    public func setStorageFaults(_ faults: StorageFaults) {
        currentOptions.storageFaults = faults
        injectsStorageFaults = faults.isEnabled
    }

    /// Changes the conditions of every link that `setLink` has not set. Messages already in
    /// flight keep the delay they were given.
    @inlinable
    public func setNetwork(_ conditions: LinkConditions) {
        currentOptions.network = conditions
        network.setDefault(conditions)
    }

    // MARK: - Running

    /// Schedules `action` (usually a fault, such as a crash) at virtual time `time`; a time in
    /// the past means now. Actions due at the same time as other events run in scheduling
    /// order. Inside the action the simulator's `now` is `time`. An action MUST NOT call a
    /// `run` method; it may schedule further actions.
    @inlinable
    public func at(_ time: Instant, do action: @escaping (Simulator<Node>) -> Void) {
        agenda.push(.action(action), at: max(time.sinceStart.nanoseconds, nowNanoseconds))
    }

    /// Schedules `action` `delay` from now (see `at(_:do:)`).
    @inlinable
    public func after(_ delay: Duration, do action: @escaping (Simulator<Node>) -> Void) {
        at(now + delay, do: action)
    }

    /// Handles every event due up to `duration` from now, then sets the clock to that moment.
    @inlinable
    public func run(for duration: Duration) {
        run(until: now + duration)
    }

    /// Handles every event due at or before `deadline`, then sets the clock to `deadline`
    /// (the clock never goes back: an earlier deadline does nothing).
    @inlinable
    public func run(until deadline: Instant) {
        let limit = deadline.sinceStart.nanoseconds
        beginRunning()
        defer { isRunningEvents = false }
        while let time = agenda.nextTime, time <= limit { handleNextEvent() }
        nowNanoseconds = max(nowNanoseconds, limit)
    }

    /// Handles events until `condition` holds or `timeout` of virtual time has passed.
    ///
    /// The condition is checked before the first event and after every event, so the clock
    /// stops at the exact moment it first held. On a timeout the clock is set to the end of
    /// the timeout.
    ///
    /// - Returns: whether the condition held.
    @discardableResult
    @inlinable
    public func run(until condition: (Simulator<Node>) -> Bool, timeout: Duration) -> Bool {
        let (sum, overflow) = nowNanoseconds.addingReportingOverflow(max(0, timeout.nanoseconds))
        let limit = overflow ? Int64.max : sum
        beginRunning()
        defer { isRunningEvents = false }
        if condition(self) { return true }
        while let time = agenda.nextTime, time <= limit {
            handleNextEvent()
            if condition(self) { return true }
        }
        nowNanoseconds = max(nowNanoseconds, limit)
        return false
    }

    /// How many events are waiting on the agenda (including stale timer entries).
    @inlinable
    public var pendingEventCount: Int { agenda.count }

    // MARK: - Observation

    /// The node's current status, or `nil` when it is not running. A paused node answers with
    /// the status it had when it hung.
    @inlinable
    public func status(of id: NodeID) -> NodeStatus? {
        nodes[position(of: id)]?.status
    }

    /// The status of every running node (paused ones included), in increasing id order.
    @inlinable
    public var runningStatuses: [NodeStatus] {
        nodes.compactMap { $0?.status }
    }

    /// The leader that every running, unpaused node believes in, or `nil` when they disagree,
    /// when one of them knows no leader, or when none is running.
    ///
    /// The agreed leader must itself be among those nodes (and so believe in itself): nodes
    /// that still all believe in a leader that crashed or hung have no working leader. This
    /// is the finish line of a failover measurement.
    @inlinable
    public var agreedLeader: NodeID? {
        var agreed: NodeID?
        var leaderIsAmongThem = false
        for position in nodes.indices where slots[position].lifecycle == .running {
            guard let leader = nodes[position]?.status.leader else { return nil }
            if let agreed, agreed != leader { return nil }
            agreed = leader
            if leader == members[position] { leaderIsAmongThem = true }
        }
        return leaderIsAmongThem ? agreed : nil
    }

    /// A copy of the node's state machine, for white-box tests; `nil` when it is not running.
    @inlinable
    public func node(_ id: NodeID) -> Node? {
        nodes[position(of: id)]
    }

    /// What the node last persisted (kept across crashes), or its initial durable state, or
    /// `nil` when it never persisted anything.
    @inlinable
    public func persisted(_ id: NodeID) -> Node.DurableState? {
        durableStates[position(of: id)]
    }

    /// The trace as text: one line per entry, each ending in a newline. The format is stable,
    /// so two runs can be compared byte for byte.
    @inlinable
    public var traceText: String {
        var text = ""
        for entry in recordedTrace {
            text += entry.description
            text += "\n"
        }
        return text
    }

    /// Running totals of the simulation.
    @inlinable
    public var counters: SimulationCounters {
        var counters = totals
        counters.messagesByType = typeTally.dictionary
        return counters
    }

    // MARK: - The event loop

    @inlinable
    func beginRunning() {
        precondition(!isRunningEvents,
                     "a run method was called from inside a scheduled action or a run condition; "
                     + "schedule later steps with at(_:do:) instead")
        isRunningEvents = true
    }

    /// Takes the earliest event off the agenda, moves the clock to it, and performs it.
    @inlinable
    func handleNextEvent() {
        guard let (time, event) = agenda.popFirst() else { return }
        nowNanoseconds = time
        totals.eventsProcessed += 1
        switch event {
        case .arrival(let message, let sender, let receiver, let incarnation, let senderIncarnation):
            arrive(message, from: sender, at: receiver, incarnation: incarnation, senderIncarnation: senderIncarnation)
        case .timer(let position, let incarnation, let index, let generation):
            guard slots[position].isRunning, slots[position].incarnation == incarnation,
                  isCurrent(timerAt: index, generation: generation, of: position)
            else { return }  // the timer was moved or cancelled, or its process is gone
            accept(.timer(index: index, generation: generation), at: position)
        case .unreachable(let position, let incarnation, let peer, let peerIncarnation):
            guard slots[position].isRunning, slots[position].incarnation == incarnation else { return }
            accept(.unreachable(peer: peer, peerIncarnation: peerIncarnation), at: position)
        case .reconnect(let position, let incarnation, let peer):
            guard slots[position].isRunning, slots[position].incarnation == incarnation else { return }
            // A hung (or blocked) process does nothing with its sockets: it notices the close
            // and reconnects only once it wakes, and the peer may be back by then.
            if slots[position].isBusy {
                slots[position].backlog.append(.reconnect(peer: peer))
                return
            }
            reconnectArrived(from: position, at: peer)
        case .writeCompleted(let position, let incarnation):
            guard slots[position].isRunning, slots[position].incarnation == incarnation else { return }
            completeWrite(of: position)
        case .action(let action):
            action(self)
        }
    }

    /// A message reaches its destination's network interface.
    @inlinable
    func arrive(_ message: Node.Message, from sender: Int, at receiver: Int, incarnation: UInt32,
                senderIncarnation: UInt32) {
        // 1. A partition that formed while the message was in flight swallows it silently.
        guard network.connects(sender, receiver) else {
            drop(message, from: sender, to: receiver, reason: "partition")
            return
        }
        // 2. The process it was sent to is gone: the connection is reset.
        guard slots[receiver].isRunning, slots[receiver].incarnation == incarnation else {
            drop(message, from: sender, to: receiver, reason: slots[receiver].downReason)
            if !slots[receiver].isRunning { reportUnreachable(receiver, to: sender) }
            return
        }
        accept(.message(message, from: sender, senderIncarnation: senderIncarnation), at: receiver)
    }

    /// An input reaches a running node: it waits if the node is paused or blocked in a slow
    /// write, else is handled now.
    @inlinable
    func accept(_ input: NodeSlot<Node.Message>.QueuedInput, at position: Int) {
        if slots[position].isBusy {
            slots[position].backlog.append(input)
        } else {
            handleQueued(input, at: position)
        }
    }

    /// Hands a node an input that reached it (now, or while it was paused).
    @inlinable
    func handleQueued(_ input: NodeSlot<Node.Message>.QueuedInput, at position: Int) {
        switch input {
        case .message(let message, let sender, let senderIncarnation):
            let heard = position * members.count + sender
            heardIncarnation[heard] = max(heardIncarnation[heard], senderIncarnation)
            totals.messagesDelivered += 1
            if options.recordsTrace {
                record(position, .delivered(type: message.typeName, from: members[sender]))
            }
            handle(.receive(message, from: members[sender]), at: position)
        case .timer(let index, let generation):
            // An earlier input in a paused node's backlog may have moved or cancelled it.
            guard isCurrent(timerAt: index, generation: generation, of: position) else { return }
            slots[position].timers[index].isPending = false
            totals.timersFired += 1
            let timer = slots[position].timers[index].id
            record(position, .timerFired(timer))
            handle(.timerFired(timer), at: position)
        case .reconnect(let peer):
            agenda.push(.reconnect(node: position, incarnation: slots[position].incarnation, peer: peer),
                        at: nowNanoseconds + network.link(from: position, to: peer).baseDelay)
        case .unreachable(let peer, let peerIncarnation):
            if isStaleHint(about: peer, incarnation: peerIncarnation, at: position) {
                record(position, .staleHintDiscarded(members[peer]))
                return
            }
            record(position, .peerUnreachable(members[peer]))
            handle(.peerUnreachable(members[peer]), at: position)
        }
    }

    /// Whether a refused connect to `peer`, made while `incarnation` was its last process, is
    /// old news to the node at `position`: it has since handled a message from a newer
    /// process of `peer`, so it knows `peer` is up again. The live transport cannot hand such
    /// a hint either: a greeting on an inbound connection from the new process marks the
    /// peer up, and a connect refused before it is no longer news (see `PeerLink`). Without
    /// this, a refusal slowed on a slow link would tell a node that a peer which has
    /// restarted, said hello and led is down, and the node would lead beside it.
    @inlinable
    func isStaleHint(about peer: Int, incarnation: UInt32, at position: Int) -> Bool {
        heardIncarnation[position * members.count + peer] > incarnation
    }

    /// Whether the timer entry is the latest setting of a timer that is still pending.
    @inlinable
    func isCurrent(timerAt index: Int, generation: UInt64, of position: Int) -> Bool {
        let timers = slots[position].timers
        return index < timers.count && timers[index].isPending && timers[index].generation == generation
    }

    /// Hands one input to a node and performs the effects it returns, in order.
    ///
    /// `onTransition` hears of the status the node reached even when a storage fault crashes
    /// it part-way through the effects: the node was in that state, however briefly, and a
    /// safety check must see it.
    @inlinable
    func handle(_ input: Input<Node.Message>, at position: Int) {
        let observes = options.recordsTrace || onTransition != nil
        var before: NodeStatus?
        if observes, case .start = input {
            before = nil
        } else if observes {
            before = nodes[position]?.status
        }
        let now = self.now
        guard let effects = nodes[position]?.handle(input, at: now) else { return }
        let after = observes ? nodes[position]?.status : nil  // read first: a fault may crash it
        if injectsStorageFaults {
            perform(effects, from: 0, crashPoint: drawCrashPoint(in: effects), of: position, handledAt: now)
        } else {
            perform(effects, of: position)
            if let onEffects { onEffects(now, members[position], effects) }
        }
        guard observes, let after else { return }
        if options.recordsTrace && slots[position].isRunning { recordChanges(from: before, to: after, at: position) }
        onTransition?(now, before, after)
    }

    @inlinable
    func recordChanges(from before: NodeStatus?, to after: NodeStatus, at position: Int) {
        // A node that has just started is compared with a blank follower.
        let roleBefore = before?.role ?? .follower
        let leaderBefore = before?.leader
        if after.role != roleBefore { record(position, .roleChanged(after.role)) }
        if after.leader != leaderBefore { record(position, .leaderChanged(after.leader)) }
    }

    // MARK: - Performing effects

    @inlinable
    func perform(_ effects: [Effect<Node.Message, Node.DurableState>], of position: Int) {
        for effect in effects { perform(effect, of: position) }
    }

    @inlinable @inline(__always)
    func perform(_ effect: Effect<Node.Message, Node.DurableState>, of position: Int) {
        switch effect {
        case .send(let message, let destination):
            send(message, from: position, toID: destination)
        case .broadcast(let message):
            for receiver in members.indices where receiver != position {
                send(message, from: position, to: receiver)
            }
        case .setTimer(let timer, let delay):
            setTimer(timer, after: delay, of: position)
        case .cancelTimer(let timer):
            if let index = slots[position].timerIndex(of: timer) {
                slots[position].timers[index].isPending = false
            }
        case .persist(let state):
            durableStates[position] = state
        case .log(let event):
            record(position, .log(event))
        }
    }

    // MARK: - Storage faults

    /// Where a drawn crash stops the node: an index into `effects` (the node performs the
    /// effects before it), or `nil` for no crash this time.
    @inlinable
    func drawCrashPoint(in effects: [Effect<Node.Message, Node.DurableState>]) -> Int? {
        guard !effects.isEmpty else { return nil }
        let faults = currentOptions.storageFaults
        if faults.crashAroundPersistProbability > 0,
           let write = effects.firstIndex(where: { if case .persist = $0 { true } else { false } }),
           storageRandom.chance(faults.crashAroundPersistProbability) {
            return storageRandom.chance(0.5) ? write : write + 1
        }
        guard storageRandom.chance(faults.crashWithinInputProbability) else { return nil }
        return Int.random(in: 0..<effects.count, using: &storageRandom)
    }

    /// Performs `effects[start...]` in order under storage faults: stops at `crashPoint` by
    /// crashing the node, and at a slow write by leaving the rest in `unfinished` until
    /// the write completes. `onEffects` hears of the input once it is finished or cut short,
    /// with the effects that were performed.
    @inlinable
    func perform(_ effects: [Effect<Node.Message, Node.DurableState>], from start: Int, crashPoint: Int?,
                 of position: Int, handledAt: Instant) {
        var index = start
        while index < effects.count {
            if index == crashPoint {
                crashWithinInput(position, performed: index, of: effects, handledAt: handledAt)
                return
            }
            if Effect.isSupersededPersist(at: index, in: effects) {
                index += 1  // as the live runtime does: the next write covers it, nothing between
                continue
            }
            if case .persist(let state) = effects[index] {
                let faults = currentOptions.storageFaults
                let fails = storageRandom.chance(faults.persistFailureProbability)
                let latency = faults.delaysPersists
                    ? storageRandom.duration(from: faults.persistLatencyMin, below: faults.persistLatencyMax)
                    : .zero
                if latency > .zero {
                    totals.persistsDelayed += 1
                    record(position, .storage("a write starts; it takes \(latency)"))
                    unfinished[position] = UnfinishedInput(effects: effects, next: index + 1, crashPoint: crashPoint,
                                                           writing: state, writeFails: fails, handledAt: handledAt)
                    slots[position].isWriting = true
                    agenda.push(.writeCompleted(node: position, incarnation: slots[position].incarnation),
                                at: nowNanoseconds + latency.nanoseconds)
                    return
                }
                if fails {
                    failWrite(position, performed: index, of: effects, handledAt: handledAt)
                    return
                }
            }
            perform(effects[index], of: position)
            index += 1
        }
        if crashPoint == effects.count {  // just after a persist that was the last effect
            crashWithinInput(position, performed: index, of: effects, handledAt: handledAt)
            return
        }
        if let onEffects { onEffects(handledAt, members[position], effects) }
    }

    /// The first `performed` of `effects`, less the writes skipped because the next one
    /// superseded it: cut short between the two, the node stored neither, and an observer
    /// that counts what reached the disk must not count the first.
    @inlinable
    func performedEffects(_ effects: [Effect<Node.Message, Node.DurableState>], upTo performed: Int)
        -> [Effect<Node.Message, Node.DurableState>]
    {
        effects.indices.prefix(performed)
            .filter { !Effect.isSupersededPersist(at: $0, in: effects) }
            .map { effects[$0] }
    }

    /// A drawn crash: the node dies after `performed` of the input's effects.
    @inlinable
    func crashWithinInput(_ position: Int, performed: Int, of effects: [Effect<Node.Message, Node.DurableState>],
                          handledAt: Instant) {
        totals.crashesWithinInput += 1
        record(position, .storage("crashed after \(performed) of the \(effects.count) effects of one input"))
        if let onEffects { onEffects(handledAt, members[position], performedEffects(effects, upTo: performed)) }
        crash(members[position])
    }

    /// A failed write: like the live runtime, the node stops rather than go on with a state
    /// it could not store. The disk keeps what it had.
    @inlinable
    func failWrite(_ position: Int, performed: Int, of effects: [Effect<Node.Message, Node.DurableState>],
                   handledAt: Instant) {
        totals.persistFailures += 1
        record(position, .storage("a write failed, so the node stops (as the live runtime exits 1); "
                                  + "the disk keeps its old state"))
        if let onEffects { onEffects(handledAt, members[position], performedEffects(effects, upTo: performed)) }
        crash(members[position])
    }

    /// The slow write of `position` is due: it fails (a crash), or it is durable and the rest
    /// of its input goes on, unless the node is paused, in which case that waits for resume.
    @inlinable
    func completeWrite(of position: Int) {
        guard var pending = unfinished[position] else { return }
        if pending.writeFails {
            unfinished[position] = nil
            slots[position].isWriting = false
            failWrite(position, performed: pending.next - 1, of: pending.effects, handledAt: pending.handledAt)
            return
        }
        durableStates[position] = pending.writing
        record(position, .storage("the write is durable"))
        guard slots[position].lifecycle != .paused else {
            pending.writeIsDurable = true
            unfinished[position] = pending
            return
        }
        continueAfterWrite(of: position)
    }

    /// Performs what followed a completed write, then the inputs that queued meanwhile.
    @inlinable
    func continueAfterWrite(of position: Int) {
        guard let pending = unfinished[position] else { return }
        unfinished[position] = nil
        slots[position].isWriting = false
        perform(pending.effects, from: pending.next, crashPoint: pending.crashPoint, of: position,
                handledAt: pending.handledAt)
        drainBacklog(of: position)
    }

    /// Completes any write in flight now, with what follows it, for a node being stopped.
    /// - Returns: whether the node is still running (a failed write or a drawn crash may have
    ///   taken it down on the way).
    @inlinable
    func finishWritesAtOnce(of position: Int) -> Bool {
        while let pending = unfinished[position], slots[position].isRunning {
            if pending.writeIsDurable { continueAfterWrite(of: position) } else { completeWrite(of: position) }
        }
        return slots[position].isRunning
    }

    /// Handles a running node's queued inputs in order, until the queue is empty or the node
    /// blocks again (a slow write), hangs or dies.
    @inlinable
    func drainBacklog(of position: Int) {
        while slots[position].lifecycle == .running, !slots[position].isWriting, !slots[position].backlog.isEmpty {
            let input = slots[position].backlog.removeFirst()
            handleQueued(input, at: position)
        }
    }

    /// Sends to a node named by id, as a node's `.send` effect does.
    @inlinable
    func send(_ message: Node.Message, from sender: Int, toID destination: NodeID) {
        if let receiver = positions.position(of: destination) {
            send(message, from: sender, to: receiver)
            return
        }
        // Not a member: nothing to deliver to. Counted, so the mistake shows.
        totals.messagesSent += 1
        totals.messagesDropped += 1
        typeTally.add(message.typeName)
        if options.recordsTrace {
            recordedTrace.append(TraceEntry(time: now, node: destination, kind: .dropped(
                type: message.typeName, from: members[sender], reason: "not a member")))
        }
    }

    /// Puts one message on the link from `sender` to `receiver`.
    @inlinable
    func send(_ message: Node.Message, from sender: Int, to receiver: Int) {
        totals.messagesSent += 1
        typeTally.add(message.typeName)
        // 1. A partition drops it silently.
        guard network.connects(sender, receiver) else {
            drop(message, from: sender, to: receiver, reason: "partition")
            return
        }
        // 2. Nobody is listening: the sender may learn so, like a refused connect.
        guard slots[receiver].isRunning else {
            drop(message, from: sender, to: receiver, reason: slots[receiver].downReason)
            reportUnreachable(receiver, to: sender)
            return
        }
        // 3. The link may lose it, delay it, and duplicate it.
        let link = network.link(from: sender, to: receiver)
        if networkRandom.chance(link.lossProbability) {
            drop(message, from: sender, to: receiver, reason: "loss")
            return
        }
        let incarnation = slots[receiver].incarnation
        let senderIncarnation = slots[sender].incarnation
        let pair = sender * members.count + receiver
        let arrival = nowNanoseconds + link.baseDelay + drawJitter(link)
        agenda.push(.arrival(message, sender: sender, receiver: receiver, incarnation: incarnation,
                             senderIncarnation: senderIncarnation), at: arrival)
        lastArrivalNanoseconds[pair] = max(lastArrivalNanoseconds[pair], arrival)
        if networkRandom.chance(link.duplicationProbability) {
            totals.messagesDuplicated += 1
            let duplicate = nowNanoseconds + link.baseDelay + drawJitter(link)
            agenda.push(.arrival(message, sender: sender, receiver: receiver, incarnation: incarnation,
                                 senderIncarnation: senderIncarnation), at: duplicate)
            lastArrivalNanoseconds[pair] = max(lastArrivalNanoseconds[pair], duplicate)
        }
    }

    @inlinable @inline(__always)
    func drawJitter(_ link: NetworkModel.Link) -> Int64 {
        link.jitter > 0 ? Int64.random(in: 0..<link.jitter, using: &networkRandom) : 0
    }

    /// `sender` found `receiver` gone (a send to a node that is down, or a message that
    /// reached a process that has since died): like the live transport, it connects, and
    /// that connect decides when it reaches `receiver`, one base delay from now. Refused
    /// (still down), `sender` hears so one base delay after that; accepted (it started
    /// again meanwhile), nothing is said (see `reconnectArrived`). Only once per down
    /// period of `receiver`.
    @inlinable
    func reportUnreachable(_ receiver: Int, to sender: Int) {
        guard markHinted(receiver, to: sender) else { return }
        let delay = network.link(from: sender, to: receiver).baseDelay
        agenda.push(.reconnect(node: sender, incarnation: slots[sender].incarnation, peer: receiver),
                    at: nowNanoseconds + delay)
    }

    /// `position` has just gone down and the kernel closes its connections: every running
    /// peer it is not partitioned from sees its connection close one link delay later (that
    /// peer's link towards it, jitter included), never before the last message it was sent
    /// arrives. Like the live transport, the peer reconnects at once and hears the hint when
    /// that attempt is refused, one round trip (the two base delays) after the close; if
    /// `position` runs again when the attempt reaches it, the attempt is accepted and no
    /// hint comes (see `reconnectArrived`). A paused peer reconnects only when it resumes
    /// (a hung process does nothing with its sockets), so it may find `position` back.
    @inlinable
    func closeConnections(of position: Int) {
        for peer in members.indices where peer != position && network.connects(position, peer) {
            guard markHinted(position, to: peer) else { continue }
            let link = network.link(from: peer, to: position)
            let jitter = link.jitter > 0 ? Int64.random(in: 0..<link.jitter, using: &connectionRandom) : 0
            let closedAt = max(nowNanoseconds + link.baseDelay + jitter,
                               lastArrivalNanoseconds[position * members.count + peer])
            agenda.push(.reconnect(node: peer, incarnation: slots[peer].incarnation, peer: position),
                        at: closedAt + link.baseDelay)
        }
    }

    /// `position`'s connect to `peer`, made when its connection closed or a send found
    /// `peer` gone, arrives: a
    /// restarted `peer` accepts it (a link that came back, no hint), a partition swallows
    /// it (partitions stay silent), and otherwise it is refused, which `position` hears one
    /// base delay later.
    @inlinable
    func reconnectArrived(from position: Int, at peer: Int) {
        guard !slots[peer].isRunning, network.connects(position, peer) else { return }
        let delay = network.link(from: peer, to: position).baseDelay
        agenda.push(.unreachable(node: position, incarnation: slots[position].incarnation, peer: peer,
                                 peerIncarnation: slots[peer].incarnation),
                    at: nowNanoseconds + delay)
    }

    /// Records that `sender` is told `receiver` is down, once per down period of `receiver`.
    /// - Returns: whether a hint is due (hints are on, `sender` runs, and it was not yet told).
    @inlinable
    func markHinted(_ receiver: Int, to sender: Int) -> Bool {
        guard options.reportsUnreachable, slots[sender].isRunning else { return false }
        let pair = sender * members.count + receiver
        let downPeriod = UInt64(slots[receiver].incarnation) + 1
        guard hintedDown[pair] != downPeriod else { return false }
        hintedDown[pair] = downPeriod
        return true
    }

    /// Arms (or moves) a timer: the new generation makes any earlier entry for it stale.
    @inlinable
    func setTimer(_ timer: TimerID, after delay: Duration, of position: Int) {
        nextTimerGeneration &+= 1
        let generation = nextTimerGeneration
        let index: Int
        if let existing = slots[position].timerIndex(of: timer) {
            index = existing
            slots[position].timers[index].generation = generation
            slots[position].timers[index].isPending = true
        } else {
            index = slots[position].timers.count
            slots[position].timers.append(.init(id: timer, generation: generation, isPending: true))
        }
        let due = nowNanoseconds + max(0, delay.nanoseconds)
        agenda.push(.timer(node: position, incarnation: slots[position].incarnation, index: index,
                           generation: generation), at: due)
    }

    @inlinable
    func drop(_ message: Node.Message, from sender: Int, to receiver: Int, reason: String) {
        totals.messagesDropped += 1
        if options.recordsTrace {
            record(receiver, .dropped(type: message.typeName, from: members[sender], reason: reason))
        }
    }

    /// The messages a paused node had not handled yet die with it.
    @inlinable
    func dropBacklog(of position: Int, reason: String) {
        for case .message(let message, let sender, _) in slots[position].backlog {
            drop(message, from: sender, to: position, reason: reason)
        }
    }

    @inlinable @inline(__always)
    func record(_ position: Int, _ kind: @autoclosure () -> TraceEntry.Kind) {
        guard options.recordsTrace else { return }
        recordedTrace.append(TraceEntry(time: now, node: members[position], kind: kind()))
    }

    @inlinable
    func position(of id: NodeID) -> Int {
        guard let position = positions.position(of: id) else {
            preconditionFailure("node \(id) is not a member of this simulation; its members are "
                                + members.map(\.description).joined(separator: ", "))
        }
        return position
    }
}
