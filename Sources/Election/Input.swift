/// Everything that can happen to a node, as a value. A state machine learns about the
/// world only through these.
public enum Input<Message: Sendable>: Sendable {
    /// The node process started (or restarted after a crash).
    case start
    /// A message arrived from a peer.
    case receive(Message, from: NodeID)
    /// A timer set earlier with `Effect.setTimer` expired and was not cancelled or moved.
    case timerFired(TimerID)
    /// A transport hint: a connection to the peer was refused or reset. Algorithms may
    /// use it to detect a crash faster than any timeout, or ignore it.
    case peerUnreachable(NodeID)
    /// The node is being shut down. `graceful` is true for SIGINT / SIGTERM, when the node
    /// may still send a few last messages (for example to hand leadership over).
    case stop(graceful: Bool)
}
