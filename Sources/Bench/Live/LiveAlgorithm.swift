import AlgorithmRegistry
import Election

/// One algorithm as a live cluster runs it: its name, the facts scenarios need, and the
/// `election-node` flags for its settings. Built from the algorithm's registry entry
/// (`RegisteredAlgorithm`) and the settings the options hold for it, so the live bench never
/// decides anything by an algorithm's name.
struct LiveAlgorithm: Hashable, Sendable {
    /// The facts scenarios need (`ScenarioAlgorithm.name` is the `--algorithm` value).
    var scenario: ScenarioAlgorithm
    /// The algorithm's own flags for its settings (`RegisteredAlgorithm.arguments(for:)`);
    /// `LiveBenchOptions.Timing.validate()` checks that they give the settings back.
    var nodeArguments: [String]
    /// Whether the algorithm persists state, so each node needs a `--data-dir` that
    /// outlives its process.
    var keepsDurableState: Bool

    var name: String { scenario.name }

    /// `Node` with the settings `timing` holds for it.
    init<Node: RegisteredAlgorithm>(_ algorithm: Node.Type, timing: LiveBenchOptions.Timing) {
        let settings = timing[Node.self]
        scenario = ScenarioAlgorithm(Node.self, settings: settings)
        nodeArguments = Node.arguments(for: settings)
        keepsDurableState = Node.keepsDurableState
    }

    /// The algorithm called `name` in `registry`, with the settings `timing` holds for it.
    static func named(_ name: String, in registry: AlgorithmRegistry = .standard,
                      timing: LiveBenchOptions.Timing) throws(LiveBenchError) -> LiveAlgorithm {
        guard let entry = registry.entry(named: name) else { throw .unknownAlgorithm(name) }
        return LiveAlgorithm(entry, timing: timing)
    }
}
