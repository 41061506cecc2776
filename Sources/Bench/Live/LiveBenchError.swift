import AlgorithmRegistry
import Election

/// Why a live run could not go on. Each `description` is a sentence that says what to do.
enum LiveBenchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No `election-node` executable where the bench looked.
    case nodeBinaryMissing(looked: [String])
    case cannotLaunch(executable: String, reason: String)
    case cannotCreate(path: String, reason: String)
    /// The node exited (or never said `node_started`) right after being started.
    case nodeDidNotStart(NodeID, within: Duration, errorOutput: String)
    /// No leader that every running node agreed on stayed in place long enough.
    case noStableLeader(within: Duration, lastSeen: String)
    case noFreePorts(count: Int)
    case invalidOptions(String)
    case unknownAlgorithm(String)
    case unsupportedScenario(String)
    /// A command could not be written to the node's standard input (it has ended).
    case controlChannelClosed(NodeID, reason: String)
    /// The node did not confirm a control command (`control_applied`) in time.
    case controlNotApplied(NodeID, command: String, within: Duration)

    var description: String {
        switch self {
        case .nodeBinaryMissing(let looked):
            return "election-bench cannot find the election-node executable; build it with "
                + "`swift build -c release` (it goes next to election-bench) or pass its path "
                + "with --node-binary. Looked in: " + looked.joined(separator: ", ")
        case .cannotLaunch(let executable, let reason):
            return "could not start \(executable): \(reason); check that it is an executable election-node"
        case .cannotCreate(let path, let reason):
            return "could not create \(path): \(reason); check that the work directory is writable"
        case .nodeDidNotStart(let id, let within, let errorOutput):
            let said = errorOutput.isEmpty ? "it printed nothing on standard error" : "it said: \(errorOutput)"
            return "node \(id) did not start listening within \(ReportNumber.plain(within.milliseconds)) ms; \(said)"
        case .noStableLeader(let within, let lastSeen):
            return "the live cluster had no stable agreed leader within \(ReportNumber.plain(within.milliseconds)) ms "
                + "(last status round: \(lastSeen)); the machine may be overloaded, or the timeouts too "
                + "short for it: try longer --election-timeout-ms"
        case .noFreePorts(let count):
            return "the system did not hand out \(count) free loopback ports; close some programs and retry"
        case .invalidOptions(let problem):
            return "invalid live bench options: \(problem)"
        case .unknownAlgorithm(let name):
            return "unknown algorithm '\(name)'; use \(AlgorithmRegistry.standard.namesInWords)"
        case .unsupportedScenario(let name):
            return "the scenario '\(name)' has no live version; run it with --sim"
        case .controlChannelClosed(let id, let reason):
            return "could not send a command to node \(id) on its standard input (\(reason)); the node has "
                + "probably ended: see its error output in the run's directory"
        case .controlNotApplied(let id, let command, let within):
            return "node \(id) did not confirm '\(command)' within \(ReportNumber.plain(within.milliseconds)) ms; "
                + "check that this election-node supports --control stdin (swift build -c release builds one that does)"
        }
    }
}
