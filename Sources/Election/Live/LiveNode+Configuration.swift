import Election

extension LiveNode {
    /// Everything a live node needs to know before it starts.
    public struct Configuration: Sendable {
        /// This node's id; MUST be a member of `membership`.
        public var id: NodeID
        /// The whole cluster, this node included.
        public var membership: Membership
        /// The algorithm's settings, already validated.
        public var settings: Node.Settings
        /// Seeds the node's `SeededRandom` (randomized timeouts, say); log it so a run can be
        /// repeated.
        public var seed: UInt64
        /// The port to listen on; 0 lets the OS pick one (see `LiveNode.boundPort`).
        public var port: UInt16
        /// The address to listen on. Default: 127.0.0.1.
        public var bindHost: String
        /// Slow-node emulation: added to every peer frame in and out. Default: none.
        public var extraDelay: Duration
        /// The longest a stop waits for its last messages (a leader's hand-over) to be
        /// written to a connected peer's socket before the sockets close; a stop with
        /// nothing queued does not wait at all. It bounds the wait for a peer that does not
        /// drain. Default: 200 ms.
        public var stopFlushLimit: Duration
        /// The timeouts in words, for the `node_started` line, such as "heartbeat 50 ms,
        /// failure timeout 200 ms". Default: empty.
        public var settingsSummary: String

        /// A configuration that listens on this member's own port from `membership`
        /// (or on `port`, when given).
        public init(id: NodeID, membership: Membership, settings: Node.Settings, seed: UInt64,
                    port: UInt16? = nil, bindHost: String = "127.0.0.1") {
            self.id = id
            self.membership = membership
            self.settings = settings
            self.seed = seed
            self.port = port ?? membership.member(id)?.port ?? 0
            self.bindHost = bindHost
            extraDelay = .zero
            stopFlushLimit = .milliseconds(200)
            settingsSummary = ""
        }
    }
}
