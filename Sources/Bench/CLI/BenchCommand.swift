/// What one `election-bench` command line asks for.
enum BenchCommand: Hashable, Sendable {
    /// `--help`: the general help (`nil`) or one scenario's.
    case help(ScenarioName?)
    /// Run something.
    case run(BenchOptions)
    /// `chaos`: seeded fault runs of every algorithm, checked for broken invariants.
    case chaos(ChaosOptions)
    /// `chaos --help`.
    case chaosHelp
}
