import Election
import Glibc

/// The transport's I/O thread: one `poll(2)` over the listener, every connection and a
/// wake-up pipe, with its timeout set to the next timer (the owner's, a delayed frame, a
/// reconnection, a connect deadline). It never spins: when nothing is due it sleeps until
/// a socket is ready or a caller writes to the pipe.
///
/// Created on its own thread and used only there, so none of its state needs a lock;
/// only `TransportMailbox` is shared with the threads that call `TCPTransport`.
final class TransportEventLoop {
    /// Everything the loop needs, handed from `start()` to the new thread.
    struct Setup: Sendable {
        let configuration: TCPTransport.Configuration
        let handlers: TCPTransport.Handlers
        let mailbox: TransportMailbox
        let listenerFD: Int32
        let wakeReadFD: Int32
    }

    /// A peer line held back by `extraDelay`.
    private struct DelayedLine {
        let deliverAt: Duration
        let sender: NodeID
        let connectionID: Int
        let line: [UInt8]
    }

    /// What one pass over the mailbox found to do.
    private struct Work {
        var peersToConnect: [NodeID] = []
        var nextTimer: Duration?
        var resolvedAddresses: [NodeID: Result<SocketAddress, SocketAddress.ResolveFailure>] = [:]
    }

    /// Who a `pollfd` entry belongs to.
    private enum PollOwner {
        case wakePipe, listener
        case peer(PeerLink)
        case incoming(InboundConnection)
    }

    /// A peer's output buffer is refilled from its queue only below this, so what a slow
    /// peer cannot take stays in the bounded queue, where the oldest frames get dropped.
    private static let peerOutputHighWater = 65_536
    /// A client that asks and never reads its replies is cut off past this.
    private static let incomingOutputLimit = 1 << 20
    /// After the final reply, how long to wait for the client to close before we do.
    /// Closing at once could reset the connection and lose the reply in flight.
    private static let lingerTime: Duration = .seconds(2)
    /// How long to stop accepting when the process runs out of file descriptors
    /// (otherwise the listener stays readable and `poll` would spin).
    private static let acceptPause: Duration = .milliseconds(100)
    private static let readsPerWakeUp = 4
    /// Reconnects made at once after losses in a row (see `PeerLink.reconnectsAtOnce`).
    private static let reconnectsAtOnceLimit = 2
    /// Connections kept per member, newest first. A member opens one connection to us;
    /// a second covers the moment it reconnects before we notice its old one died.
    private static let connectionsPerMember = 2
    /// After a host name failed to resolve, the wait before looking it up again (longer
    /// than the reconnection backoff: a name that does not resolve rarely does 50 ms later,
    /// and each try is a DNS query).
    private static let resolveRetry: Duration = .seconds(1)

    private let configuration: TCPTransport.Configuration
    private let handlers: TCPTransport.Handlers
    private let mailbox: TransportMailbox
    private let listenerFD: Int32
    private let wakeReadFD: Int32
    private let links: [PeerLink]
    private var connections: [Int: InboundConnection] = [:]
    private var budget: ConnectionBudget
    private var lastConnectionID = 0
    private var delayedLines: [DelayedLine] = []
    private var delayedHead = 0
    private var blockedPeers: Set<NodeID> = []
    private var acceptPausedUntil: Duration?
    private var readBuffer = [UInt8](repeating: 0, count: 65_536)

    init(_ setup: Setup) {
        configuration = setup.configuration
        handlers = setup.handlers
        mailbox = setup.mailbox
        listenerFD = setup.listenerFD
        wakeReadFD = setup.wakeReadFD
        budget = ConnectionBudget(maxStrangers: setup.configuration.maxUnidentifiedConnections,
                                  maxClients: setup.configuration.maxClientConnections)
        links = setup.configuration.membership.members
            .filter { $0.id != setup.configuration.selfID }
            .map { PeerLink(member: $0, initialBackoff: setup.configuration.reconnectInitialBackoff) }
    }

    func run() {
        var now = MonotonicClock.now()
        // Host names are looked up once, at start, on another thread; numeric hosts
        // (the common case) already have their address.
        for link in links where link.address == nil { startResolving(link) }
        while true {
            // 1. What the owner handed over, then our own timers (held-back lines, connect
            //    deadlines, lingering replies).
            runTasks()
            fireDueTimers(at: now)
            // 2. Take the frames queued so far, open the connections that have frames
            //    waiting, and push out what is ready.
            guard var work = collectWork(at: now) else { break }
            for (peer, result) in work.resolvedAddresses {
                if let link = link(peer) { resolved(link, result, at: now) }
            }
            for peer in work.peersToConnect {
                if let link = link(peer) { startConnecting(link, at: now) }
            }
            if let greetingDue = greetQuietPeers(at: now) { work.nextTimer = earliest(work.nextTimer, greetingDue) }
            for link in links where link.isConnected && !link.output.isEmpty {
                flushPeer(link, at: now)
            }
            let flushDeadline = answerFlushWaiters(at: now)
            // 3. The owner's timers, last, so they include any timer a handler set above.
            let ownerTimer = handlers.runDueTimers()
            // 4. Sleep until a socket is ready, a timer is due or a caller wakes us. If a
            //    handler queued frames or tasks since step 2, only glance at the sockets:
            //    the next pass takes what was queued.
            let queuedMore = mailbox.withLock { state in
                defer { state.queuedByIOThread = false }
                return state.queuedByIOThread
            }
            var wakeAt = earliestTimer(after: work.nextTimer)
            if let flushDeadline { wakeAt = earliest(wakeAt, flushDeadline) }
            if let ownerTimer { wakeAt = earliest(wakeAt, ownerTimer) }
            if queuedMore { wakeAt = now }
            var (entries, owners) = pollSet(at: now)
            let readyCount = PollWait.wait(&entries, until: wakeAt, now: MonotonicClock.now())
            now = MonotonicClock.now()
            // 5. Serve the sockets that are ready.
            if readyCount > 0 {
                for (entry, owner) in zip(entries, owners) where entry.revents != 0 {
                    handle(Int32(entry.revents), for: owner, at: now)
                }
            }
        }
        closeEverything()
        // Nobody waits for a flush of sockets that are closed.
        for waiter in mailbox.withLock({ state in defer { state.flushWaiters = [] }; return state.flushWaiters }) {
            waiter.done.signal()
        }
        // Tasks accepted before the stop still run, as `TCPTransport.perform` promises.
        runTasks()
    }

    /// Releases the callers of `TCPTransport.flush(within:)` once nothing is left to write
    /// for a peer whose connection is open, opening or about to be opened (the frames of a
    /// peer waiting out a backoff step are discarded, so they are not waited for), or once
    /// their deadline has passed.
    /// - Returns: the earliest deadline still waited for, so the loop wakes up for it.
    private func answerFlushWaiters(at now: Duration) -> Duration? {
        mailbox.withLock { state -> Duration? in
            guard !state.flushWaiters.isEmpty else { return nil }
            let drained = links.allSatisfy { link in
                let queueIsEmpty = state.queues[link.id]?.isEmpty != false
                if case .idle = link.state {
                    return queueIsEmpty || (link.retryAt ?? now) > now
                }
                return link.output.isEmpty && queueIsEmpty
            }
            var nextDeadline: Duration?
            state.flushWaiters.removeAll { waiter in
                guard drained || waiter.deadline <= now else {
                    nextDeadline = earliest(nextDeadline, waiter.deadline)
                    return false
                }
                waiter.done.signal()
                return true
            }
            return nextDeadline
        }
    }

    /// Runs the tasks handed over by `TCPTransport.perform`, in order, outside the lock.
    private func runTasks() {
        let tasks = mailbox.withLock { state -> [@Sendable () -> Void] in
            // The pipe may have been drained since the wake-up that brought these tasks:
            // a task handed over from now on must write a byte again, or it could wait
            // behind a `poll` with no timeout.
            state.wakePending = false
            guard !state.tasks.isEmpty else { return [] }
            defer { state.tasks = [] }
            return state.tasks
        }
        for task in tasks { task() }
        // A task may have blocked a peer (a partition): what happens from here on sees it.
        if !tasks.isEmpty { blockedPeers = mailbox.withLock { $0.blockedPeers } }
    }

    // MARK: - Mailbox

    /// Under the mailbox lock: notes the blocked peers, moves ready frames into the
    /// output of connected peers, and lists the peers to connect. `nil` once stopped.
    private func collectWork(at now: Duration) -> Work? {
        mailbox.withLock { state -> Work? in
            guard state.phase != .stopped else { return nil }
            state.wakePending = false
            state.queuedByIOThread = false
            blockedPeers = state.blockedPeers
            var work = Work()
            if !state.resolvedAddresses.isEmpty {
                work.resolvedAddresses = state.resolvedAddresses
                state.resolvedAddresses = [:]
            }
            for link in links where state.queues[link.id]?.isEmpty == false {
                switch link.state {
                case .connected:
                    let room = Self.peerOutputHighWater - link.output.pendingCount
                    if room > 0, let bytes = state.queues[link.id]?.takeReady(at: now, byteBudget: room),
                       !bytes.isEmpty {
                        link.output.append(bytes)
                        link.lastSentAt = now
                    }
                    if let next = state.queues[link.id]?.nextReadyAt, next > now {
                        work.nextTimer = earliest(work.nextTimer, next)
                    }
                case .idle:
                    if let retryAt = link.retryAt, retryAt > now {
                        work.nextTimer = earliest(work.nextTimer, retryAt)
                    } else {
                        work.peersToConnect.append(link.id)
                    }
                case .connecting:
                    break
                }
            }
            return work
        }
    }

    // MARK: - Outgoing connections

    private func link(_ peer: NodeID) -> PeerLink? { links.first { $0.id == peer } }

    private func startConnecting(_ link: PeerLink, at now: Duration) {
        if let retryAt = link.retryAt, retryAt > now { return }  // its lookup just failed
        guard let address = link.address else {
            // Frames stay queued (bounded) until the lookup answers.
            if !link.isResolving { startResolving(link) }
            return
        }
        link.spokeSinceAttemptBegan = false
        switch Socket.startConnect(to: address) {
        case .connected(let fd):
            linkConnected(link, fd: fd)
        case .inProgress(let fd):
            link.state = .connecting(fd: fd, deadline: now + configuration.connectTimeout)
            // A connect to this machine is decided a moment after `connect` returns. Look
            // now, not on the next pass: a refusal (the peer is gone) is then known before the
            // lines read later in this pass are handled, so a survivor learns of a dead leader
            // before it answers a peer's vote request, and waiting frames leave in this pass.
            let ready = Socket.readyEvents(of: fd, for: Int16(POLLOUT))
            if ready != 0 { handlePeer(link, events: ready, at: now) }
        case .failed:
            linkFailed(link, at: now)
        }
    }

    private func startResolving(_ link: PeerLink) {
        link.isResolving = true
        PeerAddressResolver.lookUp(link.member, into: mailbox)
    }

    private func resolved(_ link: PeerLink, _ result: Result<SocketAddress, SocketAddress.ResolveFailure>,
                          at now: Duration) {
        link.isResolving = false
        switch result {
        case .success(let address): link.address = address
        case .failure: linkFailed(link, at: now, notBefore: now + Self.resolveRetry)
        }
    }

    private func linkConnected(_ link: PeerLink, fd: Int32) {
        Socket.setNoDelay(fd)
        link.state = .connected(fd: fd)
        // The greeting goes first, before any frame, so the peer knows at once who is here.
        if let greeting = configuration.greeting {
            link.output.append(greeting)
            link.lastSentAt = MonotonicClock.now()
        }
        link.backoff = configuration.reconnectInitialBackoff
        link.retryAt = nil
        link.isReportedDown = false
        link.peerTalkedBack = false
        mailbox.withLock { state in
            _ = state.peerDownUntil.removeValue(forKey: link.id)
            // Frames that waited for this connection are taken on the next pass; a connect
            // decided at once (see `startConnecting`) woke no poll, so make that pass come now.
            if state.queues[link.id]?.isEmpty == false { state.queuedByIOThread = true }
        }
        handlers.onPeerConnected(link.id)
    }

    /// A refused, timed-out, reset or closed connection, or a host name that does not
    /// resolve.
    ///
    /// - An open connection that closed or reset (and the peer did not just reject a line of
    ///   ours) is not yet news: it is reconnected at once, without backoff, and the frames
    ///   queued for the peer stay. That attempt decides: refused (nothing listens there any
    ///   more) or failed, the peer is reported unreachable; accepted, it was a flaky link and
    ///   nothing is reported. A reconnect that is itself lost within `reconnectMaxBackoff`
    ///   is tried at once once more (`PeerLink.reconnectsAtOnce`: a killed peer's dying
    ///   listener may have accepted it); lost yet again, the link waits a backoff step before
    ///   the deciding attempt, so a peer that accepts and drops every connection cannot make
    ///   this thread spin.
    /// - Any other failure drops what was waiting for the peer, waits one backoff step (or
    ///   until `notBefore`, if later) before the next attempt, doubles the step, and reports
    ///   the peer unreachable if this is the first failure since it was up, unless the peer
    ///   rejected a line of ours (it answered with an error line before closing), or spoke to
    ///   us on its own connection while the attempt was under way (a process that started
    ///   after the attempt was refused: the hint would be stale news, see
    ///   `PeerLink.spokeSinceAttemptBegan`).
    private func linkFailed(_ link: PeerLink, at now: Duration, notBefore: Duration? = nil) {
        let peerRejectedUs = link.peerTalkedBack
        let wasConnected = link.isConnected
        link.peerTalkedBack = false
        if let fd = link.fd { Socket.close(fd) }
        link.state = .idle
        // A partly written frame cannot be finished on a new connection: what the socket
        // had not taken goes.
        link.output.removeAll()
        mailbox.withLock { $0.failedConnections[link.id, default: 0] += 1 }
        if wasConnected && !peerRejectedUs {
            let lostRecently = link.lastLossAt.map { now - $0 < configuration.reconnectMaxBackoff } ?? false
            link.lastLossAt = now
            if !lostRecently { link.reconnectsAtOnce = 0 }
            if link.reconnectsAtOnce < Self.reconnectsAtOnceLimit {
                link.reconnectsAtOnce += 1
                link.retryAt = nil
                return startConnecting(link, at: now)
            }
        }
        link.retryAt = max(now + link.backoff, notBefore ?? now)
        mailbox.withLock { state in
            state.queues[link.id]?.removeAll()
            state.peerDownUntil[link.id] = link.retryAt
        }
        link.backoff = min(link.backoff * 2, configuration.reconnectMaxBackoff)
        if !peerRejectedUs && !wasConnected && !link.spokeSinceAttemptBegan { reportDown(link) }
    }

    /// Sends the greeting to every peer that got nothing from us for `greetingInterval`:
    /// on its open connection, or by connecting (the greeting then opens the connection).
    /// Blocked peers get nothing, as a cut network would carry nothing.
    /// - Returns: when the next greeting is due, `nil` without a greeting.
    private func greetQuietPeers(at now: Duration) -> Duration? {
        guard let greeting = configuration.greeting else { return nil }
        let interval = configuration.greetingInterval
        var next: Duration?
        for link in links where !blockedPeers.contains(link.id) {
            var due = link.lastSentAt + interval
            switch link.state {
            case .connecting:
                continue
            case .connected:
                if due <= now {
                    if link.output.isEmpty { link.output.append(greeting) }
                    link.lastSentAt = now
                    due = now + interval
                }
            case .idle:
                // A peer that is down is tried no sooner than its backoff allows.
                if let retryAt = link.retryAt { due = max(due, retryAt) }
                if due <= now {
                    link.lastSentAt = now
                    due = now + interval
                    startConnecting(link, at: now)
                }
            }
            next = earliest(next, due)
        }
        return next
    }

    /// Tells the owner that the peer is unreachable, once until it is seen up again. Not
    /// for a blocked peer: a real cut shows no closed connection, so neither does ours.
    private func reportDown(_ link: PeerLink) {
        guard !link.isReportedDown, !blockedPeers.contains(link.id) else { return }
        link.isReportedDown = true
        handlers.onPeerUnreachable(link.id)
    }

    private func flushPeer(_ link: PeerLink, at now: Duration) {
        guard case .connected(let fd) = link.state else { return }
        switch link.output.flush(to: fd) {
        case .failed, .endOfStream: linkFailed(link, at: now)
        case .transferred, .wouldBlock: break
        }
    }

    private func handlePeer(_ link: PeerLink, events: Int32, at now: Duration) {
        switch link.state {
        case .idle:
            return
        case .connecting(let fd, _):
            if Socket.pendingError(of: fd) == 0 {
                linkConnected(link, fd: fd)
            } else {
                linkFailed(link, at: now)
            }
        case .connected(let fd):
            // Peers never talk back on our connection except to report an error, so
            // anything readable is discarded; end of stream means the peer went away.
            if events & Int32(POLLIN | POLLHUP | POLLERR) != 0 {
                reading: for _ in 0..<Self.readsPerWakeUp {
                    switch Socket.read(fd, into: &readBuffer) {
                    case .transferred:
                        link.peerTalkedBack = true
                        continue reading
                    case .wouldBlock: break reading
                    case .endOfStream, .failed: return linkFailed(link, at: now)
                    }
                }
            }
            if events & Int32(POLLOUT) != 0 { flushPeer(link, at: now) }
        }
    }

    // MARK: - Incoming connections

    private func acceptConnections(at now: Duration) {
        for _ in 0..<64 {
            switch Socket.accept(from: listenerFD) {
            case .accepted(let fd):
                if let oldest = budget.strangerToEvict, let connection = connections[oldest] {
                    dismiss(connection, saying: "closed to make room: this node already had "
                        + "\(configuration.maxUnidentifiedConnections) connections that sent no "
                        + "complete request or peer message")
                }
                lastConnectionID += 1
                connections[lastConnectionID] = InboundConnection(
                    id: lastConnectionID, fd: fd, acceptedAt: now, maxLineBytes: configuration.maxLineBytes,
                    maxHTTPHeadBytes: configuration.maxHTTPHeadBytes)
                budget.admitStranger(lastConnectionID)
            case .wouldBlock:
                return
            case .outOfResources:
                acceptPausedUntil = now + Self.acceptPause
                return
            case .skipped:
                continue
            }
        }
    }

    private func handleIncoming(_ connection: InboundConnection, events: Int32, at now: Duration) {
        if events & Int32(POLLNVAL) != 0 { return close(connection) }
        if events & Int32(POLLIN | POLLHUP | POLLERR) != 0 {
            if connection.readClosed { return close(connection) }
            readIncoming(connection, at: now)
        }
        if connections[connection.id] != nil { flushIncoming(connection, at: now) }
    }

    private func readIncoming(_ connection: InboundConnection, at now: Duration) {
        for _ in 0..<Self.readsPerWakeUp {
            switch Socket.read(connection.fd, into: &readBuffer) {
            case .transferred(let count):
                received(Array(readBuffer[0..<count]), on: connection, at: now)
            case .wouldBlock:
                return
            case .endOfStream:
                connection.readClosed = true
                let peerWentAway = connection.phase == .lines
                endOfStream(on: connection, at: now)
                if peerWentAway { reportLost(connection, at: now) }
                return
            case .failed:
                if connection.phase == .lines { reportLost(connection, at: now) }
                return close(connection)
            }
            if connections[connection.id] == nil { return }
        }
    }

    private func received(_ bytes: [UInt8], on connection: InboundConnection, at now: Duration) {
        switch connection.phase {
        case .closing:
            return  // lingering after the final reply: discard
        case .lines:
            receivedLines(bytes, on: connection, at: now)
        case .http:
            receivedHTTP(bytes, on: connection)
        case .sniffing:
            connection.sniffedBytes += bytes
            guard let isHTTP = HTTPRequestReader.startsLikeRequestLine(connection.sniffedBytes) else { return }
            let sniffed = connection.sniffedBytes
            connection.sniffedBytes = []
            if isHTTP {
                connection.phase = .http
                receivedHTTP(sniffed, on: connection)
            } else {
                connection.phase = .lines
                receivedLines(sniffed, on: connection, at: now)
            }
        }
    }

    private func receivedLines(_ bytes: [UInt8], on connection: InboundConnection, at now: Duration) {
        connection.framer.push(bytes)
        while connection.phase == .lines {
            let line: [UInt8]?
            do {
                line = try connection.framer.nextLine()
            } catch {
                return reject(connection, reason: error.description)
            }
            guard let line else { return }
            handleLine(line, on: connection, at: now)
        }
    }

    /// Routes one line: dropped if its sender is blocked, held back if this node emulates
    /// a slow one and the line is a peer message, handed to `onLine` otherwise.
    private func handleLine(_ line: [UInt8], on connection: InboundConnection, at now: Duration) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        // The sender is parsed out of a line only when something depends on it: to learn
        // which peer opened a connection, or to block or delay that peer's lines. In the
        // common case the only parse is the runtime's.
        let needsSender = connection.peer == nil || !blockedPeers.isEmpty || configuration.extraDelay > .zero
        if needsSender, let sender = WireCodec.senderField(of: line, maxLineBytes: configuration.maxLineBytes) {
            let fromMember = link(sender) != nil
            if blockedPeers.contains(sender) || configuration.extraDelay > .zero {
                // Not judged now (dropped, or judged later): the `from` alone identifies it.
                if fromMember { identified(connection, as: sender) }
                if blockedPeers.contains(sender) { return }
                return holdBack(line, from: sender, on: connection, until: now + configuration.extraDelay)
            }
            // A line the owner refuses (a member-list mismatch, garbage with a member's
            // `from`) does not make its connection a member's, so it cannot push that
            // member's own connections out.
            let verdict = handlers.onLine(line)
            if fromMember, case .accept = verdict { identified(connection, as: sender) }
            return apply(verdict, to: connection)
        }
        apply(handlers.onLine(line), to: connection)
    }

    /// The connection carries `member`'s lines: its loss can be reported as that member's,
    /// and the member is up (its next loss is news).
    private func identified(_ connection: InboundConnection, as member: NodeID) {
        connection.peer = member
        if let link = link(member) {
            link.isReportedDown = false
            link.spokeSinceAttemptBegan = true
        }
        if connection.standing != .member { identifiedAsMember(connection, member) }
    }

    private func apply(_ verdict: LineVerdict, to connection: InboundConnection) {
        switch verdict {
        case .accept:
            return
        case .reply(var bytes):
            guard connection.phase != .closing, !bytes.isEmpty else { return }
            if connection.standing != .member { served(connection) }
            if bytes.last != WireCodec.newline { bytes.append(WireCodec.newline) }
            connection.output.append(bytes)
            if connection.output.pendingCount > Self.incomingOutputLimit { close(connection) }
        case .reject(let reason):
            reject(connection, reason: reason)
        }
    }

    private func reject(_ connection: InboundConnection, reason: String) {
        guard connection.phase != .closing else { return }
        connection.output.append(WireCodec.errorLine(reason))
        connection.phase = .closing
    }

    private func receivedHTTP(_ bytes: [UInt8], on connection: InboundConnection) {
        switch connection.httpReader.push(bytes) {
        case .needMoreBytes:
            return
        case .complete(let request):
            served(connection)
            let response = handlers.onHTTP(request.method, request.path)
            answer(connection, with: response, includingBody: request.method != "HEAD")
        case .failed(let error):
            answer(connection, with: .error(status: error.status, message: error.description), includingBody: true)
        }
    }

    private func answer(_ connection: InboundConnection, with response: HTTPResponse, includingBody: Bool) {
        connection.output.append(response.serialized(includingBody: includingBody))
        connection.phase = .closing
    }

    /// The client finished sending. A last line without newline still counts (so
    /// `printf '{"type":"status"}' | nc` works); then the connection closes once its
    /// output is written.
    private func endOfStream(on connection: InboundConnection, at now: Duration) {
        switch connection.phase {
        case .sniffing:
            let sniffed = connection.sniffedBytes
            connection.sniffedBytes = []
            connection.phase = .lines
            receivedLines(sniffed, on: connection, at: now)
            finishLines(on: connection, at: now)
        case .lines:
            finishLines(on: connection, at: now)
        case .http:
            if case .failed(let error) = connection.httpReader.finish() {
                answer(connection, with: .error(status: error.status, message: error.description),
                       includingBody: true)
            }
        case .closing:
            break
        }
        connection.phase = .closing
    }

    private func finishLines(on connection: InboundConnection, at now: Duration) {
        guard connection.phase == .lines, let last = connection.framer.finish() else { return }
        handleLine(last, on: connection, at: now)
    }

    /// Writes what is pending; once the final reply is out, shuts our side and lingers
    /// for the client to close (or closes now if it already has).
    private func flushIncoming(_ connection: InboundConnection, at now: Duration) {
        if !connection.output.isEmpty {
            switch connection.output.flush(to: connection.fd) {
            case .failed, .endOfStream: return close(connection)
            case .wouldBlock: return
            case .transferred: break
            }
        }
        guard connection.phase == .closing, connection.lingerDeadline == nil else { return }
        if connection.readClosed { return close(connection) }
        Socket.shutdownWriting(connection.fd)
        connection.lingerDeadline = now + Self.lingerTime
    }

    /// A peer's connection to us ended from its side: the peer may have stopped or
    /// crashed. When our own connection to it is open or opening, that one tells (one
    /// verdict per loss, whichever socket notices first). Otherwise connect to it now, as
    /// after losing our own connection: a refused attempt reports it unreachable, an
    /// accepted one shows it is still there.
    private func reportLost(_ connection: InboundConnection, at now: Duration) {
        // What the peer said on this connection no longer shows it is up.
        if let peer = connection.peer { link(peer)?.spokeSinceAttemptBegan = false }
        guard let peer = connection.peer, !blockedPeers.contains(peer),
              let link = link(peer), case .idle = link.state, !link.isReportedDown
        else { return }
        link.retryAt = nil
        startConnecting(link, at: now)
    }

    private func close(_ connection: InboundConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        budget.forget(connection.id)
        Socket.close(connection.fd)
    }

    // MARK: - Connection budget

    /// Closes a connection we give up on, with a one-line reason for whoever is there: an
    /// error line, or a 408 answer to an unfinished HTTP request. One non-blocking write,
    /// at most; a reader that is not reading just misses it.
    private func dismiss(_ connection: InboundConnection, saying reason: String) {
        let farewell: [UInt8]
        switch connection.phase {
        case .closing:
            farewell = []  // its final reply or error is already queued
        case .http:
            farewell = HTTPResponse.error(status: 408, message: reason).serialized()
        case .sniffing, .lines:
            farewell = WireCodec.errorLine(reason)
        }
        if connection.output.isEmpty, !farewell.isEmpty { _ = Socket.write(connection.fd, farewell[...]) }
        close(connection)
    }

    /// A member's connection no longer counts as a stranger's. Anyone can claim to be a
    /// member (the trust model: trusted networks only), so each member keeps only its
    /// newest connections, and a stranger posing as one cannot pile them up.
    private func identifiedAsMember(_ connection: InboundConnection, _ member: NodeID) {
        connection.standing = .member
        budget.identifiedAsMember(connection.id)
        let same = connections.values
            .filter { $0.standing == .member && $0.peer == member }
            .sorted { $0.id < $1.id }
        for older in same.dropLast(Self.connectionsPerMember) {
            dismiss(older, saying: "closed: node \(member) opened a newer connection")
        }
    }

    /// A status reply or HTTP response is going out: the connection is a client now, and
    /// the client served least recently makes room if there are too many.
    private func served(_ connection: InboundConnection) {
        connection.standing = .client
        if let evicted = budget.served(connection.id), let oldest = connections[evicted] {
            dismiss(oldest, saying: "closed to make room: this node keeps at most "
                + "\(configuration.maxClientConnections) status clients open")
        }
    }

    /// Closes the strangers whose identify deadline has passed, oldest first. Each gets a
    /// last read first: if this thread was held up (a loaded machine, SIGSTOP), a peer's
    /// first message may be waiting unread, and the peer is not to blame.
    private func closeUnidentified(at now: Duration) {
        while let oldest = budget.oldestStranger, let connection = connections[oldest],
              connection.acceptedAt + configuration.identifyTimeout <= now {
            if !connection.readClosed { readIncoming(connection, at: now) }
            guard connections[connection.id] != nil, connection.standing == .stranger else { continue }
            dismiss(connection, saying: "closed: no complete request or peer message within "
                + "\(configuration.identifyTimeout) of connecting")
        }
    }

    private var nextIdentifyDeadline: Duration? {
        guard let oldest = budget.oldestStranger, let connection = connections[oldest] else { return nil }
        return connection.acceptedAt + configuration.identifyTimeout
    }

    // MARK: - Delayed lines (slow-node emulation)

    private func holdBack(_ line: [UInt8], from sender: NodeID, on connection: InboundConnection,
                          until deliverAt: Duration) {
        // Bounded like the send queues: past the limit the oldest held-back line goes.
        let limit = configuration.sendQueueLimit * max(1, links.count)
        if delayedLines.count - delayedHead >= limit { delayedHead += 1 }
        delayedLines.append(DelayedLine(deliverAt: deliverAt, sender: sender,
                                        connectionID: connection.id, line: line))
    }

    private func deliverDueLines(at now: Duration) {
        while delayedHead < delayedLines.count, delayedLines[delayedHead].deliverAt <= now {
            let delayed = delayedLines[delayedHead]
            delayedHead += 1
            if blockedPeers.contains(delayed.sender) { continue }
            let verdict = handlers.onLine(delayed.line)
            if let connection = connections[delayed.connectionID] {
                apply(verdict, to: connection)
                if connections[connection.id] != nil { flushIncoming(connection, at: now) }
            }
        }
        if delayedHead == delayedLines.count {
            delayedLines.removeAll(keepingCapacity: true)
            delayedHead = 0
        } else if delayedHead > 1024 && delayedHead * 2 > delayedLines.count {
            delayedLines.removeSubrange(0..<delayedHead)
            delayedHead = 0
        }
    }

    // MARK: - poll

    private func pollSet(at now: Duration) -> ([pollfd], [PollOwner]) {
        var entries: [pollfd] = [pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
        var owners: [PollOwner] = [.wakePipe]
        if acceptPausedUntil == nil {
            entries.append(pollfd(fd: listenerFD, events: Int16(POLLIN), revents: 0))
            owners.append(.listener)
        }
        for link in links {
            switch link.state {
            case .idle:
                continue
            case .connecting(let fd, _):
                entries.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0))
            case .connected(let fd):
                let events = POLLIN | (link.output.isEmpty ? 0 : POLLOUT)
                entries.append(pollfd(fd: fd, events: Int16(events), revents: 0))
            }
            owners.append(.peer(link))
        }
        for connection in connections.values {
            let events = (connection.readClosed ? 0 : POLLIN) | (connection.output.isEmpty ? 0 : POLLOUT)
            entries.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
            owners.append(.incoming(connection))
        }
        return (entries, owners)
    }

    private func handle(_ events: Int32, for owner: PollOwner, at now: Duration) {
        switch owner {
        case .wakePipe:
            var scratch = [UInt8](repeating: 0, count: 64)
            while case .transferred = readWakePipe(into: &scratch) {}
            // A caller may have just blocked a peer: lines read from here on must see it.
            blockedPeers = mailbox.withLock { $0.blockedPeers }
        case .listener:
            acceptConnections(at: now)
        case .peer(let link):
            handlePeer(link, events: events, at: now)
        case .incoming(let connection):
            // Skip connections closed earlier in this pass (their descriptor may be reused).
            guard connections[connection.id] === connection else { return }
            handleIncoming(connection, events: events, at: now)
        }
    }

    private func readWakePipe(into scratch: inout [UInt8]) -> SocketIOResult {
        let count = scratch.withUnsafeMutableBytes { Glibc.read(wakeReadFD, $0.baseAddress, $0.count) }
        return count > 0 ? .transferred(count) : .wouldBlock
    }

    /// The earliest of every pending timer, `nil` when none is pending.
    private func earliestTimer(after mailboxTimer: Duration?) -> Duration? {
        var next = mailboxTimer
        if delayedHead < delayedLines.count { next = earliest(next, delayedLines[delayedHead].deliverAt) }
        if let acceptPausedUntil { next = earliest(next, acceptPausedUntil) }
        if let deadline = nextIdentifyDeadline { next = earliest(next, deadline) }
        for link in links {
            if case .connecting(_, let deadline) = link.state { next = earliest(next, deadline) }
        }
        for connection in connections.values {
            if let deadline = connection.lingerDeadline { next = earliest(next, deadline) }
        }
        return next
    }

    private func fireDueTimers(at now: Duration) {
        deliverDueLines(at: now)
        for link in links {
            if case .connecting(_, let deadline) = link.state, deadline <= now { linkFailed(link, at: now) }
        }
        for connection in Array(connections.values) {
            if let deadline = connection.lingerDeadline, deadline <= now { close(connection) }
        }
        if let paused = acceptPausedUntil, paused <= now { acceptPausedUntil = nil }
        closeUnidentified(at: now)
    }

    /// The listener closes first: a peer that sees one of our connections close reconnects
    /// at once, and must find the port refusing, not a listener about to go.
    private func closeEverything() {
        Socket.close(listenerFD)
        for connection in connections.values { Socket.close(connection.fd) }
        connections = [:]
        for link in links {
            if let fd = link.fd { Socket.close(fd) }
            link.state = .idle
        }
        Socket.close(wakeReadFD)
        mailbox.withLock { state in
            if state.wakeWriteFD >= 0 { Socket.close(state.wakeWriteFD) }
            state.wakeWriteFD = -1
        }
    }
}

private func earliest(_ current: Duration?, _ candidate: Duration) -> Duration {
    guard let current else { return candidate }
    return min(current, candidate)
}
