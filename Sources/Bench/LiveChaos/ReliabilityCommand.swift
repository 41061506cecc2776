/// The two live reliability runs of `election-bench`, as their command lines ask for them.
enum ReliabilityCommand: Hashable, Sendable {
    /// `crash-loop [OPTIONS]`.
    case crashLoop(CrashLoopOptions)
    /// `chaos --live [OPTIONS]`.
    case liveChaos(LiveChaosOptions)
    /// `crash-loop --help` or `chaos --live --help`.
    case help(String)
}
