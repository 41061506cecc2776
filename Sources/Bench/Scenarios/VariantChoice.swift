import AlgorithmRegistry
import Election

/// A variant picked by name for one scenario (`election-bench failover --variant textbook`):
/// an algorithm as shipped (`defaults`), or one of the variants its registry entry offers the
/// default run, under a short name made from the row's name ("Raft textbook" is `textbook`,
/// "Bully no fast detect" is `no-fast-detect`).
///
/// One name picks the same idea in every algorithm that offers it, each with its own flags:
/// `textbook` turns off every option beyond the paper, whichever options an algorithm has.
/// Nothing here knows an algorithm: the names come from the entries' offers.
struct VariantChoice: Hashable, Sendable {
    /// What `--variant` takes: `defaults`, `textbook`, `no-fast-detect`.
    var name: String
    var variant: BenchVariant

    /// The algorithm as `election-node` runs it with no flags: what a single scenario runs
    /// unless `--variant` says otherwise.
    static let defaultsName = "defaults"

    /// Every choice `entry` offers: its defaults first, then the variants it offers the default
    /// run, in the order of its comparisons. A row offered to several comparisons counts once.
    static func choices(of entry: any RegisteredAlgorithm.Type) -> [VariantChoice] {
        var choices = [VariantChoice(name: defaultsName, variant: .defaults(of: entry))]
        for comparison in BenchComparison.allCases {
            for offer in entry.benchVariants(for: comparison) {
                let name = shortName(of: offer.name, title: entry.title)
                guard !choices.contains(where: { $0.name == name }) else { continue }
                choices.append(VariantChoice(name: name, variant: BenchVariant(entry, offer)))
            }
        }
        return choices
    }

    /// "Raft textbook" → `textbook`: the row's name without the algorithm's title, in lower
    /// case with hyphens, so it can be typed on a command line.
    static func shortName(of rowName: String, title: String) -> String {
        let prefix = title.lowercased() + " "
        let lowered = rowName.lowercased()
        let rest = lowered.hasPrefix(prefix) ? String(lowered.dropFirst(prefix.count)) : lowered
        return rest.split(whereSeparator: { $0 == " " || $0 == "_" }).joined(separator: "-")
    }

    /// The rows one scenario runs: for each registered algorithm in `algorithms`, in registry
    /// order, each of `names` it offers, in the order given. An algorithm that offers none of
    /// them has no row.
    static func rows(named names: [String], algorithms: [String],
                     registry: AlgorithmRegistry = .standard) -> [BenchVariant] {
        registry.entries.filter { algorithms.contains($0.algorithmName) }.flatMap { entry in
            let offered = choices(of: entry)
            return names.compactMap { name in offered.first { $0.name == name }?.variant }
        }
    }

    /// The names none of `algorithms` offers.
    static func unknownNames(_ names: [String], algorithms: [String],
                             registry: AlgorithmRegistry = .standard) -> [String] {
        let offered = Set(registry.entries.filter { algorithms.contains($0.algorithmName) }
            .flatMap { choices(of: $0).map(\.name) })
        return names.filter { !offered.contains($0) }
    }

    /// "it offers no variant 'sticky' (Raft: defaults, textbook, ...)": why `algorithm` cannot
    /// run the variant `name`, for an error's reason.
    static func noSuchVariant(_ name: String, of algorithm: String, registry: AlgorithmRegistry = .standard) -> String {
        "it offers no variant '\(name)' (" + namesInWords(algorithms: [algorithm], registry: registry) + ")"
    }

    /// "Bully: defaults, no-fast-detect, ...; Raft: defaults, textbook, ...": the names each of
    /// `algorithms` offers, for an error message.
    static func namesInWords(algorithms: [String], registry: AlgorithmRegistry = .standard) -> String {
        registry.entries.filter { algorithms.contains($0.algorithmName) }.map { entry in
            "\(entry.title): " + choices(of: entry).map(\.name).joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
