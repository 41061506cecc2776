import Foundation
import Glibc
import Synchronization
import Testing
@testable import Election
@testable import ElectionLive

// MARK: - Test support (real sockets on 127.0.0.1; every wait bounded), shared with
// TCPTransportHygieneTests

/// What one transport's handlers saw, recorded from its I/O thread.
final class TransportRecorder: Sendable {
    struct Delivery: Sendable {
        let message: WireTestMessage
        let from: NodeID
        let at: ContinuousClock.Instant
    }

    private struct State {
        var deliveries: [Delivery] = []
        var unreachable: [NodeID] = []
        var connected: [NodeID] = []
        var httpRequests: [String] = []
    }

    let id: NodeID
    private let state = Mutex(State())

    init(id: NodeID) { self.id = id }

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }
    var terms: [UInt64] {
        deliveries.map { delivery in
            switch delivery.message {
            case .ping(let term), .pong(let term, _): return term
            }
        }
    }
    var unreachable: [NodeID] { state.withLock { $0.unreachable } }
    var connected: [NodeID] { state.withLock { $0.connected } }
    var httpRequests: [String] { state.withLock { $0.httpRequests } }

    var status: StatusReply {
        StatusReply(id: id, algorithm: "test", role: .follower, leader: nil, term: 1, members: [1, 2, 3], uptimeMs: 0)
    }

    /// Handlers like the runtime's: status queries answered, peer messages recorded,
    /// anything else rejected.
    var handlers: TCPTransport.Handlers {
        TCPTransport.Handlers(
            onLine: { line in self.onLine(line) },
            onHTTP: { method, path in
                self.state.withLock { $0.httpRequests.append("\(method) \(path)") }
                switch path {
                case "/": return .json(self.status.workshopJSON())
                case "/health": return .json(self.status.healthJSON())
                case "/status": return .json(self.status.json())
                default: return .notFound
                }
            },
            onPeerUnreachable: { peer in self.state.withLock { $0.unreachable.append(peer) } },
            onPeerConnected: { peer in self.state.withLock { $0.connected.append(peer) } })
    }

    private func onLine(_ line: [UInt8]) -> LineVerdict {
        do {
            if try WireCodec.typeField(of: line) == "status" { return .reply(status.jsonLine()) }
            let (message, from) = try WireCodec.decode(line, as: WireTestMessage.self)
            let delivery = Delivery(message: message, from: from, at: .now)
            state.withLock { $0.deliveries.append(delivery) }
            return .accept
        } catch {
            return .reject(error.description)
        }
    }
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes. The
/// timeout is generous: it only decides how long a failing test takes to fail.
///
/// It also polls at least `minimumPolls` times, however late: when CPU-bound tests hold
/// every thread of the cooperative pool, this task may wake only after the deadline, and
/// a condition that needs a few rounds (send, let the I/O thread work, look) would fail
/// without having been given them.
func eventually(within timeout: Duration = .seconds(30), minimumPolls: Int = 50,
                _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    var polls = 0
    while ContinuousClock.now < deadline || polls < minimumPolls {
        if condition() { return true }
        polls += 1
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// Holds a port without listening on it: connections to it are refused, the OS will not
/// hand it to anyone else, and a transport (with SO_REUSEADDR) can still bind it later.
final class PortReservation {
    let port: UInt16
    private var fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        self.fd = fd
        port = Socket.localPort(of: fd) ?? 0
        try #require(bound == 0 && port != 0, "cannot reserve a port: \(String(cString: strerror(errno)))")
    }

    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }
}

func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// A blocking client socket with 10 s send and receive timeouts, for poking at a node.
final class RawClient {
    enum Ending: Equatable { case closed, reset, timedOut }

    let fd: Int32
    private var buffered: [UInt8] = []

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ClientError(reason: "connect to port \(port) failed: \(reason)")
        }
    }

    struct ClientError: Error { let reason: String }

    deinit { close(fd) }

    /// Writes everything; `false` if the node closed the connection first.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    func finishWriting() { shutdown(fd, Int32(SHUT_WR)) }

    /// The next line without its newline; `nil` at end of stream, reset or timeout.
    func readLine() -> String? {
        while true {
            if let newline = buffered.firstIndex(of: 10) {
                let line = buffered[..<newline]
                buffered.removeSubrange(...newline)
                return String(decoding: line, as: UTF8.self)
            }
            guard case .some(let chunk) = readChunk() else { return nil }
            buffered += chunk
        }
    }

    /// Everything until the node closes the connection, and how it ended.
    func readToEnd() -> (bytes: [UInt8], ending: Ending) {
        var all = buffered
        buffered = []
        while true {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                all += chunk[0..<count]
                continue
            }
            if count == 0 { return (all, .closed) }
            if errno == EINTR { continue }
            return (all, errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .reset)
        }
    }

    private func readChunk() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 4_096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(chunk[0..<count]) : nil
    }
}

/// A listening socket on 127.0.0.1 that the test drives by hand: it accepts when asked,
/// and can end an accepted connection with a close (FIN) or a reset (RST) while it keeps
/// listening, as a peer on a flaky link would look.
final class RawListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let listening = bound == 0 && listen(listener, 16) == 0
        (fd, port) = (listener, Socket.localPort(of: listener) ?? 0)
        try #require(listening && port != 0, "cannot listen: \(String(cString: strerror(errno)))")
    }

    private var isListening = true

    deinit { stopListening() }

    /// Closes the listening socket now: the kernel resets every connection still waiting
    /// in its queue, as it does when a killed process's listener goes.
    func stopListening() {
        guard isListening else { return }
        isListening = false
        close(fd)
    }

    /// The next connection the kernel completed, waiting for one as `eventually` does.
    func accept() async -> Int32? {
        var accepted: Int32 = -1
        _ = await eventually {
            accepted = Glibc.accept(fd, nil, nil)
            return accepted >= 0
        }
        return accepted >= 0 ? accepted : nil
    }

    /// Ends an accepted connection: a plain close sends FIN, `reset` an RST.
    static func end(_ connection: Int32, reset: Bool) {
        if reset {
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        }
        close(connection)
    }
}

/// A membership of loopback members with these ports, ids 1, 2, 3... in order.
func loopbackMembership(_ ports: [UInt16]) throws -> Membership {
    try Membership(ports.enumerated().map { Member(id: NodeID($0.offset + 1), port: $0.element) })
}

func startedTransport(
    _ id: NodeID, membership: Membership, port: UInt16 = 0, recorder: TransportRecorder,
    configure: (inout TCPTransport.Configuration) -> Void = { _ in }
) throws -> TCPTransport {
    var configuration = TCPTransport.Configuration(selfID: id, membership: membership, port: port)
    configure(&configuration)
    let transport = TCPTransport(configuration, handlers: recorder.handlers)
    try transport.start()
    return transport
}

/// Nodes 1 and 2 as two started transports, each with its recorder, on reserved ports.
/// The reservations are kept until `stop()`: a test that stops one transport and expects
/// its port to refuse connections must not find another test's listener there, handed
/// the freed port by the OS. `extraMembers` are ports of members that never run.
struct TransportPair {
    let a: TCPTransport
    let b: TCPTransport
    let recorderA: TransportRecorder
    let recorderB: TransportRecorder
    private let reservations: [PortReservation]

    init(extraMembers: [UInt16] = [], configureA: (inout TCPTransport.Configuration) -> Void = { _ in }) throws {
        let (portA, portB) = (try PortReservation(), try PortReservation())
        reservations = [portA, portB]
        let membership = try loopbackMembership([portA.port, portB.port] + extraMembers)
        (recorderA, recorderB) = (TransportRecorder(id: 1), TransportRecorder(id: 2))
        a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA,
                                 configure: configureA)
        do {
            b = try startedTransport(2, membership: membership, port: portB.port, recorder: recorderB)
        } catch {
            a.stop()
            throw error
        }
    }

    func stop() {
        b.stop()
        a.stop()
        for reservation in reservations { reservation.release() }
    }
}

func ping(_ term: UInt64, from sender: NodeID) -> [UInt8] {
    WireCodec.encode(WireTestMessage.ping(term: term), from: sender)
}

func errorMessage(of line: String?) -> String? {
    guard let line, let data = line.data(using: .utf8),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          object["type"] as? String == "error"
    else { return nil }
    return object["message"] as? String
}

// MARK: - Tests

@Suite struct TCPTransportTests {
    @Test func twoTransportsExchangeFramesBothWaysInOrder() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        let (a, b, recorderA, recorderB) = (pair.a, pair.b, pair.recorderA, pair.recorderB)

        for term in 1...200 { a.send(ping(UInt64(term), from: 1), to: 2) }
        b.send(WireCodec.encode(WireTestMessage.pong(term: 9, note: "back"), from: 2), to: 1)

        #expect(await eventually { recorderB.deliveries.count == 200 && recorderA.deliveries.count == 1 })
        #expect(recorderB.terms == Array(1...200))
        #expect(recorderB.deliveries.allSatisfy { $0.from == 1 })
        #expect(recorderA.deliveries.first?.message == .pong(term: 9, note: "back"))
        #expect(recorderA.deliveries.first?.from == 2)
        #expect(recorderA.connected == [2] && recorderB.connected == [1])
        #expect(recorderA.unreachable.isEmpty && recorderB.unreachable.isEmpty)
    }

    @Test func statusQueriesGetAReplyAndTheConnectionStaysOpen() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder)
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        for _ in 0..<2 {
            client.write(WireCodec.statusRequestLine)
            let line = try #require(client.readLine())
            let reply = try JSONDecoder().decode(StatusReply.self, from: Data(line.utf8))
            #expect(reply == recorder.status)
        }
    }

    @Test func anUnterminatedLastLineIsStillAnsweredAtEndOfStream() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder)
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write("\r\n   \n{\"type\":\"status\"}")  // blank lines are skipped
        client.finishWriting()
        let (bytes, ending) = client.readToEnd()
        #expect(ending == .closed)
        #expect(bytes == recorder.status.jsonLine())
    }

    @Test func aLineOverTheBoundGetsAnErrorLineAndTheConnectionCloses() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder) {
            $0.maxLineBytes = 1_024
        }
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write([UInt8](repeating: UInt8(ascii: "{"), count: 3_000))  // no newline at all
        let message = try #require(errorMessage(of: client.readLine()))
        #expect(message.contains("1024 bytes"))
        #expect(client.readToEnd().ending != .timedOut)
    }

    @Test func garbageGetsAnErrorLineAndACloseWhileOthersAreStillServed() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder)
        defer { node.stop() }
        let steady = try RawClient(port: node.boundPort)
        steady.write(WireCodec.statusRequestLine)
        #expect(steady.readLine() != nil)

        // Binary garbage with NUL bytes, then a newline.
        let garbage = try RawClient(port: node.boundPort)
        garbage.write([0, 0, 0xFF, 0xFE, 0x7B, 0, 0x0A])
        #expect(errorMessage(of: garbage.readLine())?.contains("not a JSON object") == true)
        #expect(garbage.readToEnd().ending != .timedOut)

        // A message type the node does not know is rejected by `onLine`.
        let unknown = try RawClient(port: node.boundPort)
        unknown.write("{\"type\":\"zap\",\"from\":1}\n{\"type\":\"status\"}\n")
        #expect(errorMessage(of: unknown.readLine())?.contains("zap") == true)
        #expect(unknown.readToEnd() == ([], .closed))

        // Half a line, then end of stream.
        let half = try RawClient(port: node.boundPort)
        half.write("{\"type\":\"sta")
        half.finishWriting()
        #expect(errorMessage(of: half.readLine()) != nil)

        // Many connections opened and dropped, some mid-line, some mid-HTTP.
        for index in 0..<300 {
            let client = try RawClient(port: node.boundPort)
            switch index % 4 {
            case 0: break
            case 1: client.write([UInt8](repeating: 0, count: 100))
            case 2: client.write("GET /hea")
            default: client.write("{\"type\":\"ping\",\"from\":1,\"te")
            }
        }

        steady.write(WireCodec.statusRequestLine)
        #expect(steady.readLine().map { Array($0.utf8) + [10] } == recorder.status.jsonLine())
        let fresh = try RawClient(port: node.boundPort)
        fresh.write(WireCodec.statusRequestLine)
        #expect(fresh.readLine() != nil)
        #expect(recorder.deliveries.isEmpty)
    }

    @Test func httpGetGetsAProperResponseWithContentLength() throws {
        let recorder = TransportRecorder(id: 2)
        let node = try startedTransport(2, membership: try loopbackMembership([1, 2]), recorder: recorder)
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
        let (bytes, ending) = client.readToEnd()
        #expect(ending == .closed)
        let response = try #require(ParsedHTTPResponse(bytes))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["connection"] == "close")
        #expect(response.headers["content-length"] == String(response.body.count))
        #expect(String(decoding: response.body, as: UTF8.self) == recorder.status.workshopJSON() + "\n")
        #expect(recorder.httpRequests == ["GET /"])
    }

    @Test(arguments: [
        ("GET /nowhere?x=1 HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found"),
        ("GET /\r\n\r\n", "HTTP/1.1 400 Bad Request"),
        ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", "HTTP/1.1 400 Bad Request"),
        ("GET / HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 9_000) + "\r\n\r\n",
         "HTTP/1.1 431 Request Header Fields Too Large"),
    ])
    func httpErrorsGetAnErrorStatus(request: String, statusLine: String) throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder)
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write(request)
        let response = try #require(ParsedHTTPResponse(client.readToEnd().bytes))
        #expect(response.statusLine == statusLine)
        #expect(response.headers["content-length"] == String(response.body.count))
        #expect(errorMessage(of: String(decoding: response.body, as: UTF8.self)) != nil)
    }

    @Test func httpHeadGetsTheHeadersOnly() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder)
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write("HEAD /health HTTP/1.1\r\n\r\n")
        let response = try #require(ParsedHTTPResponse(client.readToEnd().bytes))
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.body.isEmpty)
        #expect(response.headers["content-length"] == String(recorder.status.healthJSON().utf8.count + 1))
    }

    @Test func aPeerThatIsDownIsReportedUnreachableAndReachedOnceItIsUp() async throws {
        let (portA, portB) = (try PortReservation(), try PortReservation())
        let membership = try loopbackMembership([portA.port, portB.port])
        let (recorderA, recorderB) = (TransportRecorder(id: 1), TransportRecorder(id: 2))
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA)
        defer { a.stop() }
        portA.release()
        // Held to the end, through node 2's life: once node 2 stops, its port must refuse
        // again, not be handed to another test's listener.
        defer { portB.release() }

        // Node 2's port is held but not listening: every attempt is refused, and it is
        // reported once, on the first, not on every backoff round after it.
        #expect(await eventually {
            a.send(ping(1, from: 1), to: 2)
            return a.failedConnectionCount(to: 2) >= 4
        })
        #expect(recorderA.unreachable == [2])
        #expect(recorderA.connected.isEmpty)

        let b = try startedTransport(2, membership: membership, port: portB.port, recorder: recorderB)
        defer { b.stop() }
        #expect(await eventually {
            a.send(ping(2, from: 1), to: 2)
            return !recorderB.deliveries.isEmpty
        })
        #expect(recorderA.connected == [2])

        // Node 2 goes away again: the open connection ends, which is reported at once, and
        // once, though the reconnects keep being refused.
        b.stop()
        let failuresBefore = a.failedConnectionCount(to: 2)
        #expect(await eventually {
            a.send(ping(3, from: 1), to: 2)
            return a.failedConnectionCount(to: 2) >= failuresBefore + 4
        })
        #expect(recorderA.unreachable == [2, 2])
    }

    @Test func aClosedConnectionWhosePeerIsGoneIsReportedOnceAfterTheRefusedReconnect() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        let (a, recorderA) = (pair.a, pair.recorderA)
        a.send(ping(1, from: 1), to: 2)
        #expect(await eventually { pair.recorderB.deliveries.count == 1 })

        // Node 2 stops: our connection closes, the reconnect made at once is refused, and
        // that is reported, once; the connection count shows the reconnect was tried.
        pair.b.stop()
        #expect(await eventually { recorderA.unreachable == [2] })
        #expect(a.failedConnectionCount(to: 2) >= 2)
        #expect(recorderA.connected == [2])
    }

    @Test(arguments: [false, true])
    func aConnectionThatClosesOrResetsAndReconnectsGivesNoHint(reset: Bool) async throws {
        let peer = try RawListener()
        let portA = try PortReservation()
        let membership = try loopbackMembership([portA.port, peer.port])
        let recorderA = TransportRecorder(id: 1)
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA)
        defer { a.stop() }
        portA.release()

        a.send(ping(1, from: 1), to: 2)
        let first = try #require(await peer.accept())
        #expect(await eventually { recorderA.connected == [2] })
        // The link drops (a close or a reset) while node 2 still listens: the reconnect
        // made at once is accepted, so this was a flaky link, not a dead peer.
        RawListener.end(first, reset: reset)
        #expect(await eventually { recorderA.connected == [2, 2] })
        #expect(recorderA.unreachable.isEmpty)
        #expect(a.failedConnectionCount(to: 2) == 1)
        if let second = await peer.accept() { close(second) }
    }

    @Test func aReconnectResetByADyingListenerIsTriedOnceMoreAndTheRefusalReported() async throws {
        let peer = try RawListener()
        let portA = try PortReservation()
        let membership = try loopbackMembership([portA.port, peer.port])
        let recorderA = TransportRecorder(id: 1)
        // A long backoff ceiling: the second loss always counts as "lost again right after
        // its reconnect", however slow this machine is.
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA) {
            $0.reconnectMaxBackoff = .seconds(30)
        }
        defer { a.stop() }
        portA.release()

        a.send(ping(1, from: 1), to: 2)
        let first = try #require(await peer.accept())
        #expect(await eventually { recorderA.connected == [2] })
        // A killed process's connections close before its listener: the reconnect made at
        // once completes in the listener's queue (never accepted) and is reset when the
        // listener goes. That was no verdict; the next attempt, refused, is.
        RawListener.end(first, reset: false)
        #expect(await eventually { recorderA.connected == [2, 2] })
        peer.stopListening()
        #expect(await eventually { recorderA.unreachable == [2] })
        #expect(a.failedConnectionCount(to: 2) == 3)
    }

    @Test func theGreetingOpensAConnectionAtOnceAndReachesAPeerThatGetsNothingElse() async throws {
        // Node 1 greets with a ping of term 0 and never sends anything itself.
        let pair = try TransportPair {
            $0.greeting = ping(0, from: 1)
            $0.greetingInterval = .milliseconds(20)
        }
        defer { pair.stop() }
        #expect(await eventually { pair.recorderB.deliveries.count >= 3 })
        #expect(pair.recorderB.terms.allSatisfy { $0 == 0 })
        #expect(pair.recorderA.connected == [2])
        // A frame of its own goes out as usual, on the same connection.
        pair.a.send(ping(9, from: 1), to: 2)
        #expect(await eventually { pair.recorderB.terms.contains(9) })
        #expect(pair.recorderA.connected == [2])
    }

    @Test func refusedLinesClaimingAMemberDoNotPushThatMembersConnectionOut() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        pair.a.send(ping(1, from: 1), to: 2)
        #expect(await eventually { pair.recorderB.deliveries.count == 1 })
        // Three strangers claim to be node 1 with lines node 2 refuses. Were they taken for
        // node 1, its real connection would be closed as an older one (two are kept).
        for _ in 0..<3 {
            let impostor = try RawClient(port: pair.b.boundPort)
            impostor.write(#"{"type":"gibberish","from":1}"# + "\n")
            #expect(errorMessage(of: impostor.readLine()) != nil)
        }
        pair.a.send(ping(2, from: 1), to: 2)
        #expect(await eventually { pair.recorderB.deliveries.count == 2 })
        #expect(pair.a.failedConnectionCount(to: 2) == 0)
    }

    @Test func aFlushWaitsForTheQueuedFramesAndNotForItsBound() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        // Nothing queued: it returns without waiting out its (long) bound.
        let start = ContinuousClock.now
        pair.a.flush(within: .seconds(120))
        // The frame is queued before the connection even opens; the flush waits for the
        // connect and the write, so stopping right after it loses nothing.
        pair.a.send(ping(7, from: 1), to: 2)
        pair.a.flush(within: .seconds(120))
        #expect(ContinuousClock.now - start < .seconds(60))
        pair.a.stop()
        #expect(await eventually { pair.recorderB.deliveries.count == 1 })
    }

    @Test func aPeerThatClosesAfterRejectingOurLineIsNotReportedUnreachable() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        // Node 2 cannot decode this, answers with an error line and closes the connection:
        // a disagreement about the protocol, not a sign that node 2 is down.
        pair.a.send(Array(#"{"type":"gibberish","from":1}"#.utf8), to: 2)
        #expect(await eventually { pair.a.failedConnectionCount(to: 2) >= 1 })
        #expect(pair.recorderA.unreachable.isEmpty)
        // It is up, and a line it understands still reaches it.
        #expect(await eventually {
            pair.a.send(ping(1, from: 1), to: 2)
            return !pair.recorderB.deliveries.isEmpty
        })
        #expect(pair.recorderA.unreachable.isEmpty)
    }

    @Test func framesSentWhileAPeerIsKnownDownAreDroppedNotDeliveredLate() async throws {
        let (portA, portB) = (try PortReservation(), try PortReservation())
        let membership = try loopbackMembership([portA.port, portB.port])
        let (recorderA, recorderB) = (TransportRecorder(id: 1), TransportRecorder(id: 2))
        // A long backoff, so the frames below are surely sent while node 1 waits to retry.
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA) {
            $0.reconnectInitialBackoff = .seconds(2)
            $0.reconnectMaxBackoff = .seconds(2)
        }
        defer { a.stop() }
        portA.release()

        a.send(ping(1, from: 1), to: 2)
        #expect(await eventually { recorderA.unreachable == [2] })
        for stale in 2...6 { a.send(ping(UInt64(stale), from: 1), to: 2) }
        // Dropped at once (the retry is not due), or by the next refused attempt if this
        // thread was slow: either way all are gone before node 2 starts listening.
        #expect(await eventually { a.droppedFrameCount(to: 2) >= 6 })  // ping 1 and the five

        let b = try startedTransport(2, membership: membership, port: portB.port, recorder: recorderB)
        defer { b.stop() }
        portB.release()
        // Once the retry is due, fresh frames flow; the stale ones never arrive.
        #expect(await eventually {
            a.send(ping(100, from: 1), to: 2)
            return !recorderB.deliveries.isEmpty
        })
        #expect(recorderB.terms.allSatisfy { $0 == 100 })
    }

    @Test func aNodeThatOnlyReceivesFromAPeerLearnsWhenItGoesAway() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        let (a, recorderB) = (pair.a, pair.recorderB)

        a.send(ping(1, from: 1), to: 2)
        #expect(await eventually { recorderB.deliveries.count == 1 })
        #expect(recorderB.unreachable.isEmpty)
        a.stop()  // node 2 never sent to node 1: only the connection 1 opened tells
        #expect(await eventually { recorderB.unreachable == [1] })
    }

    @Test func aSlowPeerLosesItsOldestFramesAndDoesNotHoldUpTheOthers() async throws {
        // Node 3 is a socket that accepts connections (the kernel does) but never reads.
        let silent = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(silent) }
        var address = loopback(port: 0)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(silent, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(listen(silent, 8) == 0)
        let silentPort = try #require(Socket.localPort(of: silent))

        let (portA, portB) = (try PortReservation(), try PortReservation())
        let membership = try loopbackMembership([portA.port, portB.port, silentPort])
        let (recorderA, recorderB) = (TransportRecorder(id: 1), TransportRecorder(id: 2))
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA) {
            $0.sendQueueLimit = 64
        }
        defer { a.stop() }
        let b = try startedTransport(2, membership: membership, port: portB.port, recorder: recorderB)
        defer { b.stop() }
        portA.release()
        portB.release()

        let bulky = WireCodec.encode(WireTestMessage.pong(term: 0, note: String(repeating: "z", count: 4_000)), from: 1)
        for term in 1...3_000 {
            a.send(bulky, to: 3)
            if term % 100 == 0 { a.send(ping(UInt64(term), from: 1), to: 2) }
        }
        #expect(await eventually { recorderB.deliveries.count == 30 })
        #expect(recorderB.terms == Array(stride(from: 100, through: 3_000, by: 100)))
        #expect(await eventually { a.droppedFrameCount(to: 3) > 0 })
        #expect(a.droppedFrameCount(to: 2) == 0)
    }

    @Test func blockedPeersAreDroppedInBothDirections() async throws {
        let pair = try TransportPair(extraMembers: [1])
        defer { pair.stop() }
        let (a, b, recorderB) = (pair.a, pair.b, pair.recorderB)

        // Outgoing: a frame sent while 2 is blocked never leaves.
        a.setBlockedPeers([2])
        #expect(a.blockedPeers == [2])
        a.send(ping(1, from: 1), to: 2)
        a.setBlockedPeers([])
        a.send(ping(2, from: 1), to: 2)
        #expect(await eventually { !recorderB.deliveries.isEmpty })
        #expect(recorderB.terms == [2])

        // Incoming: on one connection, the line from blocked node 1 is dropped and the
        // line from node 3 after it gets through (lines are handled in order).
        b.setBlockedPeers([1])
        let client = try RawClient(port: b.boundPort)
        client.write(ping(3, from: 1) + ping(4, from: 3))
        #expect(await eventually { recorderB.deliveries.count == 2 })
        #expect(recorderB.terms == [2, 4])
        #expect(recorderB.deliveries.last?.from == 3)
    }

    @Test func aBlockedPeerThatGoesAwayGivesNoHintUntilTheCutHeals() async throws {
        let pair = try TransportPair()
        defer { pair.stop() }
        let (a, recorderA) = (pair.a, pair.recorderA)
        a.send(ping(1, from: 1), to: 2)
        #expect(await eventually { pair.recorderB.deliveries.count == 1 })

        // Cut off, node 2 stops: a real cut would hide that, so the closed connection is
        // noticed (a failure is counted) but not reported.
        a.setBlockedPeers([2])
        pair.b.stop()
        #expect(await eventually { a.failedConnectionCount(to: 2) >= 1 })
        #expect(recorderA.unreachable.isEmpty)

        // Healed, the next frame finds node 2 gone: that is news, and reported once.
        a.setBlockedPeers([])
        #expect(await eventually {
            a.send(ping(2, from: 1), to: 2)
            return recorderA.unreachable == [2]
        })
    }

    @Test func extraDelayHoldsPeerFramesBackInBothDirections() async throws {
        let delay = Duration.milliseconds(300)
        let pair = try TransportPair { $0.extraDelay = delay }
        defer { pair.stop() }
        let (slow, recorderA, recorderB) = (pair.a, pair.recorderA, pair.recorderB)

        // Outgoing from the slow node.
        let sentAt = ContinuousClock.now
        slow.send(ping(1, from: 1), to: 2)
        #expect(await eventually { recorderB.deliveries.count == 1 })
        let outgoing = try #require(recorderB.deliveries.first)
        #expect(outgoing.at - sentAt >= delay)

        // Incoming to the slow node.
        let client = try RawClient(port: slow.boundPort)
        let writtenAt = ContinuousClock.now
        client.write(ping(2, from: 2))
        #expect(await eventually { recorderA.deliveries.count == 1 })
        let incoming = try #require(recorderA.deliveries.first)
        #expect(incoming.at - writtenAt >= delay)
        #expect(incoming.from == 2)
    }

    @Test func extraDelayDoesNotDelayStatusOrHTTP() throws {
        // With a delay longer than the clients' 10 s timeout, a delayed answer would fail.
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1, 2]), recorder: recorder) {
            $0.extraDelay = .seconds(60)
        }
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write(ping(1, from: 2) + WireCodec.statusRequestLine)
        #expect(client.readLine().map { Array($0.utf8) + [10] } == recorder.status.jsonLine())
        let browser = try RawClient(port: node.boundPort)
        browser.write("GET /status HTTP/1.1\r\n\r\n")
        #expect(ParsedHTTPResponse(browser.readToEnd().bytes)?.statusLine == "HTTP/1.1 200 OK")
        #expect(recorder.deliveries.isEmpty)
    }

    @Test func aPortInUseIsReportedAsAddressInUse() throws {
        let first = try startedTransport(1, membership: try loopbackMembership([1]), recorder: TransportRecorder(id: 1))
        defer { first.stop() }
        let port = first.boundPort
        let second = TCPTransport(TCPTransport.Configuration(selfID: 1, membership: try loopbackMembership([port]), port: port),
                                  handlers: TransportRecorder(id: 1).handlers)
        defer { second.stop() }
        #expect(throws: TransportError.addressInUse(host: "127.0.0.1", port: port)) { try second.start() }
        #expect(TransportError.addressInUse(host: "127.0.0.1", port: 8001).description
            == "port 8001 on 127.0.0.1 is already in use (is another node running there?); "
            + "stop that process, or give this node a free port in --nodes")
    }

    @Test func startOnceStopAnyNumberOfTimes() throws {
        let transport = TCPTransport(TCPTransport.Configuration(selfID: 1, membership: try loopbackMembership([1]), port: 0),
                                     handlers: TransportRecorder(id: 1).handlers)
        transport.stop()  // before start: harmless
        #expect(throws: TransportError.alreadyStarted) { try transport.start() }

        let running = try startedTransport(1, membership: try loopbackMembership([1]), recorder: TransportRecorder(id: 1))
        #expect(running.boundPort != 0)
        #expect(throws: TransportError.alreadyStarted) { try running.start() }
        let port = running.boundPort
        running.stop()
        running.stop()
        #expect(throws: RawClient.ClientError.self) { _ = try RawClient(port: port) }
    }

    @Test func aHandlerMayStopItsOwnTransport() async throws {
        let box = Mutex<TCPTransport?>(nil)
        let handlers = TCPTransport.Handlers(onLine: { _ in
            box.withLock { $0?.stop() }
            return .accept
        })
        let transport = TCPTransport(TCPTransport.Configuration(selfID: 1, membership: try loopbackMembership([1]), port: 0),
                                     handlers: handlers)
        box.withLock { $0 = transport }
        defer { transport.stop() }
        try transport.start()
        let client = try RawClient(port: transport.boundPort)
        client.write(WireCodec.statusRequestLine)
        #expect(client.readToEnd().ending != .timedOut)
    }

    @Test func tasksRunOnTheIOThreadInOrderAndNoneIsAcceptedAfterStop() async throws {
        let transport = try startedTransport(1, membership: try loopbackMembership([1]), recorder: TransportRecorder(id: 1))
        struct Run { let caller: Int; let index: Int; let onIOThread: Bool }
        let ran = Mutex<[Run]>([])
        // Four threads hand over tasks at once, racing the I/O thread as it takes them (a
        // lost wake-up would leave some waiting for good).
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for index in 0..<250 {
                let accepted = transport.perform {
                    ran.withLock { $0.append(Run(caller: caller, index: index, onIOThread: transport.isOnIOThread)) }
                }
                precondition(accepted)
            }
        }
        #expect(!transport.isOnIOThread)
        #expect(await eventually { ran.withLock { $0.count } == 1_000 })
        let runs = ran.withLock { $0 }
        for caller in 0..<4 {
            #expect(runs.filter { $0.caller == caller }.map(\.index) == Array(0..<250), "caller \(caller)")
        }
        #expect(runs.allSatisfy { $0.onIOThread })
        transport.stop()
        #expect(!transport.perform { ran.withLock { $0.append(Run(caller: -1, index: -1, onIOThread: false)) } })
        #expect(ran.withLock { $0.count } == 1_000)
    }

    /// A task handed over while the I/O thread is running tasks (its wake-up byte already
    /// read) must wake it again, or it waits behind a `poll` with no timeout.
    @Test func aTaskHandedOverWhileTasksRunIsNotLeftWaiting() async throws {
        let transport = try startedTransport(1, membership: try loopbackMembership([1]), recorder: TransportRecorder(id: 1))
        defer { transport.stop() }
        let ran = Mutex(0)
        for round in 1...5 {
            transport.perform {
                // On the I/O thread: another thread hands over the next task, now.
                let handedOver = DispatchSemaphore(value: 0)
                DispatchQueue.global().async {
                    transport.perform { ran.withLock { $0 += 1 } }
                    handedOver.signal()
                }
                handedOver.wait()
            }
            #expect(await eventually(within: .seconds(10)) { ran.withLock { $0 } == round }, "round \(round)")
        }
    }

    /// The owner's timer fires no earlier than its deadline, on the I/O thread, and a frame
    /// it sends leaves although nothing else wakes the transport (an idle node's heartbeat).
    @Test func ownerTimersFireWhenDueAndWhatTheySendLeavesAtOnce() async throws {
        let (portA, portB) = (try PortReservation(), try PortReservation())
        let membership = try loopbackMembership([portA.port, portB.port])
        let recorderB = TransportRecorder(id: 2)
        let b = try startedTransport(2, membership: membership, port: portB.port, recorder: recorderB)
        defer { b.stop() }
        portB.release()

        struct Timer { var deadline: Duration?; var firedAt: [Duration] = []; var firedOnIOThread = true }
        let timer = Mutex(Timer(deadline: nil))
        let box = Mutex<TCPTransport?>(nil)
        var handlers = TransportRecorder(id: 1).handlers
        handlers.runDueTimers = {
            let now = MonotonicClock.now()
            return timer.withLock { timer -> Duration? in
                guard let deadline = timer.deadline, deadline <= now else { return timer.deadline }
                timer.deadline = nil
                timer.firedAt.append(now)
                let transport = box.withLock { $0 }
                timer.firedOnIOThread = timer.firedOnIOThread && transport?.isOnIOThread == true
                transport?.send(ping(UInt64(timer.firedAt.count), from: 1), to: 2)
                return nil
            }
        }
        let a = TCPTransport(TCPTransport.Configuration(selfID: 1, membership: membership, port: portA.port),
                             handlers: handlers)
        box.withLock { $0 = a }
        defer { a.stop() }
        portA.release()
        try a.start()

        for round in 1...3 {
            let deadline = MonotonicClock.now() + .milliseconds(20)
            // Armed from a task, as a live node's handlers would: no wake-up byte is written.
            a.perform { timer.withLock { $0.deadline = deadline } }
            #expect(await eventually { recorderB.deliveries.count == round })
            let firedAt = try #require(timer.withLock { $0.firedAt.last })
            #expect(firedAt >= deadline)
        }
        #expect(recorderB.terms == [1, 2, 3])
        #expect(timer.withLock { $0.firedOnIOThread })
    }
}

/// A response read off a raw socket: status line, lowercased header names, body.
private struct ParsedHTTPResponse {
    let statusLine: String
    let headers: [String: String]
    let body: [UInt8]

    init?(_ bytes: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...(max(0, bytes.count - 4))).first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator })
        else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        statusLine = lines[0]
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = Array(bytes[(end + 4)...])
    }
}

@Suite struct TCPTransportConfigurationTests {
    @Test func defaultsAreTheDocumentedOnes() throws {
        let configuration = TCPTransport.Configuration(selfID: 1, membership: try loopbackMembership([8001]), port: 8001)
        #expect(configuration.bindHost == "127.0.0.1")
        #expect(configuration.maxLineBytes == 65_536)
        #expect(configuration.sendQueueLimit == 1_024)
        #expect(configuration.reconnectInitialBackoff == .milliseconds(10))
        #expect(configuration.reconnectMaxBackoff == .milliseconds(50))
        #expect(configuration.extraDelay == .zero)
        #expect(throws: Never.self) { try configuration.validate() }
    }

    @Test func startRefusesOutOfRangeValues() throws {
        var configuration = TCPTransport.Configuration(selfID: 1, membership: try loopbackMembership([1]), port: 0)
        configuration.sendQueueLimit = 0
        let transport = TCPTransport(configuration, handlers: TransportRecorder(id: 1).handlers)
        defer { transport.stop() }
        #expect(throws: TransportError.invalidConfiguration("sendQueueLimit must be positive, got 0")) {
            try transport.start()
        }
        configuration.sendQueueLimit = 1
        configuration.reconnectMaxBackoff = .milliseconds(1)
        #expect(throws: TransportError.self) { try configuration.validate() }
    }
}
