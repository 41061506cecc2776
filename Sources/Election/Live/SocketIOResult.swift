/// The outcome of one non-blocking read or write.
enum SocketIOResult: Equatable {
    /// This many bytes moved (for a buffered write: the whole buffer was written).
    case transferred(Int)
    /// Nothing more can move now; wait for `poll` to say the socket is ready.
    case wouldBlock
    /// The other side closed its end (a read returned 0).
    case endOfStream
    /// The connection failed with this `errno` (reset, broken pipe...).
    case failed(Int32)
}
