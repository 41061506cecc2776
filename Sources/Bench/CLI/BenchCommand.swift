/// What one `election-bench` command line asks for.
public enum BenchCommand: Hashable, Sendable {
    /// `--help`: the general help (`nil`) or one scenario's.
    case help(ScenarioName?)
    /// Run something.
    case run(BenchOptions)
}
