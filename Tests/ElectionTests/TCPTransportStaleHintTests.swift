import Glibc
import Testing
@testable import Election
@testable import ElectionLive

/// A connection attempt that fails is news of a dead peer only if the peer has not spoken
/// since the attempt began. Here the attempt hangs (the peer's port drops every SYN) while
/// the peer greets us on a connection of its own, as a restarted process does while our
/// refused connect to its predecessor is still on its way back: no hint. Once that
/// connection of its own is gone, a failed attempt is news again.
@Suite struct TCPTransportStaleHintTests {
    /// A listening socket whose accept queue is full (backlog 0 and one connection nobody
    /// accepts): Linux drops every further SYN, so a connect to it stays in progress.
    final class FullListener {
        let fd: Int32
        let port: UInt16
        private let filler: RawClient

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: 0)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            let listening = bound == 0 && listen(listener, 0) == 0
            let port = Socket.localPort(of: listener) ?? 0
            (fd, self.port) = (listener, port)
            try #require(listening && port != 0, "cannot listen: \(String(cString: strerror(errno)))")
            filler = try RawClient(port: port)
        }

        func close() { Glibc.close(fd) }
    }

    @Test func aPeerThatSpeaksWhileOurAttemptHangs_isNotReportedWhenTheAttemptFails() async throws {
        let portA = try PortReservation()
        let peer = try FullListener()
        defer { peer.close() }
        let membership = try loopbackMembership([portA.port, peer.port])
        let recorder = TransportRecorder(id: 1)
        let a = try startedTransport(1, membership: membership, port: portA.port, recorder: recorder) {
            $0.connectTimeout = .seconds(3)
        }
        defer { a.stop() }
        portA.release()

        a.send(ping(1, from: 1), to: 2)  // the attempt starts, and hangs
        let fromTwo = try RawClient(port: portA.port)
        fromTwo.write(ping(7, from: 2))
        #expect(await eventually { recorder.deliveries.count == 1 })
        #expect(await eventually { a.failedConnectionCount(to: 2) >= 1 })
        #expect(recorder.unreachable.isEmpty, "node 2 spoke during the attempt, so its failure is no news")

        // Node 2's own connection goes, and its port now refuses: that is news, and told.
        peer.close()
        fromTwo.finishWriting()
        #expect(await eventually { recorder.unreachable == [2] })
    }
}
