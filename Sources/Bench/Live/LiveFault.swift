/// How the bench takes a node down (or, with `hang`, freezes it).
enum LiveFault: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `kill -9` (SIGKILL): the process dies at once, mid-sentence; nothing it could do.
    case kill
    /// Ctrl+C (SIGINT): the node stops cleanly, closing its connections first.
    case stop
    /// SIGTERM, as a service manager stops a process: how the bench stops an outside system
    /// (etcd hands its leadership over on it, as ours do on SIGINT).
    case terminate
    /// SIGSTOP: the process hangs, alive, holding its sockets open, so no kernel tells the
    /// others anything; only their timeouts find it. The bench continues it (SIGCONT) later.
    case hang

    /// Whether the process is asked to stop (and may say its last words) rather than killed.
    var isGraceful: Bool { self == .stop || self == .terminate }

    /// `kill -9` / `SIGINT`, for options and notes.
    var description: String {
        switch self {
        case .kill: "kill -9"
        case .stop: "SIGINT"
        case .terminate: "SIGTERM"
        case .hang: "SIGSTOP"
        }
    }

    var signalNumber: Int32 {
        switch self {
        case .kill: 9  // SIGKILL
        case .stop: 2  // SIGINT
        case .terminate: 15  // SIGTERM
        case .hang: 19  // SIGSTOP (Linux); the bench sends it through `ElectionCluster.pause`
        }
    }
}
