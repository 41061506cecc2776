import Election

extension TCPTransport {
    /// Where a node listens, who its peers are, and the transport's limits and timings.
    /// Every field has a default suited to a local cluster.
    public struct Configuration: Sendable {
        /// This node's id; it is never sent frames.
        public var selfID: NodeID
        /// The configured cluster. Every other member is a peer frames may be sent to.
        public var membership: Membership
        /// The address to listen on. Default `127.0.0.1`: only this machine can connect.
        /// Use `0.0.0.0` to accept connections from other machines.
        public var bindHost: String
        /// The port to listen on; 0 lets the OS pick one (read it back from `boundPort`).
        public var port: UInt16
        /// The longest line accepted, newline excluded. Default `WireCodec.maxLineBytes`
        /// (64 KiB). A longer line gets an error line and the connection is closed.
        public var maxLineBytes: Int
        /// Frames queued per peer, default 1024. Beyond it the oldest are dropped.
        public var sendQueueLimit: Int
        /// The wait before reconnecting after the first failure, default 10 ms. Each further
        /// failure doubles it, up to `reconnectMaxBackoff`; a success resets it.
        public var reconnectInitialBackoff: Duration
        /// The longest wait between reconnection attempts, default 50 ms. Frames sent while
        /// an attempt is not due are dropped, so this bounds how long a peer that comes back
        /// waits for its first message: it must stay well below the shortest election
        /// timeout, or a returning follower would time out, start an election and disrupt a
        /// healthy leader. A refused attempt on loopback costs microseconds.
        public var reconnectMaxBackoff: Duration
        /// How long a connection attempt may take before it counts as failed, default 1 s.
        /// Refused connections fail at once; this bounds attempts to hosts that never answer.
        public var connectTimeout: Duration
        /// "Slow node" emulation, default 0: every outgoing peer frame leaves this much
        /// later, and every incoming peer line (one with a `from` field) reaches `onLine`
        /// this much later. Status queries and HTTP are answered without delay.
        public var extraDelay: Duration
        /// The longest HTTP request line plus headers, default `HTTPRequest.maxHeadBytes`
        /// (8 KiB); a longer one gets a 431 answer.
        public var maxHTTPHeadBytes: Int
        /// How long an incoming connection may take to identify itself, default 3 s,
        /// counted from accept (not from its last byte, so one byte every few milliseconds
        /// does not keep it open). It identifies itself with a complete first line (a
        /// peer message or a status query) or a complete HTTP request; if none has arrived
        /// by then, it gets an error line and is closed. Peers and status clients send
        /// their first line the moment they connect, so 3 s is far above any loopback or
        /// LAN round trip, even on a loaded machine, yet recycles silent connections fast.
        public var identifyTimeout: Duration
        /// Incoming connections that have not identified themselves yet, open at once,
        /// default 128. A connection accepted beyond it closes the oldest such connection,
        /// so silent or slow strangers only ever displace each other: a fresh status query
        /// or a peer always gets in. Identified connections do not count here.
        public var maxUnidentifiedConnections: Int
        /// Status and HTTP clients kept open after their answer, default 256. Beyond it the
        /// client served least recently is closed. Each member's own connections are
        /// bounded apart from these (the two newest per member are kept), so members
        /// always have room.
        public var maxClientConnections: Int
        /// A line every new outgoing connection opens with, and that a peer gets whenever
        /// nothing else was sent to it for `greetingInterval`; default `nil`: none, and
        /// connections open only when there is something to send. `LiveNode` sets its
        /// `greeting` line (`WireCodec.greetingLine`), so that every peer hears from it at least
        /// once per interval, and so that it connects to every peer at start and, when a
        /// peer is down, tries again once per interval (a refused try is the same
        /// `onPeerUnreachable` hint as any other, once per up-to-down transition).
        public var greeting: [UInt8]?
        /// How long a peer may go without a line from us before it gets the `greeting`,
        /// default 1 s. Also the pace of connection attempts to a peer that is down.
        public var greetingInterval: Duration

        public init(selfID: NodeID, membership: Membership, port: UInt16, bindHost: String = "127.0.0.1") {
            self.selfID = selfID
            self.membership = membership
            self.bindHost = bindHost
            self.port = port
            maxLineBytes = WireCodec.maxLineBytes
            sendQueueLimit = 1024
            reconnectInitialBackoff = .milliseconds(10)
            reconnectMaxBackoff = .milliseconds(50)
            connectTimeout = .seconds(1)
            extraDelay = .zero
            maxHTTPHeadBytes = HTTPRequest.maxHeadBytes
            identifyTimeout = .seconds(3)
            maxUnidentifiedConnections = 128
            maxClientConnections = 256
            greeting = nil
            greetingInterval = .seconds(1)
        }

        /// Checks every limit and timing once, before anything starts. `start()` calls it.
        public func validate() throws(TransportError) {
            func require(_ condition: Bool, _ problem: String) throws(TransportError) {
                if !condition { throw .invalidConfiguration(problem) }
            }
            try require(maxLineBytes > 0, "maxLineBytes must be positive, got \(maxLineBytes)")
            try require(sendQueueLimit > 0, "sendQueueLimit must be positive, got \(sendQueueLimit)")
            try require(reconnectInitialBackoff > .zero, "reconnectInitialBackoff must be positive")
            try require(reconnectMaxBackoff >= reconnectInitialBackoff,
                        "reconnectMaxBackoff must be at least reconnectInitialBackoff")
            try require(connectTimeout > .zero, "connectTimeout must be positive")
            try require(extraDelay >= .zero, "extraDelay cannot be negative")
            try require(maxHTTPHeadBytes >= 64, "maxHTTPHeadBytes must be at least 64, got \(maxHTTPHeadBytes)")
            try require(identifyTimeout > .zero, "identifyTimeout must be positive")
            try require(maxUnidentifiedConnections > 0,
                        "maxUnidentifiedConnections must be positive, got \(maxUnidentifiedConnections)")
            try require(maxClientConnections > 0,
                        "maxClientConnections must be positive, got \(maxClientConnections)")
            try require(greetingInterval > .zero, "greetingInterval must be positive")
        }
    }
}
