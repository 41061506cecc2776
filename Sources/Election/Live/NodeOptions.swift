import Election

/// Everything `election-node`'s command line says, checked and with the defaults that do
/// not depend on the algorithm filled in. Timing flags stay optional: a `nil` means "the
/// algorithm's own default" (`BullySettings()` / `RaftSettings()`), so those defaults
/// live in one place.
public struct NodeOptions: Hashable, Sendable {
    /// Which algorithm the node runs (`--algorithm`).
    public enum Algorithm: String, Hashable, Sendable, CaseIterable {
        case bully
        case raft
    }

    /// `--election-timeout-ms`: one value `T`, or a range `MIN-MAX`.
    public enum ElectionTimeout: Hashable, Sendable {
        /// Bully: the failure timeout. Raft: timeouts drawn from `[T, 2T)`.
        case single(Duration)
        /// Raft only: timeouts drawn from `[minimum, maximum)`.
        case range(minimum: Duration, maximum: Duration)

        /// The Raft range this option stands for.
        public var raftRange: (minimum: Duration, maximum: Duration) {
            switch self {
            case .single(let timeout): return (timeout, timeout * 2)
            case .range(let minimum, let maximum): return (minimum, maximum)
            }
        }
    }

    /// `--id`.
    public var id: NodeID
    /// The port to listen on: `--port`, or the port of this node's `--nodes` entry.
    public var port: UInt16
    /// `--nodes`.
    public var membership: Membership
    /// `--algorithm`, `bully` by default.
    public var algorithm: Algorithm
    /// `--bind`, `127.0.0.1` by default.
    public var bindHost: String
    /// `--heartbeat-ms`; `nil` for the algorithm's default.
    public var heartbeat: Duration?
    /// `--election-timeout-ms`; `nil` for the algorithm's default.
    public var electionTimeout: ElectionTimeout?
    /// `--answer-timeout-ms` (Bully only); `nil` for the default.
    public var answerTimeout: Duration?
    /// `--coordinator-timeout-ms` (Bully only); `nil` for the default.
    public var coordinatorTimeout: Duration?
    /// `--data-dir`, or `NodeCommandLine.defaultDataDirectory` (used by Raft only).
    public var dataDirectory: String
    /// `--log-format`, `text` by default.
    public var logFormat: EventLog.Format
    /// `--seed`; `nil` when not given (the node then picks one and prints it).
    public var seed: UInt64?
    /// `--delay-ms`: extra delay on every peer frame in and out, to emulate a slow node.
    public var delay: Duration
    /// `--control stdin`: read fault commands (`ControlCommand`) from standard input.
    /// Off by default; meant for a parent process such as `election-bench`.
    public var controlOnStandardInput = false

    public init(id: NodeID, port: UInt16, membership: Membership, algorithm: Algorithm = .bully,
                bindHost: String = "127.0.0.1", heartbeat: Duration? = nil,
                electionTimeout: ElectionTimeout? = nil, answerTimeout: Duration? = nil,
                coordinatorTimeout: Duration? = nil, dataDirectory: String,
                logFormat: EventLog.Format = .text, seed: UInt64? = nil, delay: Duration = .zero) {
        self.id = id
        self.port = port
        self.membership = membership
        self.algorithm = algorithm
        self.bindHost = bindHost
        self.heartbeat = heartbeat
        self.electionTimeout = electionTimeout
        self.answerTimeout = answerTimeout
        self.coordinatorTimeout = coordinatorTimeout
        self.dataDirectory = dataDirectory
        self.logFormat = logFormat
        self.seed = seed
        self.delay = delay
    }
}
