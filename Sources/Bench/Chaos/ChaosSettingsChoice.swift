import AlgorithmRegistry
import Election

/// Which settings `election-bench chaos` gives each algorithm.
///
/// By default the shipped ones, so that the chaos checks what users run; the textbook
/// baseline and the other variants the bench compares are a flag away, by the names a
/// single scenario's `--variant` takes (`VariantChoice`). Every choice keeps the defaults'
/// timing: the options change what a node does, not how long it waits, so the recovery
/// bound and the watch after recovery (taken from the defaults) fit each of them.
public enum ChaosSettingsChoice: Hashable, Sendable {
    /// The registry's `defaultSettings`: what `election-node` runs with no flags.
    case defaults
    /// A variant the algorithm offers the bench, by its short name (`textbook`, `sticky`,
    /// `no-fast-detect`): its flags over the defaults (`--variant NAME`).
    case variant(String)
    /// The algorithm's own switches and choices over the defaults, as `election-node` takes
    /// them (`--no-pre-vote`, `--fast-detect on`, `--bully-variant sticky`): one combination
    /// of `--every-combination` (`ChaosCombinations`), and the words that replay it.
    case switches([String])

    /// Every option beyond the published algorithm off (`--textbook`, `--variant textbook`).
    public static let textbook = ChaosSettingsChoice.variant("textbook")

    /// The choice a `--variant` name makes: `defaults` is the defaults.
    init(variantName name: String) {
        self = name == VariantChoice.defaultsName ? .defaults : .variant(name)
    }

    /// The words `chaos` is given to make this choice again (for replay commands).
    public var arguments: [String] {
        switch self {
        case .defaults: []
        case .variant(let name): ["--variant", name]
        case .switches(let flags): flags
        }
    }

    /// The settings of `Node` for this choice; throws for a variant it does not offer.
    public func settings<Node: RegisteredAlgorithm>(of _: Node.Type) throws(ChaosSettingsError) -> Node.Settings {
        if case .switches(let flags) = self {
            do {
                return try Node.settings(fromArguments: flags)
            } catch {
                throw ChaosSettingsError(algorithm: Node.algorithmName, reason: error.description)
            }
        }
        guard case .variant(let name) = self else { return Node.defaultSettings }
        guard let choice = VariantChoice.choices(of: Node.self).first(where: { $0.name == name }) else {
            throw ChaosSettingsError(algorithm: Node.algorithmName,
                                     reason: VariantChoice.noSuchVariant(name, of: Node.algorithmName))
        }
        do {
            return try choice.variant.settings(for: Node.self, timing: BenchTiming())
        } catch {
            throw ChaosSettingsError(algorithm: Node.algorithmName, reason: "\(error)")
        }
    }

    /// What ran, for the report: "the shipped defaults (what election-node runs with no flags)".
    public var title: String {
        switch self {
        case .defaults: "the shipped defaults (what election-node runs with no flags)"
        case .variant(let name): "the variant \(name) (--variant \(name), its flags over the defaults)"
        case .switches(let flags):
            flags.isEmpty ? "the shipped defaults (every switch as shipped)"
                : "the defaults with \(flags.joined(separator: " ")) (its own switches, as election-node takes them)"
        }
    }

    /// The first of `algorithms` that does not offer the variant `name`, if any.
    static func algorithmLacking(_ name: String, among algorithms: [String]) -> String? {
        algorithms.first { !VariantChoice.unknownNames([name], algorithms: [$0]).isEmpty }
    }

    /// The variants by algorithm for `chaos --help`, under its option column: lines of
    /// "Bully: defaults, no-fast-detect, ...", wrapped.
    static var variantHelp: String {
        let column = String(repeating: " ", count: 25)
        return AlgorithmRegistry.standard.entries.flatMap { entry in
            TextWrap.lines(column + VariantChoice.namesInWords(algorithms: [entry.algorithmName]),
                           width: 90, indent: column + "  ")
        }.joined(separator: "\n")
    }
}

/// A settings choice an algorithm cannot run: a variant it does not offer, or settings it
/// refuses.
public struct ChaosSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var algorithm: String
    public var reason: String

    public var description: String { "\(algorithm) cannot run that chaos: \(reason)" }
}
