/// Seeded faults of a node's process and disk while it performs the effects of one input:
/// the ways a real server can die or stall between deciding something and acting on all of
/// it. Every fault is off by default, and while all are off the simulator draws nothing for
/// them, so a seed replays exactly as it did before they existed.
///
/// What each fault means, in the shell's terms (the effects of an input are performed in
/// order, and a `.persist` is durable before any later effect):
/// - **A crash within an input**: the node is killed after performing `k` of the `n` effects
///   an input returned, `k` drawn uniformly from `0..<n`. Effects `k...` never happen. A
///   crash before a `.persist` loses the write (the disk keeps the old state); a crash just
///   after it keeps the write but loses, say, the vote reply that was to follow.
/// - **A crash around a persist**: the same crash, aimed at the first `.persist` of an
///   input: half the time just before it, half the time just after it. Random crash points
///   rarely land there, and it is where the protocol's promise lives.
/// - **Persist latency**: a write takes a drawn time to become durable, like an `fsync`.
///   Nothing after it in that input is performed before it completes, and inputs that arrive
///   meanwhile queue, as they do on a runtime whose one thread is blocked in `fsync`. A crash
///   while the write is in flight loses it.
/// - **A failed persist**: the write does not happen and the node crashes at that point,
///   which is what the live runtime does (`LiveNode` stops the node with exit status 1
///   rather than risk a second vote in a term). The disk keeps the old state.
///
/// The draws come from a generator of their own, split from the seed, so turning a fault on
/// does not change the network's or the nodes' random choices (though the run diverges as
/// soon as a fault changes what happens).
public struct StorageFaults: Hashable, Sendable {
    /// Chance, per input that returns at least one effect, of a crash part-way through them.
    public var crashWithinInputProbability: Double
    /// Chance, per input that persists, of a crash just before or just after its first
    /// `.persist` (checked before `crashWithinInputProbability`).
    public var crashAroundPersistProbability: Double
    /// The shortest time a `.persist` takes to become durable.
    public var persistLatencyMin: Duration
    /// Persist latencies are drawn uniformly from `[persistLatencyMin, persistLatencyMax)`;
    /// both zero (the default) means a write is durable at once.
    public var persistLatencyMax: Duration
    /// Chance, per `.persist`, that the write fails and the node crashes instead.
    public var persistFailureProbability: Double

    public init(crashWithinInputProbability: Double = 0, crashAroundPersistProbability: Double = 0,
                persistLatencyMin: Duration = .zero, persistLatencyMax: Duration = .zero,
                persistFailureProbability: Double = 0) {
        self.crashWithinInputProbability = crashWithinInputProbability
        self.crashAroundPersistProbability = crashAroundPersistProbability
        self.persistLatencyMin = persistLatencyMin
        self.persistLatencyMax = persistLatencyMax
        self.persistFailureProbability = persistFailureProbability
    }

    /// No storage faults at all: what every simulation gets unless it asks.
    public static var none: StorageFaults { StorageFaults() }

    /// Whether any fault can happen (and so whether the simulator draws for them).
    public var isEnabled: Bool {
        crashWithinInputProbability > 0 || crashAroundPersistProbability > 0
            || persistLatencyMax > .zero || persistLatencyMin > .zero || persistFailureProbability > 0
    }

    /// Whether a persist may take time.
    public var delaysPersists: Bool { persistLatencyMax > .zero || persistLatencyMin > .zero }
}
