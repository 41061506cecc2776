import Election
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks running nodes what they believe: sends `{"type":"status"}` on a node's TCP port
/// and decodes the one line it sends back (see `StatusReply`).
///
/// Used by `election-watch`, the benchmark and the live tests. Every call is bounded by
/// its `timeout` (name resolution of a non-numeric host aside: `getaddrinfo` cannot be
/// interrupted), opens one short-lived connection and closes it on every path.
///
///     switch StatusClient.query(Member(id: 1, port: 8001), timeout: .milliseconds(200)) {
///     case .success(let reply): print(reply.status)
///     case .failure(let error): print(error)   // node 1 at 127.0.0.1:8001 refused the connection (not running?)
///     }
public enum StatusClient {
    /// The longest reply line accepted, the same bound the nodes put on their own input.
    public static let maxReplyBytes = 65_536

    /// The exact bytes sent to ask for a node's status.
    public static let request: [UInt8] = Array("{\"type\":\"status\"}\n".utf8)

    /// Asks one node for its status, giving up after `timeout` (connecting, sending and
    /// reading all count against it).
    public static func query(_ member: Member, timeout: Duration) -> Result<StatusReply, StatusQueryError> {
        let deadline = ContinuousClock.now + timeout
        let exchange = StatusExchange(member: member, timeout: timeout, deadline: deadline)
        return exchange.run().mapError { StatusQueryError(member: member, reason: $0) }
    }

    /// Asks every member at once, each on its own thread, so one silent node costs
    /// `timeout` in total rather than per node. Returns one result per member id.
    public static func queryAll(_ membership: Membership, timeout: Duration)
        -> [NodeID: Result<StatusReply, StatusQueryError>]
    {
        let results = ResultsBox()
        let finished = DispatchGroup()
        // Threads rather than `concurrentPerform`: the queries block, and Dispatch would
        // run only as many at once as there are cores.
        for member in membership.members {
            finished.enter()
            let thread = Thread {
                let result = query(member, timeout: timeout)
                results.store(result, for: member.id)
                finished.leave()
            }
            thread.name = "status query \(member.id)"
            thread.start()
        }
        finished.wait()
        return results.all
    }

    private final class ResultsBox: Sendable {
        private let storage = Mutex<[NodeID: Result<StatusReply, StatusQueryError>]>([:])
        func store(_ result: Result<StatusReply, StatusQueryError>, for id: NodeID) {
            storage.withLock { $0[id] = result }
        }
        var all: [NodeID: Result<StatusReply, StatusQueryError>] { storage.withLock { $0 } }
    }
}

/// Why a node gave no usable status. `description` is a full sentence naming the node,
/// such as "node 3 at 127.0.0.1:8003 refused the connection (not running?)".
public struct StatusQueryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The node that was asked.
    public var member: Member
    public var reason: Reason

    public init(member: Member, reason: Reason) {
        self.member = member
        self.reason = reason
    }

    public enum Reason: Error, Hashable, Sendable, CustomStringConvertible {
        /// The host name did not resolve to an address.
        case cannotResolve(String)
        /// Nothing listens on the port: the node is not running (or not yet).
        case refused
        /// No complete reply arrived within the timeout.
        case timedOut(Duration)
        /// Connecting failed for another reason (no route, network down...).
        case connectFailed(String)
        /// The connection broke while sending or reading (reset by the peer...).
        case connectionLost(String)
        /// The node accepted the connection and closed it without a byte of reply.
        case closedWithoutReply
        /// The reply ran past `StatusClient.maxReplyBytes` without a newline.
        case replyTooLong(limit: Int)
        /// The reply was not a status object. The text says what was wrong and quotes the
        /// reply's start: `(not a JSON object): 'hello'`.
        case invalidReply(String)
        /// The node answered `{"type":"error","message":...}`.
        case errorReply(String)
        /// The node at this address says it is another node: the node list is wrong.
        case wrongNode(NodeID)

        /// The reason as the end of a sentence that starts with the node.
        public var description: String {
            switch self {
            case .cannotResolve(let why): return "has a host name that does not resolve (\(why))"
            case .refused: return "refused the connection (not running?)"
            case .timedOut(let timeout): return "timed out after \(timeout.millisecondsText)"
            case .connectFailed(let why): return "could not be reached: \(why)"
            case .connectionLost(let why): return "dropped the connection: \(why)"
            case .closedWithoutReply: return "closed the connection without replying"
            case .replyTooLong(let limit): return "sent a reply longer than \(limit) bytes without a newline"
            case .invalidReply(let what): return "sent an invalid reply \(what)"
            case .errorReply(let message): return "answered with an error: \(message)"
            case .wrongNode(let other):
                return "answered as node \(other); check that the node list gives each id its own port"
            }
        }
    }

    public var description: String {
        "node \(member.id) at \(member.host):\(member.port) \(reason)"
    }
}

extension Duration {
    /// `200 ms`, or `12.5 ms` when the duration is not a whole number of milliseconds.
    public var millisecondsText: String {
        let nanos = nanoseconds
        if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000) ms" }
        return "\((milliseconds * 10).rounded() / 10) ms"
    }
}

/// One status query over one blocking-with-deadline socket: resolve, connect, send the
/// request, read one line, decode it.
private struct StatusExchange {
    let member: Member
    let timeout: Duration
    let deadline: ContinuousClock.Instant

    typealias Reason = StatusQueryError.Reason

    func run() -> Result<StatusReply, Reason> {
        // 1) Connect (trying each resolved address in turn), within the deadline.
        let socket: Int32
        switch connect() {
        case .success(let descriptor): socket = descriptor
        case .failure(let reason): return .failure(reason)
        }
        defer { close(socket) }
        // 2) Ask, 3) read one line, 4) make sense of it.
        if let reason = send(StatusClient.request, on: socket) { return .failure(reason) }
        return readLine(from: socket).flatMap(decode)
    }

    // MARK: connecting

    private func connect() -> Result<Int32, Reason> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamSocketType
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(member.host, String(member.port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(.cannotResolve(String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(first) }
        // "localhost" may resolve to ::1 first while the node listens on 127.0.0.1 only,
        // so a refusal moves on to the next address; the first failure is the one reported
        // unless a later one is more telling (a timeout).
        var firstFailure: Reason?
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            switch connect(to: address.pointee) {
            case .success(let socket): return .success(socket)
            case .failure(.timedOut(let timeout)): return .failure(.timedOut(timeout))
            case .failure(let reason): firstFailure = firstFailure ?? reason
            }
            entry = address.pointee.ai_next
        }
        return .failure(firstFailure ?? .connectFailed("no address to connect to"))
    }

    /// A non-blocking connect, then `poll` for writability until the deadline.
    private func connect(to address: addrinfo) -> Result<Int32, Reason> {
        let socket = makeSocket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard socket >= 0 else { return .failure(.connectFailed(errnoText())) }
        var keepSocket = false
        defer { if !keepSocket { close(socket) } }

        _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
        _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
        suppressSIGPIPE(on: socket)

        if startConnect(socket, address.ai_addr, address.ai_addrlen) != 0 {
            let error = errno
            guard error == EINPROGRESS || error == EINTR else { return .failure(connectFailure(error)) }
            switch wait(for: Int16(POLLOUT), on: socket) {
            case .ready: break
            case .timedOut: return .failure(.timedOut(timeout))
            case .failed(let code): return .failure(connectFailure(code))
            }
            var pending: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(socket, SOL_SOCKET, SO_ERROR, &pending, &length) != 0 {
                return .failure(connectFailure(errno))
            }
            if pending != 0 { return .failure(connectFailure(pending)) }
        }
        keepSocket = true
        return .success(socket)
    }

    private func connectFailure(_ code: Int32) -> Reason {
        code == ECONNREFUSED ? .refused : .connectFailed(errnoText(code))
    }

    // MARK: talking

    private func send(_ bytes: [UInt8], on socket: Int32) -> Reason? {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { buffer in
                sendBytes(socket, buffer.baseAddress, buffer.count, sendFlags)
            }
            if count >= 0 {
                sent += count
                continue
            }
            let error = errno
            if error == EINTR { continue }
            guard error == EAGAIN || error == EWOULDBLOCK else {
                return error == ECONNREFUSED ? .refused : .connectionLost(errnoText(error))
            }
            switch wait(for: Int16(POLLOUT), on: socket) {
            case .ready: continue
            case .timedOut: return .timedOut(timeout)
            case .failed(let code): return .connectionLost(errnoText(code))
            }
        }
        return nil
    }

    /// Reads until the first newline, end of stream, the size bound or the deadline.
    private func readLine(from socket: Int32) -> Result<[UInt8], Reason> {
        var line: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                recv(socket, buffer.baseAddress, buffer.count, 0)
            }
            if count > 0 {
                let received = chunk[..<count]
                if let newline = received.firstIndex(of: 10) {
                    line += received[..<newline]
                    return line.count > StatusClient.maxReplyBytes
                        ? .failure(.replyTooLong(limit: StatusClient.maxReplyBytes)) : .success(line)
                }
                line += received
                if line.count > StatusClient.maxReplyBytes {
                    return .failure(.replyTooLong(limit: StatusClient.maxReplyBytes))
                }
                continue
            }
            if count == 0 {
                // A node that writes its line and closes without the newline still answered.
                return line.isEmpty ? .failure(.closedWithoutReply) : .success(line)
            }
            let error = errno
            if error == EINTR { continue }
            guard error == EAGAIN || error == EWOULDBLOCK else {
                return .failure(error == ECONNREFUSED ? .refused : .connectionLost(errnoText(error)))
            }
            switch wait(for: Int16(POLLIN), on: socket) {
            case .ready: continue
            case .timedOut: return .failure(.timedOut(timeout))
            case .failed(let code): return .failure(.connectionLost(errnoText(code)))
            }
        }
    }

    // MARK: understanding the reply

    private func decode(_ rawLine: [UInt8]) -> Result<StatusReply, Reason> {
        let line = rawLine.last == 13 ? Array(rawLine.dropLast()) : rawLine  // tolerate CRLF
        let data = Data(line)
        // 1) Tell a status from an error line (or from anything else) by its `type`.
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return .failure(.invalidReply("(not a JSON object): \(quoted(line))"))
        }
        switch object["type"] {
        case let type as String where type == "status": break
        case let type as String where type == "error":
            return .failure(.errorReply(object["message"] as? String ?? "(no message given)"))
        case let type as String:
            return .failure(.invalidReply("(type '\(type)' instead of 'status'): \(quoted(line))"))
        default: return .failure(.invalidReply("(no 'type' text field): \(quoted(line))"))
        }
        // 2) Decode the status itself and check it comes from the node that was asked.
        let decoder = JSONDecoder()
        let reply: StatusReply
        do {
            reply = try decoder.decode(StatusReply.self, from: data)
        } catch let error as DecodingError {
            return .failure(.invalidReply("(\(explain(error))): \(quoted(line))"))
        } catch {
            return .failure(.invalidReply("(\(error)): \(quoted(line))"))
        }
        guard reply.id == member.id else { return .failure(.wrongNode(reply.id)) }
        return .success(reply)
    }

    private func explain(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the field '\(field(context.codingPath + [key]))' is missing"
        case .valueNotFound(_, let context):
            return "the field '\(field(context.codingPath))' is null"
        case .typeMismatch(_, let context):
            return "the field '\(field(context.codingPath))' has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON"
                : "the field '\(field(context.codingPath))' has a value this client does not know"
        @unknown default:
            return "it does not decode as a status"
        }
    }

    /// The start of the reply, quoted, so an error message shows what actually came back.
    private func quoted(_ line: [UInt8]) -> String {
        let limit = 80
        let text = String(decoding: line.prefix(limit), as: UTF8.self)
        return "'" + text + (line.count > limit ? "...'" : "'")
    }

    // MARK: waiting

    private enum WaitOutcome { case ready, timedOut, failed(Int32) }

    /// Polls one socket for `events` until the deadline; EINTR just polls again.
    private func wait(for events: Int16, on socket: Int32) -> WaitOutcome {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .timedOut }
            // Round up so a 0.4 ms remainder still waits instead of spinning.
            let millis = Int32(clamping: (remaining.nanoseconds + 999_999) / 1_000_000)
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready = poll(&descriptor, 1, millis)
            if ready > 0 {
                // Errors and hang-ups are "ready" too: the next connect check, send or
                // recv reports exactly what happened.
                return .ready
            }
            if ready == 0 { continue }  // re-check the clock; returns .timedOut when due
            let error = errno
            if error != EINTR { return .failed(error) }
        }
    }
}

private func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

// Thin names for the socket calls, which the methods above would otherwise shadow.
private func makeSocket(_ family: Int32, _ type: Int32, _ proto: Int32) -> Int32 {
    socket(family, type, proto)
}
private func startConnect(_ socket: Int32, _ address: UnsafeMutablePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
    connect(socket, address, length)
}
private func sendBytes(_ socket: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    send(socket, bytes, count, flags)
}

// Small platform differences, kept in one place.
#if canImport(Glibc)
private let streamSocketType = Int32(SOCK_STREAM.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
private func suppressSIGPIPE(on socket: Int32) {}  // MSG_NOSIGNAL on every send does it
#elseif canImport(Darwin)
private let streamSocketType = SOCK_STREAM
private let sendFlags: Int32 = 0
private func suppressSIGPIPE(on socket: Int32) {
    var on: Int32 = 1
    _ = setsockopt(socket, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
}
#endif
