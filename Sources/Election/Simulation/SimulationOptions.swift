/// The knobs of one simulation run, fixed when the `Simulator` is created.
///
/// The seed is the whole story of a run's randomness: two simulators created with the same
/// options and driven by the same script produce the same trace, byte for byte. Print it
/// with every failure ("reproduce with seed 42").
public struct SimulationOptions: Sendable {
    /// The seed of the one generator every random choice of the run is drawn from.
    public var seed: UInt64
    /// The conditions of every link that `Simulator.setLink` has not overridden.
    public var network: LinkConditions
    /// Whether nodes hear `.peerUnreachable` when a peer's connection closes or is refused.
    ///
    /// When `true` (the default), as the live transport sees it: a node that crashes or
    /// stops closes its connections, so each running peer hears of it one link delay later;
    /// a send to a node that is down is refused, and the sender hears of it one base delay
    /// later. Either way a peer is told once per up-to-down transition, not per message. A
    /// paused (hung) node and a partition never report anything: the kernel keeps a hung
    /// process's sockets open, and a cut cable drops packets silently.
    public var reportsUnreachable: Bool
    /// Whether to keep a `TraceEntry` for everything that happens. Turn it off for fast
    /// benchmark runs: no text is built at all when it is off, and the run is otherwise
    /// identical (the same random draws, the same counters).
    public var recordsTrace: Bool
    /// Crashes within an input, slow writes and failed writes (see `StorageFaults`); none by
    /// default. `Simulator.setStorageFaults` changes them during a run.
    public var storageFaults: StorageFaults

    public init(seed: UInt64, network: LinkConditions = .init(), reportsUnreachable: Bool = true,
                recordsTrace: Bool = true, storageFaults: StorageFaults = .none) {
        self.seed = seed
        self.network = network
        self.reportsUnreachable = reportsUnreachable
        self.recordsTrace = recordsTrace
        self.storageFaults = storageFaults
    }
}
