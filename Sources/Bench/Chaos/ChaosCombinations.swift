import AlgorithmRegistry
import Election

/// The settings `election-bench chaos --every-combination` runs for one algorithm: every
/// combination of the settings its registry entry lets a user switch between, everything
/// else at the shipped defaults, so that Bench names no algorithm and no option.
///
/// Two kinds of flag are combined: each on/off switch (a flag with a `--no-` spelling:
/// `--pre-vote`), and each flag that declares the few words it takes (`AlgorithmFlag.choices`:
/// `--bully-variant classic|sticky`). Timing flags take numbers and are left at the defaults.
public enum ChaosCombinations {
    /// One setting the combinations vary: a flag, its values (the defaults' own first), and
    /// for each value the words that set it over the defaults (none for the defaults' value).
    struct Dimension {
        var flag: String
        var values: [String]
        var words: [[String]]
    }

    /// Every combination, the shipped defaults first: the product of each dimension's
    /// values (2^n for n switches, times 2 for a two-word choice). Each writes only what
    /// differs from the defaults, a switch off as its negation (`--no-pre-vote`), so that
    /// the choice is also the command line that replays it.
    public static func all<Node: RegisteredAlgorithm>(of entry: Node.Type) -> [ChaosSettingsChoice] {
        var combinations: [[String]] = [[]]
        for dimension in dimensions(of: entry) {
            combinations = dimension.words.flatMap { words in combinations.map { $0 + words } }
        }
        return combinations.map { .switches($0) }
    }

    /// What the combinations vary, for the report: "--pre-vote, --check-quorum" or
    /// "--fast-detect, --hand-over, --bully-variant classic|sticky".
    public static func varied<Node: RegisteredAlgorithm>(of entry: Node.Type) -> String {
        dimensions(of: entry).map { dimension in
            dimension.words.count == 2 && Node.flags.contains { $0.name == dimension.flag && $0.negation != nil }
                ? dimension.flag : dimension.flag + " " + dimension.values.joined(separator: "|")
        }.joined(separator: ", ")
    }

    /// The words chaos takes to give settings like a combination's: the varied flags and the
    /// switches' negations.
    public static func flagWords<Node: RegisteredAlgorithm>(of entry: Node.Type) -> Set<String> {
        Set(dimensions(of: entry).map(\.flag)).union(Node.negatedFlags.keys)
    }

    /// How many combinations each registered algorithm has, for `chaos --help`: "Bully 8, Raft 32".
    static var countsInWords: String {
        AlgorithmRegistry.standard.entries.map { "\($0.title) \(all(of: $0).count)" }.joined(separator: ", ")
    }

    /// A combination for its line of the report: "off: --pre-vote --lease", "off: none;
    /// --bully-variant sticky" (a switch turned on that is off by default: "on: --NAME").
    static func label(of choice: ChaosSettingsChoice) -> String {
        guard case .switches(let words) = choice else { return "" }
        var off: [String] = [], on: [String] = [], others: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            let next = index + 1 < words.count ? words[index + 1] : nil
            if word.hasPrefix("--no-"), next.map({ $0.hasPrefix("--") }) ?? true {
                off.append("--" + word.dropFirst("--no-".count))
                index += 1
                continue
            }
            switch next {
            case FlagNegation.value: off.append(word)
            case "on": on.append(word)
            default: others.append(word + (next.map { " " + $0 } ?? ""))
            }
            index += 2
        }
        return "off: " + (off.isEmpty ? "none" : off.joined(separator: " "))
            + (on.isEmpty ? "" : "; on: " + on.joined(separator: " "))
            + (others.isEmpty ? "" : "; " + others.joined(separator: ", "))
    }

    static func dimensions<Node: RegisteredAlgorithm>(of _: Node.Type) -> [Dimension] {
        let defaults = Node.defaultSettings
        return Node.flags.compactMap { flag -> Dimension? in
            let shipped = flag.value(in: defaults)
            if let negation = flag.negation {
                let other = shipped == FlagNegation.value ? "on" : FlagNegation.value
                return Dimension(flag: flag.name, values: [shipped, other],
                                 words: [[], other == FlagNegation.value ? [negation.name] : [flag.name, other]])
            }
            guard let values = flag.choices, values.contains(shipped) else { return nil }
            let others = values.filter { $0 != shipped }
            return Dimension(flag: flag.name, values: [shipped] + others,
                             words: [[]] + others.map { [flag.name, $0] })
        }
    }
}
