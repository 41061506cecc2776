import AlgorithmRegistry
import Election

/// Which settings `election-bench chaos` gives each algorithm.
///
/// By default the shipped ones, so that the chaos checks what users run; the textbook
/// baseline and the variants the bench compares are a flag away. Every choice keeps the
/// defaults' timing: the options change what a node does, not how long it waits, so the
/// recovery bound and the watch after recovery (taken from the defaults) fit each of them.
public enum ChaosSettingsChoice: Hashable, Sendable {
    /// The registry's `defaultSettings`: what `election-node` runs with no flags.
    case defaults
    /// The bench's baseline (`settings(from:)` with no timing flag): every option beyond the
    /// published algorithm off (`--textbook`).
    case textbook
    /// One of the variants the algorithm offers the bench, by its short name (`sticky`,
    /// `no-fast-detect`): its flags over the defaults (`--variant NAME`).
    case variant(String)

    /// The words `chaos` is given to make this choice again (for replay commands).
    public var arguments: [String] {
        switch self {
        case .defaults: []
        case .textbook: ["--textbook"]
        case .variant(let name): ["--variant", name]
        }
    }

    /// The settings of `Node` for this choice; throws for a variant it does not offer.
    public func settings<Node: RegisteredAlgorithm>(of _: Node.Type) throws(ChaosSettingsError) -> Node.Settings {
        switch self {
        case .defaults:
            return Node.defaultSettings
        case .textbook:
            do { return try Node.settings(from: BenchTiming()) } catch {
                throw ChaosSettingsError(algorithm: Node.algorithmName, reason: error.description)
            }
        case .variant(let name):
            guard let offer = Self.offeredVariants(of: Node.self).first(where: { $0.name == name }) else {
                throw ChaosSettingsError(algorithm: Node.algorithmName,
                                         reason: "it offers no variant '\(name)'; "
                                             + Self.variantChoices(of: Node.self))
            }
            do { return try Node.settings(fromArguments: offer.flags) } catch {
                throw ChaosSettingsError(algorithm: Node.algorithmName, reason: error.description)
            }
        }
    }

    /// What ran, for the report: "the shipped defaults (election-node with no flags)".
    public var title: String {
        switch self {
        case .defaults: "the shipped defaults (what election-node runs with no flags)"
        case .textbook: "the textbook baseline (--textbook: every option beyond the published algorithm off)"
        case .variant(let name): "the variant \(name) (--variant \(name): the flags of the bench's row of that name)"
        }
    }

    /// The variants an entry offers the bench, each once, by short name: the row's name
    /// after the algorithm's title, in lower case with dashes ("Bully no fast detect" is
    /// `no-fast-detect`), with the flags it sets.
    public static func offeredVariants(of entry: any RegisteredAlgorithm.Type) -> [(name: String, flags: [String])] {
        var offered: [(name: String, flags: [String])] = []
        for comparison in BenchComparison.allCases {
            for offer in entry.benchVariants(for: comparison) {
                let name = shortName(of: offer.name, title: entry.title)
                if !offered.contains(where: { $0.name == name }) { offered.append((name, offer.flags)) }
            }
        }
        return offered
    }

    /// "Bully no fast detect" with the title "Bully": `no-fast-detect`.
    static func shortName(of rowName: String, title: String) -> String {
        let words = rowName.hasPrefix(title + " ") ? String(rowName.dropFirst(title.count + 1)) : rowName
        return words.lowercased().split(separator: " ").joined(separator: "-")
    }

    /// "its variants are no-fast-detect, no-hand-over, ..." for error messages.
    static func variantChoices(of entry: any RegisteredAlgorithm.Type) -> String {
        let names = offeredVariants(of: entry).map(\.name)
        return names.isEmpty ? "it offers none" : "its variants are " + FlagValue.choice(names)
    }
}

/// A settings choice an algorithm cannot run: a variant it does not offer, or settings it
/// refuses.
public struct ChaosSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var algorithm: String
    public var reason: String

    public var description: String { "\(algorithm) cannot run that chaos: \(reason)" }
}

extension ChaosSettingsChoice {
    /// The variants by algorithm for `chaos --help`, under its option column: lines of
    /// "bully: no-fast-detect, ...", wrapped.
    static var variantHelp: String {
        let column = String(repeating: " ", count: 25)
        return AlgorithmRegistry.standard.entries.flatMap { entry in
            TextWrap.lines(column + "\(entry.algorithmName): "
                               + offeredVariants(of: entry).map(\.name).joined(separator: ", "),
                           width: 90, indent: column + "  ")
        }.joined(separator: "\n")
    }
}
