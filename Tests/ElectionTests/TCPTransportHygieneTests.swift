import Foundation
import Glibc
import Testing
@testable import Election
@testable import ElectionLive

// Strangers on a node's port: silent connections, slow ones, impostors. Each test opens
// real connections on 127.0.0.1 and asserts counts, never how fast something happened;
// every wait is bounded and generous, so a loaded machine only makes a test slower.

/// Makes sure this process may open `count` more descriptors, raising its soft limit up
/// to the hard one if needed (Linux often starts at 1024, which 700 clients plus the
/// node's side of them would exceed).
private func allowOpenFiles(_ count: Int) throws {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    let wanted = rlim_t(count + 1024)  // the other tests running in parallel need some too
    guard limit.rlim_cur < wanted else { return }
    try #require(limit.rlim_max >= wanted, "the hard limit on open files (\(limit.rlim_max)) is below \(wanted)")
    limit.rlim_cur = wanted
    try #require(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
}

/// Each client is used by one test at a time; `openMany` only hands them from the thread
/// that opened them to the test.
extension RawClient: @unchecked Sendable {
    /// `count` connections, opened on a thread of its own: a connect can wait a second
    /// or more when the node's accept queue is full, and on the cooperative pool (two
    /// threads on a 2-core machine) hundreds of such waits would stall the other tests.
    static func openMany(_ count: Int, port: UInt16) async throws -> [RawClient] {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try (0..<count).map { _ in try RawClient(port: port) } })
            }
        }
    }
}

extension RawClient {
    /// Whether the node has closed this connection, without waiting: reads what is
    /// there (an error line, say) and looks for the end of stream or a reset.
    var isClosedByNode: Bool {
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            if count == 0 { return true }
            return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
        }
    }

    /// Sends `bytes` one at a time, `interval` apart, until the node closes the
    /// connection or `limit` passes; returns how long it stayed open, counted from `start`,
    /// or `nil` if it never closed.
    /// Sleeps between bytes without holding a thread, so parallel tests keep running.
    func trickle(_ bytes: [UInt8], every interval: Duration, giveUpAfter limit: Duration,
                 since start: ContinuousClock.Instant) async -> Duration? {
        var index = 0
        while ContinuousClock.now - start < limit {
            if isClosedByNode { return ContinuousClock.now - start }
            let byte = [bytes[index % bytes.count]]
            if send(fd, byte, 1, Int32(MSG_NOSIGNAL)) != 1 { return ContinuousClock.now - start }
            index += 1
            try? await Task.sleep(for: interval)
        }
        // A starved test task may wake only after `limit`: the node may have closed by then.
        return isClosedByNode ? ContinuousClock.now - start : nil
    }
}

private func statusQuery(on client: RawClient) throws -> StatusReply {
    client.write(WireCodec.statusRequestLine)
    let line = try #require(client.readLine(), "no status reply")
    return try JSONDecoder().decode(StatusReply.self, from: Data(line.utf8))
}

@Suite struct TCPTransportHygieneTests {
    /// The reported failure: 700 idle connections used to take a follower out of its
    /// cluster. Now they only displace each other.
    @Test func sevenHundredSilentConnectionsLeaveRoomForAStatusQueryAndAPeer() async throws {
        let silentCount = 700
        let strangerBudget = 128
        try allowOpenFiles(silentCount + 2 * strangerBudget)
        // A long identify deadline, so what makes room here is the stranger budget alone.
        let pair = try TransportPair(configureA: {
            $0.identifyTimeout = .seconds(300)
            $0.maxUnidentifiedConnections = strangerBudget
        })
        defer { pair.stop() }
        let silent = try await RawClient.openMany(silentCount, port: pair.a.boundPort)

        let statusClient = try RawClient(port: pair.a.boundPort)
        #expect(try statusQuery(on: statusClient) == pair.recorderA.status)
        pair.b.send(ping(7, from: 2), to: 1)
        #expect(await eventually { pair.recorderA.terms == [7] })

        // The status client took the place of the oldest stranger, then stopped being one;
        // the peer then found that free place. So the node holds the newest 127 silent
        // connections and has closed the other 573.
        let keptCount = strangerBudget - 1
        #expect(await eventually { silent.filter(\.isClosedByNode).count == silentCount - keptCount })
        #expect(silent.suffix(keptCount).allSatisfy { !$0.isClosedByNode })
        // Both identified connections stay, whatever strangers come after them.
        let moreSilent = try await RawClient.openMany(strangerBudget, port: pair.a.boundPort)
        #expect(await eventually { silent.allSatisfy(\.isClosedByNode) })
        #expect(try statusQuery(on: statusClient) == pair.recorderA.status)
        pair.b.send(ping(8, from: 2), to: 1)
        #expect(await eventually { pair.recorderA.terms == [7, 8] })
        #expect(pair.recorderA.connected == [] && pair.recorderB.connected == [1])
        #expect(moreSilent.allSatisfy { !$0.isClosedByNode })
    }

    /// One byte every 50 ms, never a whole line: the deadline counts from accept, so the
    /// trickle does not keep the connection open. Meanwhile a status client and a member
    /// that identified themselves in time stay.
    @Test func aSlowlorisIsCutOffAtTheIdentifyDeadlineAndIdentifiedConnectionsStay() async throws {
        // The clients that should stay write right after connecting; a second covers a test
        // thread held up between the two on a loaded machine (it would be taken for silent).
        let identifyTimeout = Duration.seconds(1)
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1, 2]), recorder: recorder) {
            $0.identifyTimeout = identifyTimeout
        }
        defer { node.stop() }
        let statusClient = try RawClient(port: node.boundPort)
        #expect(try statusQuery(on: statusClient) == recorder.status)
        let member = try RawClient(port: node.boundPort)
        member.write(ping(1, from: 2))

        // Each connection's time is counted from before its connect: the node starts its
        // clock when it accepts, which can come before `connect` returns here, and a thread
        // held up after the connect on a loaded machine would shorten the count.
        let lineStart = ContinuousClock.now
        let lineLoris = try RawClient(port: node.boundPort)
        let lineOpenFor = await lineLoris.trickle(Array("{\"type\":\"status\"     ".utf8), every: .milliseconds(50),
                                                  giveUpAfter: .seconds(30), since: lineStart)
        let httpStart = ContinuousClock.now
        let httpLoris = try RawClient(port: node.boundPort)
        httpLoris.write("GET /status HTTP/1.1\r\n")
        let httpOpenFor = await httpLoris.trickle(Array("X-Slow: yes\r\n".utf8), every: .milliseconds(50),
                                                  giveUpAfter: .seconds(30), since: httpStart)

        // Closed, and never before the deadline (a lower bound only, and a sure one: the
        // node's clock starts after our connect began).
        let lineClosedAfter = try #require(lineOpenFor, "the slowloris was never cut off")
        let httpClosedAfter = try #require(httpOpenFor, "the HTTP slowloris was never cut off")
        #expect(lineClosedAfter >= identifyTimeout && httpClosedAfter >= identifyTimeout)
        // Both identified connections outlived two deadlines and still work.
        #expect(!statusClient.isClosedByNode && !member.isClosedByNode)
        #expect(try statusQuery(on: statusClient) == recorder.status)
        member.write(ping(2, from: 2))
        #expect(await eventually { recorder.terms == [1, 2] })
        // A silent connection is told why it is closed.
        let silent = try RawClient(port: node.boundPort)
        #expect(errorMessage(of: silent.readLine())?.hasPrefix("closed: no complete request") == true)
    }

    @Test func anUnfinishedHTTPRequestGetsA408AtTheDeadline() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder) {
            // The request starts right after the connect; a second covers a test thread held
            // up between the two (the node would dismiss a silent connection, without a 408).
            $0.identifyTimeout = .seconds(1)
        }
        defer { node.stop() }
        let client = try RawClient(port: node.boundPort)
        client.write("GET /status HTTP/1.1\r\nHost: x\r\n")
        let (bytes, _) = client.readToEnd()
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(recorder.httpRequests.isEmpty)
    }

    /// Anyone may claim to be a member; each member keeps only its two newest connections,
    /// so an impostor cannot pile them up either.
    @Test func eachMemberKeepsOnlyItsTwoNewestConnections() async throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1, 2]), recorder: recorder)
        defer { node.stop() }
        var connections: [RawClient] = []
        for term in 1...3 {
            let connection = try RawClient(port: node.boundPort)
            connection.write(ping(UInt64(term), from: 2))
            connections.append(connection)
            #expect(await eventually { recorder.terms.count == term })
        }
        #expect(await eventually { connections[0].isClosedByNode })
        #expect(!connections[1].isClosedByNode && !connections[2].isClosedByNode)
    }

    @Test func theClientServedLeastRecentlyMakesRoomForANewOne() throws {
        let recorder = TransportRecorder(id: 1)
        let node = try startedTransport(1, membership: try loopbackMembership([1]), recorder: recorder) {
            $0.maxClientConnections = 2
        }
        defer { node.stop() }
        let (first, second, third) = (try RawClient(port: node.boundPort), try RawClient(port: node.boundPort),
                                      try RawClient(port: node.boundPort))
        _ = try statusQuery(on: first)
        _ = try statusQuery(on: second)
        _ = try statusQuery(on: first)  // now `second` is the one served least recently
        _ = try statusQuery(on: third)
        #expect(errorMessage(of: second.readLine())?.contains("at most 2 status clients") == true)
        #expect(try statusQuery(on: first) == recorder.status)
        #expect(try statusQuery(on: third) == recorder.status)
    }
}

/// Peer host names are looked up once, on another thread; numeric ones need no lookup.
@Suite struct PeerAddressTests {
    @Test func numericHostsAreParsedWithoutALookup() throws {
        let ipv4 = try #require(SocketAddress.numeric(host: "127.0.0.1", port: 8001))
        #expect(ipv4.family == AF_INET && ipv4.port == 8001)
        let ipv6 = try #require(SocketAddress.numeric(host: "::1", port: 9))
        #expect(ipv6.family == AF_INET6 && ipv6.port == 9)
        #expect(SocketAddress.numeric(host: "localhost", port: 1) == nil)
        #expect(SocketAddress.numeric(host: "127.0.0.256", port: 1) == nil)
    }

    @Test func aPeerNamedByHostNameIsReachedAndABadNameIsReportedUnreachable() async throws {
        let (portA, portB) = (try PortReservation(), try PortReservation())
        let membership = try Membership([
            Member(id: 1, port: portA.port),
            Member(id: 2, host: "localhost", port: portB.port),
            Member(id: 3, host: "no-such-host.invalid", port: 9),
        ])
        let (recorderA, recorderB) = (TransportRecorder(id: 1), TransportRecorder(id: 2))
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorderA)
        defer { a.stop() }
        let b = try startedTransport(2, membership: membership, port: portB.port, recorder: recorderB)
        defer { b.stop() }
        portA.release()
        portB.release()

        #expect(await eventually {
            a.send(ping(1, from: 1), to: 2)
            a.send(ping(1, from: 1), to: 3)
            return !recorderB.deliveries.isEmpty && recorderA.unreachable.contains(3)
        })
        // The I/O thread kept serving while node 3's name failed to resolve.
        let client = try RawClient(port: a.boundPort)
        client.write(WireCodec.statusRequestLine)
        #expect(client.readLine() != nil)
        #expect(!recorderA.unreachable.contains(2))
    }
}
