import Election

/// The simulator's bookkeeping for one member, alive or not: where it is in its life, its
/// pending timers, and the inputs waiting while it is paused. (The node's own state lives
/// beside it, in the simulator's `nodes` array.)
@usableFromInline
struct NodeSlot<Message> {
    @usableFromInline
    enum Lifecycle {
        case neverStarted, running, paused, crashed, stopped
    }

    /// The latest `setTimer` for one timer id. A timer's queue entry carries the generation
    /// it was set with, so when the timer is moved or cancelled the old entry is recognised
    /// as stale and ignored, instead of being searched for and removed from the heap.
    @usableFromInline
    struct PendingTimer {
        @usableFromInline let id: TimerID
        @usableFromInline var generation: UInt64
        @usableFromInline var isPending: Bool

        @inlinable
        init(id: TimerID, generation: UInt64, isPending: Bool) {
            self.id = id
            self.generation = generation
            self.isPending = isPending
        }
    }

    /// An input that reached a paused node and waits for it to resume.
    @usableFromInline
    enum QueuedInput {
        /// From incarnation `senderIncarnation` of the member at position `from`.
        case message(Message, from: Int, senderIncarnation: UInt32)
        case timer(index: Int, generation: UInt64)
        /// A refused connect to `peer`, made while `peerIncarnation` was its last process.
        case unreachable(peer: Int, peerIncarnation: UInt32)
        /// A reconnect to `peer` the node could not make while it hung: it makes it on waking.
        case reconnect(peer: Int)
    }

    @usableFromInline var lifecycle = Lifecycle.neverStarted
    /// Bumped on every start. Deliveries, timers and hints scheduled for an earlier
    /// incarnation are discarded: they belonged to a process that no longer exists.
    @usableFromInline var incarnation: UInt32 = 0
    @usableFromInline var timers: [PendingTimer] = []
    @usableFromInline var backlog: [QueuedInput] = []
    /// Blocked in a write that takes time (`StorageFaults`): inputs queue in `backlog` until
    /// it completes, as they do while the node is paused.
    @usableFromInline var isWriting = false

    @inlinable
    init() {}

    /// Started, and neither crashed nor stopped. A paused node is running (it is hung, not
    /// gone): messages to it queue up instead of bouncing.
    @inlinable
    var isRunning: Bool { lifecycle == .running || lifecycle == .paused }

    /// Whether a new input must wait in the backlog instead of being handled now.
    @inlinable
    var isBusy: Bool { lifecycle == .paused || isWriting }

    @inlinable
    var hasEverStarted: Bool { lifecycle != .neverStarted }

    /// Why a message for this node cannot be delivered, for the trace.
    @inlinable
    var downReason: String {
        switch lifecycle {
        case .neverStarted: return "not started"
        case .crashed: return "crashed"
        case .stopped: return "stopped"
        case .running, .paused: return "crashed"  // addressed to an earlier incarnation
        }
    }

    /// The position of the timer named `id` in `timers`, if it was set in this incarnation.
    @inlinable @inline(__always)
    func timerIndex(of id: TimerID) -> Int? {
        for index in timers.indices where timers[index].id == id { return index }
        return nil
    }

    /// A new incarnation starts: nothing of the previous one survives here.
    @inlinable
    mutating func begin() {
        lifecycle = .running
        incarnation &+= 1
        isWriting = false
        timers.removeAll(keepingCapacity: true)
        backlog.removeAll(keepingCapacity: true)
    }

    /// The node goes down; its timers and backlog die with it.
    @inlinable
    mutating func end(_ how: Lifecycle) {
        lifecycle = how
        isWriting = false
        timers.removeAll(keepingCapacity: true)
        backlog.removeAll(keepingCapacity: true)
    }
}
