import Election

/// Any election algorithm on a machine whose disk takes time to make a write durable.
///
/// The simulator stores `.persist` instantly. Real Raft servers do not: a vote or a new term
/// must reach stable storage (an `fsync`) before the messages that depend on it may leave,
/// and on the Raft paper's test cluster that write was most of the 15 ms "broadcast time".
/// Where that time is spent matters for split votes: a candidate's own write delays its
/// vote requests (the window in which other servers can time out too), while a voter's
/// write only delays its reply.
///
/// This wrapper models it without touching the simulator, as a pure state machine: after
/// the inner node emits `.persist`, the replies it sends in the same step (`.send`) are held
/// back for `writeLatency` and released by a timer of its own. That is Figure 2's rule,
/// "updated on stable storage before responding to RPCs". Broadcasts (a Raft candidate's
/// vote requests) go out at once unless `broadcastsWaitForWrite`: a candidate may ask for
/// votes while its own term is being written, since it cannot win before the replies,
/// which take longer than its write, come back. Timers, logs and the persisted state
/// itself take effect at once; if the node crashes first, the held messages are lost with
/// it, as they would be. Writes overlap rather than queue (an SSD with a deep queue).
struct DiskLatencyNode<Inner: ElectionProtocol>: ElectionProtocol {
    typealias Message = Inner.Message
    typealias DurableState = Inner.DurableState

    struct Settings: Sendable {
        var inner: Inner.Settings
        /// How long a durable write takes; replies sent after it wait this long.
        var writeLatency: Duration
        /// Whether broadcasts sent after a write wait for it too (a candidate that asks for
        /// votes only once its own term is on disk). Off by default.
        var broadcastsWaitForWrite: Bool

        init(inner: Inner.Settings, writeLatency: Duration, broadcastsWaitForWrite: Bool = false) {
            self.inner = inner
            self.writeLatency = writeLatency
            self.broadcastsWaitForWrite = broadcastsWaitForWrite
        }
    }

    static var algorithmName: String { Inner.algorithmName }

    /// The timer that releases held messages once their write is durable.
    static var writeCompleted: TimerID { TimerID("disk-write-completed") }

    private(set) var inner: Inner
    let writeLatency: Duration
    let broadcastsWaitForWrite: Bool
    /// Messages waiting for their write, oldest first, with the moment it completes.
    private var held: [(due: Instant, effects: [Effect<Message, DurableState>])] = []

    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom,
                durable: DurableState?) {
        inner = Inner(id: id, members: members, settings: settings.inner, random: random, durable: durable)
        writeLatency = settings.writeLatency
        broadcastsWaitForWrite = settings.broadcastsWaitForWrite
    }

    var id: NodeID { inner.id }
    var status: NodeStatus { inner.status }

    mutating func handle(_ input: Input<Message>, at now: Instant) -> Effects {
        if case .timerFired(let timer) = input, timer == Self.writeCompleted {
            return releaseCompletedWrites(at: now)
        }
        if case .stop = input { held.removeAll() }
        return holdSendsAfterPersist(inner.handle(input, at: now), at: now)
    }

    /// Passes effects through, except messages that must wait for a `.persist` before them.
    private mutating func holdSendsAfterPersist(_ effects: Effects, at now: Instant) -> Effects {
        guard writeLatency > .zero else { return effects }
        var immediate: Effects = []
        var waiting: Effects = []
        var writing = false
        for effect in effects {
            switch effect {
            case .persist:
                writing = true
                immediate.append(effect)
            case .send:
                if writing { waiting.append(effect) } else { immediate.append(effect) }
            case .broadcast:
                if writing && broadcastsWaitForWrite { waiting.append(effect) } else { immediate.append(effect) }
            case .setTimer, .cancelTimer, .log:
                immediate.append(effect)
            }
        }
        guard !waiting.isEmpty else { return immediate }
        held.append((now + writeLatency, waiting))
        if held.count == 1 { immediate.append(.setTimer(Self.writeCompleted, after: writeLatency)) }
        return immediate
    }

    /// The writes that are durable now let their messages go; the timer moves to the next.
    private mutating func releaseCompletedWrites(at now: Instant) -> Effects {
        var released: Effects = []
        while let first = held.first, first.due <= now {
            released += first.effects
            held.removeFirst()
        }
        if let next = held.first { released.append(.setTimer(Self.writeCompleted, after: next.due - now)) }
        return released
    }
}

extension DiskLatencyNode: BenchAlgorithm where Inner: BenchAlgorithm {
    /// The inner algorithm's settings with an instant disk.
    static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> Settings {
        Settings(inner: try Inner.settings(from: timing), writeLatency: .zero)
    }

    static func recordedTimeouts(of settings: Settings) -> [RecordedTimeout] {
        Inner.recordedTimeouts(of: settings.inner)
    }

    static func purpose(of message: Message) -> MessagePurpose {
        Inner.purpose(of: message)
    }

    static func heartbeatInterval(of settings: Settings) -> Duration {
        Inner.heartbeatInterval(of: settings.inner)
    }

    static func longestQuietElection(of settings: Settings) -> Duration {
        Inner.longestQuietElection(of: settings.inner) + settings.writeLatency * 2
    }

    static func competingTimeout(of settings: Settings) -> (duration: Duration, name: String) {
        Inner.competingTimeout(of: settings.inner)
    }
}
