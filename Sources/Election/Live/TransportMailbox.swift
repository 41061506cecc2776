import Dispatch
import Election
import Glibc
import Synchronization

/// What the threads calling `TCPTransport` share with its I/O thread, behind one mutex:
/// the frames waiting for each peer, the blocked peers, the tasks to run on the I/O thread,
/// and whether to stop.
///
/// Everything else (sockets, buffers, timers) belongs to the I/O thread alone. Callers
/// never touch a socket: `send` appends to a queue and wakes the I/O thread, so it
/// returns at once whatever the peer is doing.
final class TransportMailbox: Sendable {
    enum Phase { case created, running, stopped }

    struct State {
        var phase = Phase.created
        var boundPort: UInt16 = 0
        var queues: [NodeID: FrameQueue]
        var blockedPeers: Set<NodeID> = []
        /// Work handed to the I/O thread by `TCPTransport.perform`, in order.
        var tasks: [@Sendable () -> Void] = []
        /// Peers whose last connection attempt failed, with the time (on `MonotonicClock`)
        /// before which no new attempt is made. Frames sent to them until then are dropped.
        var peerDownUntil: [NodeID: Duration] = [:]
        /// Per peer, how many connections to it failed or were lost so far, for tests that
        /// must know several reconnect attempts happened (hints are given far fewer times).
        var failedConnections: [NodeID: Int] = [:]
        /// Callers of `TCPTransport.flush(within:)` waiting for the frames to leave.
        var flushWaiters: [FlushWaiter] = []
        /// Host-name lookups finished by `PeerAddressResolver`, for the I/O thread to take.
        var resolvedAddresses: [NodeID: Result<SocketAddress, SocketAddress.ResolveFailure>] = [:]
        /// A wake-up byte is already in the pipe; more would be redundant.
        var wakePending = false
        /// The I/O thread itself queued frames or tasks since it last looked at the mailbox
        /// (from a handler), so it must look again before it sleeps.
        var queuedByIOThread = false
        /// The pipe's write end; -1 before start and after the I/O thread closed it.
        var wakeWriteFD: Int32 = -1
        var thread: IOThread?

        /// Whether the caller is the I/O thread itself.
        var isIOThread: Bool { thread?.isCurrent ?? false }

        /// Interrupts the I/O thread's `poll`. Done under the lock, so the I/O thread
        /// cannot close the descriptor between our check and our write. The I/O thread
        /// itself is not woken, only told to look again before it sleeps: a write and an
        /// extra pass of `poll` for every frame a handler sends would be most of an idle
        /// node's work.
        mutating func wake() {
            if isIOThread {
                queuedByIOThread = true
                return
            }
            guard !wakePending, wakeWriteFD >= 0 else { return }
            wakePending = true
            var byte: UInt8 = 1
            _ = Glibc.write(wakeWriteFD, &byte, 1)
        }
    }

    /// A caller blocked in `TCPTransport.flush(within:)`: signalled once every frame for a
    /// connected peer is written, or at `deadline` (on `MonotonicClock`), or at stop.
    struct FlushWaiter {
        var deadline: Duration
        var done: DispatchSemaphore
    }

    let state: Mutex<State>

    init(peers: [NodeID], sendQueueLimit: Int) {
        var queues: [NodeID: FrameQueue] = [:]
        for peer in peers { queues[peer] = FrameQueue(limit: sendQueueLimit) }
        state = Mutex(State(queues: queues))
    }

    func withLock<Result>(_ body: (inout State) -> Result) -> Result {
        state.withLock { body(&$0) }
    }
}
