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
    /// Whether sending to a node that is not running tells the sender so.
    ///
    /// When `true` (the default) the sender receives `.peerUnreachable(target)` one base
    /// delay later, the way a refused TCP connect comes back. A partition never reports
    /// anything: its messages vanish silently, like packets on a cut cable.
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
