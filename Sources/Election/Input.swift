/// Everything that can happen to a node, as a value. A state machine learns about the
/// world only through these.
public enum Input<Message: Sendable>: Sendable {
    /// The node process started (or restarted after a crash).
    case start
    /// A message arrived from a peer.
    case receive(Message, from: NodeID)
    /// A timer set earlier with `Effect.setTimer` expired and was not cancelled or moved.
    case timerFired(TimerID)
    /// A transport hint: a connection to the peer was refused or failed, as when its process
    /// died or stopped and the kernel closed its sockets. A connection that closed or reset
    /// is reconnected at once, and the hint comes only if that reconnect is refused or
    /// fails (one round trip after the close): a reset whose reconnect succeeds is a flaky
    /// link, not a dead peer. Given once per up-to-down transition of the peer, not per
    /// failed reconnect or bounced message. Not given for a hung peer or a partition (their
    /// sockets stay open or go silent), nor when a peer closed the connection because it
    /// rejected our line. Both the live transport and the simulator give it with this
    /// meaning. Algorithms may use it to detect a crash faster than any timeout, or ignore it.
    case peerUnreachable(NodeID)
    /// The node is being shut down. `graceful` is true for SIGINT / SIGTERM, when the node
    /// may still send a few last messages (for example to hand leadership over).
    case stop(graceful: Bool)
}
