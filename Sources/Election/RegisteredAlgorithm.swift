/// An algorithm as the programs know it: its name, the flags that build its settings, what it
/// keeps on disk, and (through `BenchAlgorithm`) what the bench needs to measure it.
///
/// The node type itself is the entry, declared in its own folder beside the algorithm
/// (`<Node>+Registry.swift`), so that nothing outside that file decides anything by the
/// algorithm's name. `election-node`, the live bench and the simulated bench receive a list of
/// entries (`any RegisteredAlgorithm.Type`) and open the chosen one with a generic function
/// (through an `AlgorithmVisitor` where speed matters); the core itself names no algorithm.
///
/// Implementation requirements:
/// - `flags` reproduce any settings a user may give: `settings(from:)` applied to
///   `arguments(for: settings)` MUST give `settings` back, for every settings value whose
///   durations are whole milliseconds. The live bench relies on it to start nodes.
/// - `defaultSettings` MUST pass `problem(with:)`.
/// - `algorithmName` is lower-case, unique in a registry, and safe in a file name.
public protocol RegisteredAlgorithm: BenchAlgorithm where Settings: Hashable {
    /// The name for people, capitalised as in prose: what reports and help titles show.
    static var title: String { get }

    /// One line for `--help`: what the algorithm does, in the user's terms.
    static var helpSummary: String { get }

    /// The settings when no flag is given: the algorithm's documented defaults.
    static var defaultSettings: Settings { get }

    /// The algorithm's own `election-node` flags, in the order `--help` lists them. Adding a
    /// setting to the command line means adding one element here.
    static var flags: [AlgorithmFlag<Settings>] { get }

    /// Why these settings cannot run, as one sentence that says what to change; `nil` when
    /// they are usable. The flags are checked only as a whole, through this.
    static func problem(with settings: Settings) -> String?

    /// The settings in one line, for the node's first log line.
    static func settingsSummary(_ settings: Settings) -> String

    /// What the algorithm keeps across crashes, and so whether `--data-dir` applies.
    static var durableStatePolicy: DurableStatePolicy { get }

    /// Whether the algorithm promises at most one leader per term and one vote per node per
    /// term, with the vote surviving restarts: the safety a chaos run can audit from the logs.
    /// An algorithm without terms promises nothing of the kind, and two leaders at once are
    /// then expected under partitions rather than a violation.
    static var promisesOneLeaderPerTerm: Bool { get }

    /// Whether, once faults stop, the leader everyone agrees on MUST be the highest running id
    /// (rather than any one leader).
    static var highestRunningIdLeads: Bool { get }

    /// The variants of this algorithm that `comparison` of the bench's default run puts
    /// beside its defaults, in row order; none by default, which leaves the algorithm out of
    /// that table.
    static func benchVariants(for comparison: BenchComparison) -> [BenchVariantOffer]
}

extension RegisteredAlgorithm {
    public static func benchVariants(for comparison: BenchComparison) -> [BenchVariantOffer] { [] }
}

extension RegisteredAlgorithm {
    /// The settings that flag values describe (`["--heartbeat-ms": "40"]`); flags left out
    /// keep `defaultSettings`. Throws for a value that does not parse, a flag that is not
    /// this algorithm's, or settings that cannot work together.
    public static func settings(from values: [String: String]) throws(FlagValueError) -> Settings {
        let known = Set(flags.map(\.name))
        if let stranger = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw .notAFlagOf(algorithm: algorithmName, flag: stranger)
        }
        var settings = defaultSettings
        for flag in flags {
            if let text = values[flag.name] { try flag.apply(text, to: &settings) }
        }
        if let problem = problem(with: settings) { throw .settingsRejected(problem) }
        return settings
    }

    /// The flags (`["--heartbeat-ms", "50", ...]`) that give `settings` back through
    /// `settings(from:)`: how the live bench starts a node with exactly these settings.
    public static func arguments(for settings: Settings) -> [String] {
        flags.flatMap { [$0.name, $0.value(in: settings)] }
    }

    /// The settings that a list of flags and values (`["--heartbeat-ms", "40", ...]`)
    /// describes, as `arguments(for:)` writes them; a switch may also come as its negation
    /// alone (`--no-pre-vote`). A word that is neither one of this algorithm's flags nor a
    /// negation, and a flag with no value after it, are refused, never passed over.
    public static func settings(fromArguments arguments: [String]) throws(FlagValueError) -> Settings {
        let known = Set(flagNames)
        let negations = negatedFlags
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if let negated = negations[word] {
                values[negated] = FlagNegation.value
                index += 1
            } else if !known.contains(word) {
                throw .notAFlagOf(algorithm: algorithmName, flag: word)
            } else if index + 1 < arguments.count {
                values[word] = arguments[index + 1]
                index += 2
            } else {
                throw .missingValue(flag: word)
            }
        }
        return try settings(from: values)
    }

    /// Each switch's negation (`--no-pre-vote`) with the flag it sets off (`--pre-vote`).
    public static var negatedFlags: [String: String] {
        Dictionary(flags.compactMap { flag in flag.negation.map { ($0.name, flag.name) } },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The names of `flags`, in order.
    public static var flagNames: [String] { flags.map(\.name) }

    /// Whether `--data-dir` applies.
    public static var keepsDurableState: Bool {
        if case .none = durableStatePolicy { return false }
        return true
    }
}
