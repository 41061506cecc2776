import Election

extension Event.Kind {
    /// The node's first line: algorithm, id, address, members, timeouts, seed.
    public static let nodeStarted = Event.Kind("node_started")
    /// The runtime finished stopping the node: its port is closed (on SIGINT / SIGTERM,
    /// or after a fatal error). The algorithm may log its own `node_stopped` just before.
    public static let shutdown = Event.Kind("shutdown")
    /// The runtime saw the node's role change (`follower`, `candidate`, `leader`).
    public static let roleChanged = Event.Kind("role_changed")
    /// An incoming line was refused (garbage, an unknown message, a non-member sender).
    public static let lineRejected = Event.Kind("line_rejected")
    /// Log lines were dropped because standard output was not being read (a full pipe, a
    /// paused terminal); written once writing resumes, with the count in `dropped`.
    public static let logLinesDropped = Event.Kind("log_lines_dropped")
    /// Something the node cannot carry on after, such as a failed write of its vote.
    public static let fatalError = Event.Kind("fatal_error")
    /// A command on the control channel (`--control stdin`) is in force; `cmd`, `peers`
    /// (the peers now cut off) and `seq` (when the command had one) say which.
    public static let controlApplied = Event.Kind("control_applied")
    /// A control line was not a valid command and changed nothing; `reason` says why.
    public static let controlRejected = Event.Kind("control_rejected")
    /// The control channel's input ended (the parent closed it or died); the node runs on.
    public static let controlClosed = Event.Kind("control_closed")
    /// Messages from a peer were refused because its member list (its `cluster`
    /// fingerprint) differs from this node's: `peer`, `theirs`, `ours`, `count` (refused so
    /// far) and `suppressed` (refused since the last such line, at most one per peer per
    /// `MembershipGuard.mismatchReportInterval`).
    public static let membershipMismatch = Event.Kind("membership_mismatch")
}
