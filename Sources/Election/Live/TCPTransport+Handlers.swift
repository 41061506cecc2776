import Election

extension TCPTransport {
    /// What the transport calls, always on its I/O thread, one call at a time. Each handler
    /// MUST return quickly: while it runs, no socket is served.
    public struct Handlers: Sendable {
        /// A complete line (newline removed) from any incoming connection that is not HTTP:
        /// a peer message, a `{"type":"status"}` query, or garbage. Blank lines are skipped.
        public var onLine: @Sendable ([UInt8]) -> LineVerdict
        /// An HTTP request on the node's port: method (`GET`, `HEAD`...) and path without
        /// query (`/status`). For `HEAD` the transport sends the headers only.
        public var onHTTP: @Sendable (_ method: String, _ path: String) -> HTTPResponse
        /// This peer seems to be gone: a connection attempt to it was refused, failed or
        /// timed out. A connection that closes or resets (ours to it, or one it opened to us
        /// while ours is not open) is not reported by itself: it is reconnected at once,
        /// and reported only if that attempt is refused or fails, so a reset on a link that
        /// reconnects is no hint, while a peer whose process died (its port refuses) is
        /// reported within one round trip. Reported once per up-to-down transition: not
        /// again on each failed reconnect attempt, only after the peer was seen up again (a
        /// connection of ours to it opened, or one of its own to us carried a message). Not
        /// reported when the peer closed our connection after an error line (it rejected
        /// what we sent, which is no sign that it is down), nor for a blocked peer.
        public var onPeerUnreachable: @Sendable (NodeID) -> Void
        /// An outgoing connection to this peer was established.
        public var onPeerConnected: @Sendable (NodeID) -> Void
        /// The owner's timers: fire those that are due, and return when the next one is
        /// due, on `CLOCK_MONOTONIC` as `MonotonicClock` reads it (`nil`: none is pending).
        /// Called on every pass of the I/O loop, last before it sleeps, so a timer set by any
        /// handler or task is seen before the loop sleeps; the loop sleeps no later than
        /// the time returned.
        public var runDueTimers: @Sendable () -> Duration?

        public init(
            onLine: @escaping @Sendable ([UInt8]) -> LineVerdict,
            onHTTP: @escaping @Sendable (_ method: String, _ path: String) -> HTTPResponse = { _, _ in .notFound },
            onPeerUnreachable: @escaping @Sendable (NodeID) -> Void = { _ in },
            onPeerConnected: @escaping @Sendable (NodeID) -> Void = { _ in },
            runDueTimers: @escaping @Sendable () -> Duration? = { nil }
        ) {
            self.onLine = onLine
            self.onHTTP = onHTTP
            self.onPeerUnreachable = onPeerUnreachable
            self.onPeerConnected = onPeerConnected
            self.runDueTimers = runDueTimers
        }
    }
}
