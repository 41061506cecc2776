/// A variant an algorithm offers the bench: a set of its own `election-node` flags, named for
/// the row that shows it ("... no fast detect"), for one comparison of the default run.
///
/// The flags are typed as a user types them, in `--flag value` pairs, and apply over the
/// algorithm's shipped defaults, so a variant means the same in the simulator and live.
public struct BenchVariantOffer: Sendable, Hashable {
    /// Which table of the default run the variant is a row of.
    public var comparison: BenchComparison
    /// The row's name for people: the algorithm's title and what differs.
    public var name: String
    /// `["--fast-detect", "off"]`: never empty, since the defaults row is the bench's own.
    public var flags: [String]

    public init(_ comparison: BenchComparison, _ name: String, flags: [String]) {
        self.comparison = comparison
        self.name = name
        self.flags = flags
    }
}
