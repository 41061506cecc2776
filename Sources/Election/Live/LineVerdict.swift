/// What the transport should do with one line it handed to `TCPTransport.Handlers.onLine`.
public enum LineVerdict: Sendable, Equatable {
    /// The line was taken (a peer message queued for the algorithm); nothing to write back.
    case accept
    /// Write these bytes back on the same connection (a status reply: one JSON line,
    /// newline included; the transport adds a newline if it is missing) and keep it open.
    case reply([UInt8])
    /// The line is unusable: write `{"type":"error","message":reason}` and close the
    /// connection, because a sender that writes garbage cannot be trusted to be in sync.
    case reject(String)
}
