import Election

/// The I/O thread's outgoing connection to one peer, with its reconnection backoff.
final class PeerLink {
    enum State {
        /// No socket. Connects when frames wait and `retryAt` has passed.
        case idle
        /// A non-blocking connect is under way; it fails if not done by `deadline`.
        case connecting(fd: Int32, deadline: Duration)
        case connected(fd: Int32)
    }

    let member: Member
    var state = State.idle
    /// Frames taken from the peer's queue that the socket has not taken yet.
    var output = OutputBuffer()
    /// The wait before the next attempt, should the current one fail.
    var backoff: Duration
    /// No connection attempt before this time; `nil` when an attempt may start now.
    var retryAt: Duration?
    /// The peer's address: set at once for a numeric host, or when a lookup of its host
    /// name (on another thread, see `PeerAddressResolver`) succeeds. Looked up once.
    var address: SocketAddress?
    /// A lookup of the host name is under way; frames wait in the queue meanwhile.
    var isResolving = false
    /// The owner has been told that this peer is unreachable, and the peer has not been seen
    /// up since (by a connection of ours, or one of its own to us). The hint is given once
    /// per up-to-down transition, not on every failed reconnect attempt.
    var isReportedDown = false
    /// The peer spoke to us, on a connection of its own, since our current connection
    /// attempt began. That attempt's failure is then no news of a death: the refusal was
    /// decided before the peer's new process listened (its greeting overtook it), and a
    /// hint now would tell the owner a peer is down that has just been heard from.
    var spokeSinceAttemptBegan = false
    /// When bytes were last handed to this link (or a greeting's connection attempt began),
    /// on `MonotonicClock`: the greeting is due `greetingInterval` after it. Zero at first,
    /// so a transport with a greeting connects to every peer at once.
    var lastSentAt: Duration = .zero
    /// When an open connection to the peer was last lost (closed or reset by the other
    /// side), so that a link lost again right after its reconnect waits a backoff step.
    var lastLossAt: Duration?
    /// Reconnects made at once since the link last lived longer than a backoff step. A
    /// process that is being killed closes its connections before its listener, so the
    /// first such reconnect can land in the dying listener's queue and be reset with it: it
    /// earns one more attempt at once, which decides.
    var reconnectsAtOnce = 0
    /// The peer wrote on our connection. Peers only do that to say they rejected a line of
    /// ours, just before they close it: that close is a disagreement, not a dead peer.
    var peerTalkedBack = false

    init(member: Member, initialBackoff: Duration) {
        self.member = member
        self.backoff = initialBackoff
        address = SocketAddress.numeric(host: member.host, port: member.port)
    }

    var id: NodeID { member.id }

    var fd: Int32? {
        switch state {
        case .idle: return nil
        case .connecting(let fd, _), .connected(let fd): return fd
        }
    }

    var isConnected: Bool {
        if case .connected = state { return true }
        return false
    }
}
