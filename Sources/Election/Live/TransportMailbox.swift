import Glibc
import Synchronization

/// What the threads calling `TCPTransport` share with its I/O thread, behind one mutex:
/// the frames waiting for each peer, the blocked peers, and whether to stop.
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
        /// Peers whose last connection attempt failed, with the time (on `MonotonicClock`)
        /// before which no new attempt is made. Frames sent to them until then are dropped.
        var peerDownUntil: [NodeID: Duration] = [:]
        /// A wake-up byte is already in the pipe; more would be redundant.
        var wakePending = false
        /// The pipe's write end; -1 before start and after the I/O thread closed it.
        var wakeWriteFD: Int32 = -1
        var thread: IOThread?

        /// Interrupts the I/O thread's `poll`. Done under the lock, so the I/O thread
        /// cannot close the descriptor between our check and our write.
        mutating func wake() {
            guard !wakePending, wakeWriteFD >= 0 else { return }
            wakePending = true
            var byte: UInt8 = 1
            _ = Glibc.write(wakeWriteFD, &byte, 1)
        }
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
