import Election

/// The I/O thread's view of one accepted connection: a peer sending frames, a client
/// asking for status, an HTTP client, or garbage.
final class InboundConnection {
    enum Phase {
        /// Too few bytes yet to tell HTTP from JSON lines.
        case sniffing
        case lines
        case http
        /// The last reply or error is queued; after it, the connection closes.
        case closing
    }

    /// What the connection has shown itself to be; see `ConnectionBudget`.
    enum Standing {
        /// Nothing complete yet: closed at `acceptedAt + identifyTimeout`, or earlier
        /// when newer strangers need its place.
        case stranger
        /// Got an answer to a status query or HTTP request.
        case client
        /// Its lines come from a member (`peer`).
        case member
    }

    /// Unique for the transport's lifetime (file descriptors are reused, ids are not), so
    /// a delayed line never answers on a stranger's connection.
    let id: Int
    let fd: Int32
    let acceptedAt: Duration
    var standing = Standing.stranger
    var phase = Phase.sniffing
    var sniffedBytes: [UInt8] = []
    var framer: LineFramer
    var httpReader: HTTPRequestReader
    var output = OutputBuffer()
    /// The client closed its sending side; nothing more will be read.
    var readClosed = false
    /// The peer whose messages arrive here (the last valid `from` seen), so that losing
    /// this connection can be reported as losing that peer.
    var peer: NodeID?
    /// Our sending side is shut after the final reply; the connection closes when the
    /// client closes too, or at this deadline.
    var lingerDeadline: Duration?

    init(id: Int, fd: Int32, acceptedAt: Duration, maxLineBytes: Int, maxHTTPHeadBytes: Int) {
        self.id = id
        self.fd = fd
        self.acceptedAt = acceptedAt
        framer = LineFramer(maxLineBytes: maxLineBytes)
        httpReader = HTTPRequestReader(maxHeadBytes: maxHTTPHeadBytes)
    }
}
