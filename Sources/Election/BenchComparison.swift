/// One comparison of `election-bench`'s default run: a question the run answers by putting an
/// algorithm's variants side by side, each beside the algorithm as shipped.
///
/// The bench owns how each comparison is run (scenario, shape, timing, trials); an entry only
/// says which of its variants take part (`RegisteredAlgorithm.benchVariants(for:)`). An
/// algorithm that offers nothing for a comparison is left out of its table.
public enum BenchComparison: Sendable, Hashable, CaseIterable {
    /// kill -9 of the leader, with each option beyond the textbook on (the defaults) and off:
    /// what noticing a crash from a closed connection saves over timeouts.
    case crashDetection
    /// Ctrl+C (SIGINT) of the leader, with and without the leader handing its place over
    /// before it exits.
    case handOver
    /// kill -9 found by timeouts alone, at timings shared with other systems, so the figures
    /// compare across implementations. It has no defaults row: the defaults would not wait.
    case timeoutsOnly
    /// Storms, slow nodes and partitions, with and without the options that keep a healthy
    /// leader in place (pre-votes, a leader stepping down without a quorum, leases).
    case disruptionOptions
    /// The highest id slowed down and watched for a long time: does leadership stay put
    /// (a sticky variant) or move back and forth to the highest id (the classic rule)?
    case highestIDStability
    /// The highest id flapping up and down: how often leadership moves with it, by variant.
    case highestIDStorm

    /// Whether the table starts with the algorithm as shipped, as the baseline of its variants.
    public var includesDefaults: Bool { self != .timeoutsOnly }
}
