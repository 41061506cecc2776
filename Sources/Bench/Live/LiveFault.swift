/// How the bench takes a node down.
enum LiveFault: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `kill -9` (SIGKILL): the process dies at once, mid-sentence; nothing it could do.
    case kill
    /// Ctrl+C (SIGINT): the node stops cleanly, closing its connections first.
    case stop

    /// `kill -9` / `SIGINT`, for options and notes.
    var description: String {
        switch self {
        case .kill: "kill -9"
        case .stop: "SIGINT"
        }
    }

    var signalNumber: Int32 {
        switch self {
        case .kill: 9  // SIGKILL
        case .stop: 2  // SIGINT
        }
    }
}
