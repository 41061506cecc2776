import Election

/// The effects of one input that a node could not finish performing yet, because one of them
/// is a write that takes time (see `StorageFaults.persistLatencyMin`). The node's process is
/// blocked, as in `fsync`: the rest waits for the write, and new inputs queue behind it.
@usableFromInline
struct UnfinishedInput<Node: ElectionProtocol> {
    /// Every effect the input returned.
    @usableFromInline let effects: [Effect<Node.Message, Node.DurableState>]
    /// The effect after the write in flight: where performing resumes.
    @usableFromInline let next: Int
    /// Where a drawn crash will stop the node (an index into `effects`), if one was drawn.
    @usableFromInline let crashPoint: Int?
    /// What the write in flight stores once it completes.
    @usableFromInline let writing: Node.DurableState
    /// Whether the write will fail when its time is up (the node crashes then).
    @usableFromInline let writeFails: Bool
    /// When the input was handled, for `Simulator.onEffects`.
    @usableFromInline let handledAt: Instant
    /// Set when the write completed while the node was paused: the rest runs on resume.
    @usableFromInline var writeIsDurable = false

    @inlinable
    init(effects: [Effect<Node.Message, Node.DurableState>], next: Int, crashPoint: Int?,
         writing: Node.DurableState, writeFails: Bool, handledAt: Instant) {
        self.effects = effects
        self.next = next
        self.crashPoint = crashPoint
        self.writing = writing
        self.writeFails = writeFails
        self.handledAt = handledAt
    }
}
