import Foundation
import Synchronization
import Testing
@testable import Election
@testable import ElectionLive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `StatusClient` against real sockets on 127.0.0.1, with ports the OS hands out.
@Suite struct StatusClientTests {
    let reply = StatusReply(id: 2, algorithm: "raft", role: .leader, leader: 2, term: 7,
                            members: [1, 2, 3], uptimeMs: 5123)
    /// Long enough never to fire on a loaded machine when the server does answer.
    let generous = Duration.seconds(10)

    @Test func decodesTheReplyAndSendsExactlyOneStatusLine() throws {
        let server = try LoopbackServer(.reply(reply.jsonLine()))
        defer { server.stop() }
        let result = StatusClient.query(Member(id: 2, port: server.port), timeout: generous)
        #expect(result == .success(reply))
        #expect(server.finish() == Array("{\"type\":\"status\"}\n".utf8))
        #expect(server.clientClosed, "the client must close its socket once it has the reply")
    }

    @Test func acceptsCRLFAndALastLineWithoutNewline() throws {
        let json = Array(reply.jsonLine().dropLast())
        for ending in [[13, 10], []] as [[UInt8]] {
            let server = try LoopbackServer(.reply(json + ending))
            defer { server.stop() }
            #expect(StatusClient.query(Member(id: 2, port: server.port), timeout: generous) == .success(reply))
        }
    }

    @Test func refusedPortSaysTheNodeIsNotRunning() throws {
        // A bound socket that never listens: connecting to it is refused, and no other
        // process can take the port while the test runs.
        let closedPort = try BoundSocket()
        defer { closedPort.close() }
        let member = Member(id: 3, port: closedPort.port)
        let error = try #require(StatusClient.query(member, timeout: generous).failure)
        #expect(error.reason == .refused)
        #expect(error.description == "node 3 at 127.0.0.1:\(closedPort.port) refused the connection (not running?)")
    }

    @Test func aNodeThatNeverRepliesTimesOut() throws {
        // Listening but never accepting: the kernel completes the connection, nobody answers.
        let server = try LoopbackServer(.neverAccept)
        defer { server.stop() }
        let member = Member(id: 1, port: server.port)
        let error = try #require(StatusClient.query(member, timeout: .milliseconds(100)).failure)
        #expect(error.reason == .timedOut(.milliseconds(100)))
        #expect(error.description == "node 1 at 127.0.0.1:\(server.port) timed out after 100 ms")
        #expect(server.acceptPendingAndCheckClosed(), "the client must close its socket when it gives up")
    }

    @Test func invalidJSONIsReportedWithWhatCameBack() throws {
        let server = try LoopbackServer(.reply(Array("hello there\n".utf8)))
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 1, port: server.port), timeout: generous).failure)
        #expect(error.reason == .invalidReply("(not a JSON object): 'hello there'"))
        #expect(server.clientClosed)
        #expect(error.description.hasSuffix("sent an invalid reply (not a JSON object): 'hello there'"))
    }

    @Test(arguments: [
        ("[1,2,3]", "(not a JSON object): '[1,2,3]'"),
        ("{\"type\":5}", "(no 'type' text field): '{\"type\":5}'"),
        ("{\"type\":\"request_vote\",\"term\":3}", "(type 'request_vote' instead of 'status'): '{\"type\":\"request_vote\",\"term\":3}'"),
    ])
    func otherLinesAreNotStatuses(line: String, expected: String) throws {
        let server = try LoopbackServer(.reply(Array((line + "\n").utf8)))
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 1, port: server.port), timeout: generous).failure)
        #expect(error.reason == .invalidReply(expected))
    }

    @Test func aMissingFieldIsNamed() throws {
        let line = Array("{\"type\":\"status\",\"id\":1,\"algorithm\":\"raft\",\"leader\":null,\"term\":1,\"members\":[1],\"uptime_ms\":5}\n".utf8)
        let server = try LoopbackServer(.reply(line))
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 1, port: server.port), timeout: generous).failure)
        guard case .invalidReply(let text) = error.reason else {
            Issue.record("expected an invalid reply, got \(error)")
            return
        }
        #expect(text.hasPrefix("(the field 'role' is missing): '{\"type\":\"status\""))
    }

    @Test func anErrorLineIsPassedOn() throws {
        let server = try LoopbackServer(.reply(Array("{\"type\":\"error\",\"message\":\"line too long\"}\n".utf8)))
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 1, port: server.port), timeout: generous).failure)
        #expect(error.reason == .errorReply("line too long"))
    }

    @Test func anotherNodesAnswerMeansTheNodeListIsWrong() throws {
        let server = try LoopbackServer(.reply(reply.jsonLine()))  // node 2 answers...
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 5, port: server.port), timeout: generous).failure)
        #expect(error.reason == .wrongNode(2))  // ...where node 5 was expected
    }

    @Test func anEndlessLineIsCutOffAtTheBound() throws {
        let server = try LoopbackServer(.reply([UInt8](repeating: UInt8(ascii: "x"), count: StatusClient.maxReplyBytes + 100)))
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 1, port: server.port), timeout: generous).failure)
        #expect(error.reason == .replyTooLong(limit: StatusClient.maxReplyBytes))
        #expect(server.clientClosed)
    }

    @Test func closingWithoutAWordIsItsOwnError() throws {
        let server = try LoopbackServer(.reply([]))
        defer { server.stop() }
        let error = try #require(StatusClient.query(Member(id: 1, port: server.port), timeout: generous).failure)
        #expect(error.reason == .closedWithoutReply)
    }

    @Test func anUnresolvableHostIsReported() throws {
        // `.invalid` is reserved (RFC 2606) and never resolves.
        let error = try #require(StatusClient.query(Member(id: 1, host: "no-such-host.invalid", port: 1), timeout: generous).failure)
        guard case .cannotResolve = error.reason else {
            Issue.record("expected a resolution failure, got \(error)")
            return
        }
    }

    @Test func queryAllAsksEveryMember() throws {
        let first = try LoopbackServer(.reply(StatusReply(id: 1, algorithm: "bully", role: .follower, leader: 2, term: 3,
                                                          members: [1, 2, 3], uptimeMs: 10).jsonLine()))
        defer { first.stop() }
        let second = try LoopbackServer(.reply(StatusReply(id: 2, algorithm: "bully", role: .leader, leader: 2, term: 3,
                                                           members: [1, 2, 3], uptimeMs: 10).jsonLine()))
        defer { second.stop() }
        let closedPort = try BoundSocket()
        defer { closedPort.close() }
        let membership = try Membership([Member(id: 1, port: first.port), Member(id: 2, port: second.port),
                                         Member(id: 3, port: closedPort.port)])

        let results = StatusClient.queryAll(membership, timeout: generous)

        #expect(results.count == 3)
        #expect(results[1]?.success?.leader == 2)
        #expect(results[2]?.success?.role == .leader)
        #expect(results[3]?.failure?.reason == .refused)
    }

    @Test func timeoutsReadInMilliseconds() {
        #expect(Duration.milliseconds(200).millisecondsText == "200 ms")
        #expect(Duration.microseconds(12_500).millisecondsText == "12.5 ms")
    }
}

extension Result {
    fileprivate var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }

    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A one-connection TCP server on 127.0.0.1 for these tests. It accepts one client, reads
/// its request line, answers as told, and waits (boundedly) for the client to hang up.
private final class LoopbackServer: Sendable {
    enum Behaviour: Sendable {
        /// Read the request line, write these bytes, close.
        case reply([UInt8])
        /// Listen, but never accept: clients connect and wait in vain.
        case neverAccept
    }

    let port: UInt16
    private let listener: Int32
    private let request = Mutex<[UInt8]>([])
    private let done = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let clientHungUp = Atomic<Bool>(false)

    init(_ behaviour: Behaviour) throws {
        let socket = try BoundSocket()
        guard listen(socket.descriptor, 4) == 0 else {
            socket.close()
            throw TestSocketError("listen failed: \(String(cString: strerror(errno)))")
        }
        listener = socket.descriptor
        port = socket.port
        guard case .reply(let bytes) = behaviour else {
            done.signal()
            return
        }
        let thread = Thread { [self] in
            serve(bytes)
            done.signal()
        }
        thread.start()
    }

    private func serve(_ bytes: [UInt8]) {
        // Bounded waits everywhere, so a broken client cannot hang the test run.
        guard waitReadable(listener, milliseconds: 10_000) else { return }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { closeDescriptor(connection) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while !received.contains(10), waitReadable(connection, milliseconds: 10_000) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[..<count]
        }
        request.withLock { $0 = received }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }  // the client gave up (as it should on an endless line)
            sent += count
        }
        shutdown(connection, Int32(SHUT_WR))
        // Let the client read everything and hang up first, so no reset cuts the reply short.
        clientHungUp.store(readsEndOfStream(connection), ordering: .sequentiallyConsistent)
    }

    /// Whether the client closed its end after the exchange (checked by `finish`).
    var clientClosed: Bool {
        awaitServing()
        return clientHungUp.load(ordering: .sequentiallyConsistent)
    }

    /// For `.neverAccept`: takes the connection a client left in the backlog and tells
    /// whether the client has closed it.
    func acceptPendingAndCheckClosed() -> Bool {
        guard waitReadable(listener, milliseconds: 10_000) else { return false }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return false }
        defer { closeDescriptor(connection) }
        return readsEndOfStream(connection)
    }

    /// Waits for the serving thread (boundedly) and returns what the client sent.
    func finish() -> [UInt8] {
        awaitServing()
        return request.withLock { $0 }
    }

    func stop() {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        awaitServing()
        closeDescriptor(listener)
    }

    /// Waits (boundedly) for the serving thread, leaving the semaphore signalled so the
    /// next wait returns at once.
    private func awaitServing() {
        if done.wait(timeout: .now() + 10) == .success { done.signal() }
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// Reads and drops whatever the peer still sends; true when it then closes (within 10 s).
private func readsEndOfStream(_ descriptor: Int32) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 256)
    while waitReadable(descriptor, milliseconds: 10_000) {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count == 0 { return true }
        if count < 0 { return errno == ECONNRESET }  // an abortive close is a close too
    }
    return false
}

private func waitReadable(_ descriptor: Int32, milliseconds: Int32) -> Bool {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, milliseconds) > 0
}

/// A TCP socket bound to 127.0.0.1 on a port the OS picks, not yet listening.
private struct BoundSocket {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSocketError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            closeDescriptor(descriptor)
            throw TestSocketError("bind failed: \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    func close() { closeDescriptor(descriptor) }
}

private struct TestSocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
