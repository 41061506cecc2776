import AlgorithmRegistry
import Election

/// The settings choice of `crash-loop` and `chaos --live`: the same `--textbook` /
/// `--variant NAME` as the simulated chaos (the shipped defaults unless they say otherwise),
/// but over the bench's timing flags, which the live runs take and the simulated chaos does not.
extension ChaosSettingsChoice {
    /// The `--variant` name of this choice (`defaults`, `textbook`, `no-hand-over`), or the
    /// switches' words.
    var variantName: String {
        switch self {
        case .defaults: VariantChoice.defaultsName
        case .variant(let name): name
        case .switches(let flags): flags.joined(separator: " ")
        }
    }

    /// The variant `algorithm` runs for this choice ("Raft (defaults)", "Raft textbook"; switches
    /// as "Raft --no-pre-vote"), or `nil` when it offers none by that name.
    func variant(of algorithm: String, registry: AlgorithmRegistry = .standard) -> BenchVariant? {
        guard let entry = registry.entry(named: algorithm) else { return nil }
        if case .switches(let flags) = self { return BenchVariant(algorithm, "\(entry.title) \(variantName)", flags: flags) }
        return VariantChoice.choices(of: entry).first { $0.name == variantName }?.variant
    }

    /// "Raft (defaults)", "Raft textbook": the row name of what ran, as other reports name
    /// their rows (for progress lines).
    func settingsName(of algorithm: String) -> String {
        variant(of: algorithm)?.name ?? "\(ScenarioResult.displayName(ofAlgorithm: algorithm)) \(variantName)"
    }

    /// "Raft (defaults)" or "Raft textbook (--pre-vote off, ...)": which settings ran, as a
    /// report line names them (the defaults' row name already says so; a variant adds its flags).
    func settingsLabel(of algorithm: String) -> String {
        guard let variant = variant(of: algorithm), !variant.flags.isEmpty else { return settingsName(of: algorithm) }
        return variant.description
    }

    /// The settings the nodes of `algorithms` run with: the timing flags, then this choice's
    /// flags over them, as a single scenario's `--variant` builds them. Throws when an algorithm
    /// offers no such variant or its settings cannot run together.
    func liveTiming(_ timing: BenchTiming, algorithms: [String]) throws(BenchSettingsError) -> LiveBenchOptions.Timing {
        var live = try LiveBenchOptions.Timing(timing)
        for algorithm in algorithms {
            guard let variant = variant(of: algorithm) else {
                throw BenchSettingsError(algorithm: ScenarioResult.displayName(ofAlgorithm: algorithm),
                                         reason: VariantChoice.noSuchVariant(variantName, of: algorithm))
            }
            try live.use(variant, over: timing)
        }
        return live
    }
}
