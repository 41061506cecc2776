import Election

/// One algorithm run with a named set of its own flags ("Raft textbook": every option off),
/// so that a gain and its baseline run side by side in one bench run.
///
/// The flags are `election-node` flags exactly as a user types them, in `--flag value`
/// pairs, so a variant means the same thing in both worlds: the simulator builds the
/// settings from them (`settings(for:timing:)`), a live node receives the same settings
/// as its command line. A variant starts from the algorithm as shipped (its
/// `defaultSettings`, as `election-node` runs it), takes the bench's timing flags, then its
/// own flags: an empty list is the algorithm as a user gets it, whatever its defaults are.
struct BenchVariant: Hashable, Sendable, CustomStringConvertible {
    /// `ElectionProtocol.algorithmName`.
    var algorithm: String
    /// The row's name for people: "Raft textbook", "Bully --fast-detect off".
    var name: String
    /// `["--fast-detect", "off"]`; empty for the defaults.
    var flags: [String]

    init(_ algorithm: String, _ name: String, flags: [String] = []) {
        self.algorithm = algorithm
        self.name = name
        self.flags = flags
    }

    /// "Raft textbook (--pre-vote off, --check-quorum off)", "Raft (defaults)".
    var description: String { "\(name) (\(flagsSummary))" }

    /// "--pre-vote off, --check-quorum off", or "defaults".
    var flagsSummary: String {
        guard !flags.isEmpty else { return "defaults" }
        return stride(from: 0, to: flags.count, by: 2).map { index in
            flags[index] + (index + 1 < flags.count ? " " + flags[index + 1] : "")
        }.joined(separator: ", ")
    }

    /// The settings `Node` runs with in this variant: its defaults, the bench's timing flags
    /// over them, then the variant's own flags. Throws when a flag is not `Node`'s or the
    /// settings cannot run together.
    ///
    /// The bench's own reading of its timing flags (`settings(from: BenchTiming)`) starts
    /// from the textbook baseline, so only what the timing flags changed in it is taken: the
    /// node flags whose values differ from that baseline's.
    func settings<Node: RegisteredAlgorithm>(for _: Node.Type, timing: BenchTiming) throws -> Node.Settings {
        let baseline = Node.arguments(for: try Node.settings(from: BenchTiming()))
        let timed = Node.arguments(for: try Node.settings(from: timing))
        var changedByTiming: [String] = []
        for index in stride(from: 0, to: min(baseline.count, timed.count) - 1, by: 2)
        where timed[index + 1] != baseline[index + 1] {
            changedByTiming += [timed[index], timed[index + 1]]
        }
        return try Node.settings(fromArguments: changedByTiming + flags)
    }
}

extension BenchVariant {
    /// `entry` as shipped, named so that a row never hides which settings it ran:
    /// "Raft (defaults)", not a bare "Raft".
    static func defaults(of entry: any RegisteredAlgorithm.Type) -> BenchVariant {
        BenchVariant(entry.algorithmName, "\(entry.title) (defaults)")
    }

    /// The variant `entry` offers as `offer`.
    init(_ entry: any RegisteredAlgorithm.Type, _ offer: BenchVariantOffer) {
        self.init(entry.algorithmName, offer.name, flags: offer.flags)
    }
}
