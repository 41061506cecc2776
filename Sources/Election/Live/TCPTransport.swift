import Dispatch
import Election
/// The live network: one TCP port per node that carries newline-delimited JSON between
/// peers, answers `{"type":"status"}` lines from any client, and answers plain HTTP `GET`s
/// (told apart by their first bytes) so `curl` and a browser work too.
///
/// - Outgoing: one connection per peer, opened lazily when there is something to send,
///   re-opened after a failure with exponential backoff (10 ms doubling to 50 ms, reset
///   after a success). Each peer has a bounded queue; when it overflows the oldest frames
///   go, so a slow or dead peer never holds up the others or the caller.
/// - A connection that closes or resets is re-opened at once, and that attempt decides:
///   refused or failed, the peer is reported through `onPeerUnreachable` (once per
///   up-to-down transition); accepted, it was a flaky link, and nothing is reported. A
///   refused first connection is reported too. A failed attempt discards that peer's
///   queued frames: they were addressed to a node that was not there. Frames sent while
///   the next attempt is not yet due are discarded too, so a returning peer never gets a
///   burst of stale messages. When a connection a peer opened to us ends while ours to it
///   is not open, it is checked the same way (a connection attempt at once), so a node
///   that only listens to a leader still notices at once when it dies.
/// - Incoming: every line goes to `onLine`, whose verdict says whether to reply, or to
///   answer with an error line and close. Lines are bounded (`maxLineBytes`); a longer
///   line also gets an error line and a close.
/// - Everything runs on one I/O thread that sleeps in `poll(2)` until a socket is ready, a
///   timer is due or a caller wakes it; an idle node uses no CPU. The owner's timers
///   (`Handlers.runDueTimers`) and tasks (`perform`) run on that thread too, so a live
///   node handles every input where it arrives, without a hop to another thread.
///
/// Handlers run on that I/O thread, one at a time, in the order events happen. They MUST
/// return quickly (no socket is served while one runs), MAY call `send`, `perform` and
/// `setBlockedPeers`, and MAY call `stop` (it then returns without waiting).
///
/// `Sendable` because its only mutable state is `TransportMailbox`, behind a mutex; the
/// I/O thread's own state is created on that thread and never leaves it.
public final class TCPTransport: Sendable {
    public let configuration: Configuration
    private let handlers: Handlers
    private let mailbox: TransportMailbox
    /// The peers frames may go to: every member but this node.
    private let peers: Set<NodeID>

    public init(_ configuration: Configuration, handlers: Handlers) {
        self.configuration = configuration
        self.handlers = handlers
        let peerIDs = configuration.membership.ids.filter { $0 != configuration.selfID }
        peers = Set(peerIDs)
        // `start()` refuses a non-positive limit; until then, keep the queues valid.
        mailbox = TransportMailbox(peers: peerIDs, sendQueueLimit: max(1, configuration.sendQueueLimit))
    }

    deinit { stop() }

    /// Binds and listens on `bindHost:port`, then starts the I/O thread. Returns once the
    /// port accepts connections; `boundPort` then tells which port (useful with port 0).
    /// Throws `.addressInUse` when another process holds the port, `.invalidConfiguration`
    /// when a limit is out of range. `firstTask`, when given, runs on the I/O thread before
    /// anything else happens there (no socket is served, no greeting sent before it), as an
    /// owner's start must.
    public func start(firstTask: (@Sendable () -> Void)? = nil) throws(TransportError) {
        guard mailbox.withLock({ $0.phase == .created }) else { throw .alreadyStarted }
        try configuration.validate()
        let listener = try Socket.listen(host: configuration.bindHost, port: configuration.port)
        let wakePipe: (read: Int32, write: Int32)
        do {
            wakePipe = try Socket.makeWakePipe()
        } catch {
            Socket.close(listener.fd)
            throw error
        }
        let failure: TransportError? = mailbox.withLock { state in
            guard state.phase == .created else { return .alreadyStarted }
            let loop = TransportEventLoop.Setup(
                configuration: configuration, handlers: handlers, mailbox: mailbox,
                listenerFD: listener.fd, wakeReadFD: wakePipe.read)
            do throws(TransportError) {
                // The loop object is made on the new thread, so its state never crosses threads.
                state.thread = try IOThread.spawn { TransportEventLoop(loop).run() }
            } catch {
                return error
            }
            state.phase = .running
            state.boundPort = listener.port
            if let firstTask { state.tasks.append(firstTask) }
            state.wakeWriteFD = wakePipe.write
            return nil
        }
        if let failure {
            Socket.close(listener.fd)
            Socket.close(wakePipe.read)
            Socket.close(wakePipe.write)
            throw failure
        }
    }

    /// The port the node listens on (the one the OS picked when `port` was 0); 0 before
    /// `start()`.
    public var boundPort: UInt16 { mailbox.withLock { $0.boundPort } }

    /// Queues one frame (a line from `WireCodec.encode`) for `peer` and returns at once.
    /// A missing final newline is added. Frames to this node itself, to non-members, to
    /// blocked peers, empty frames, and frames sent after `stop()` are dropped.
    public func send(_ frame: [UInt8], to peer: NodeID) {
        guard !frame.isEmpty, peers.contains(peer) else { return }
        var bytes = frame
        if bytes.last != WireCodec.newline { bytes.append(WireCodec.newline) }
        let now = MonotonicClock.now()
        let readyAt = configuration.extraDelay > .zero ? now + configuration.extraDelay : .zero
        mailbox.withLock { state in
            guard state.phase != .stopped, !state.blockedPeers.contains(peer) else { return }
            // The peer was unreachable moments ago and the next attempt is not due yet.
            // Election messages are about *now*: held back until it returns, a burst of
            // stale heartbeats would reach it at once and mislead it. So they are dropped.
            if let downUntil = state.peerDownUntil[peer], now < downUntil {
                state.queues[peer]?.countDropped()
                return
            }
            state.queues[peer]?.append(FrameQueue.Frame(bytes: bytes, readyAt: readyAt))
            state.wake()
        }
    }

    /// Runs `task` on the I/O thread, after the tasks handed over before it, and returns at
    /// once. This is how an owner whose state lives on the I/O thread (a `LiveNode`) hands
    /// it work from another thread: a start, a stop. Returns `false`, and the task will not
    /// run, when the transport is not running; a task accepted before `stop()` still runs,
    /// after the sockets have closed.
    @discardableResult
    public func perform(_ task: @escaping @Sendable () -> Void) -> Bool {
        mailbox.withLock { state in
            guard state.phase == .running else { return false }
            state.tasks.append(task)
            state.wake()
            return true
        }
    }

    /// Whether the caller is running on the transport's I/O thread (in a handler or task).
    public var isOnIOThread: Bool { mailbox.withLock { $0.isIOThread } }

    /// Emulates a network partition: from now on frames to these peers are dropped (those
    /// already queued too), and incoming lines whose `from` is one of them are dropped.
    /// Pass an empty set to heal. Connections stay open, and a blocked peer is never
    /// reported unreachable: a real cut closes no connection, so it gives no hint either.
    /// Called from a handler or task, it is in force for every line read after it returns.
    public func setBlockedPeers(_ peers: Set<NodeID>) {
        mailbox.withLock { state in
            state.blockedPeers = peers
            for peer in peers { state.queues[peer]?.removeAll() }
            state.wake()
        }
    }

    /// The peers currently blocked by `setBlockedPeers`.
    public var blockedPeers: Set<NodeID> { mailbox.withLock { $0.blockedPeers } }

    /// How many frames to `peer` were dropped so far: pushed out of a full queue,
    /// discarded after a failed connection, or cleared by `setBlockedPeers`.
    public func droppedFrameCount(to peer: NodeID) -> Int {
        mailbox.withLock { $0.queues[peer]?.droppedCount ?? 0 }
    }

    /// Waits until every frame queued for a peer whose connection is open (or opening) has
    /// been written to the kernel, or until `limit` has passed, whichever comes first; frames
    /// held back by `extraDelay` count as queued. Frames for a peer that is down are not
    /// waited for: they are discarded anyway. A stopping node calls this so that its last
    /// messages leave before the sockets close, without a fixed sleep. Returns at once when
    /// nothing is queued, when the transport is not running, or on the I/O thread itself
    /// (which would wait for itself).
    public func flush(within limit: Duration) {
        let done = DispatchSemaphore(value: 0)
        let waiting = mailbox.withLock { state -> Bool in
            guard state.phase == .running, !state.isIOThread else { return false }
            state.flushWaiters.append(.init(deadline: MonotonicClock.now() + limit, done: done))
            state.wake()
            return true
        }
        if waiting { done.wait() }
    }

    /// How many outgoing connections to `peer` failed or were lost so far: refused, timed
    /// out, reset, or closed by the peer (a rejection included).
    func failedConnectionCount(to peer: NodeID) -> Int {
        mailbox.withLock { $0.failedConnections[peer] ?? 0 }
    }

    /// Closes the listener and every connection, and ends the I/O thread. Waits for the
    /// thread, so no handler runs after `stop()` returns, unless called from a handler
    /// (then it returns at once and the thread ends right after). Safe to call twice.
    public func stop() {
        let thread: IOThread? = mailbox.withLock { state in
            let thread = state.thread
            state.thread = nil
            if state.phase == .running { state.wake() }
            state.phase = .stopped
            return thread
        }
        guard let thread else { return }
        if thread.isCurrent {
            thread.detach()
        } else {
            thread.join()
        }
    }
}
