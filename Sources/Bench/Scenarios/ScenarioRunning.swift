/// Runs bench scenarios for one algorithm and hands back what they measured.
///
/// Two runners conform: `SimScenarioRunner` (the deterministic simulator, virtual time) and
/// `LiveScenarioRunner` (real `election-node` processes on loopback TCP, in
/// `Sources/Bench/Live`). The command line talks to both through this protocol only, so a
/// result can never be attributed to the wrong world: each runner stamps its own
/// `ScenarioResult.mode` and `measurement`.
///
/// Implementation requirements:
/// - `algorithm` is an `ElectionProtocol.algorithmName` (`bully` or `raft`); anything else
///   MUST throw an error whose description says which names are accepted.
/// - `progress` receives short sentences while the scenario runs ("trial 7 of 20"); it MAY be
///   called from any thread, and a runner SHOULD call it at most a few dozen times per
///   scenario, so printing it costs nothing.
/// - A scenario the runner cannot run (say, a sim-only scenario in the live runner) MUST
///   throw, with a sentence naming the mode that can run it.
public protocol ScenarioRunning {
    /// Runs `scenario` for `algorithm` and returns its headline result. A scenario with
    /// several variants (slow-highest's delay factors, flapping's two nodes, scale's cluster
    /// sizes) returns its first variant here; `runVariants` returns them all.
    func run(_ scenario: ScenarioName, algorithm: String,
             progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult

    /// Every result `scenario` produces for `algorithm`, one per variant, in a stable order.
    /// The default runs `run` once.
    func runVariants(_ scenario: ScenarioName, algorithm: String,
                     progress: @escaping @Sendable (String) -> Void) throws -> [ScenarioResult]
}

extension ScenarioRunning {
    public func runVariants(_ scenario: ScenarioName, algorithm: String,
                            progress: @escaping @Sendable (String) -> Void) throws -> [ScenarioResult] {
        [try run(scenario, algorithm: algorithm, progress: progress)]
    }
}
