import Election

/// Everything `election-node`'s command line says, checked and with the defaults that do
/// not depend on the algorithm filled in. The algorithm's own flags stay as given: its
/// registry entry turns them into settings (`RegisteredAlgorithm.settings(from:)`), so its
/// defaults live in one place, its settings type.
public struct NodeOptions: Hashable, Sendable {
    /// `--id`.
    public var id: NodeID
    /// The port to listen on: `--port`, or the port of this node's `--nodes` entry.
    public var port: UInt16
    /// `--nodes`.
    public var membership: Membership
    /// `--algorithm`: the name of a registered algorithm, the first of the list by default.
    public var algorithm: String
    /// The chosen algorithm's own flags and their values as given (`["--heartbeat-ms": "40"]`),
    /// already checked by its entry.
    public var algorithmFlags: [String: String]
    /// `--bind`, `127.0.0.1` by default.
    public var bindHost: String
    /// `--data-dir`, or `NodeCommandLine.defaultDataDirectory`; `nil` for an algorithm that
    /// keeps nothing across restarts.
    public var dataDirectory: String?
    /// `--log-format`, `text` by default.
    public var logFormat: EventLog.Format
    /// `--seed`; `nil` when not given (the node then picks one and prints it).
    public var seed: UInt64?
    /// `--delay-ms`: extra delay on every peer frame in and out, to emulate a slow node.
    public var delay: Duration
    /// `--control stdin`: read fault commands (`ControlCommand`) from standard input.
    /// Off by default; meant for a parent process such as `election-bench`.
    public var controlOnStandardInput = false

    public init(id: NodeID, port: UInt16, membership: Membership, algorithm: String,
                algorithmFlags: [String: String] = [:], bindHost: String = "127.0.0.1",
                dataDirectory: String? = nil, logFormat: EventLog.Format = .text, seed: UInt64? = nil,
                delay: Duration = .zero) {
        self.id = id
        self.port = port
        self.membership = membership
        self.algorithm = algorithm
        self.algorithmFlags = algorithmFlags
        self.bindHost = bindHost
        self.dataDirectory = dataDirectory
        self.logFormat = logFormat
        self.seed = seed
        self.delay = delay
    }
}
