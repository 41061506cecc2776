import Election
import ElectionLive
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Talks to a node the way a user would, over plain TCP on 127.0.0.1: the status line
/// query, raw HTTP, and ports to start nodes on.
enum LoopbackProbe {
    /// Ports the OS hands out, each kept bound by a socket that the caller closes when it
    /// is done with the port. The socket has `SO_REUSEADDR` and never listens: a node
    /// (which binds with `SO_REUSEADDR` too) can still listen on the port, and connecting
    /// to it is refused while no node does, but the OS hands it to no other `bind` to
    /// port 0 meanwhile. (A port bound and closed again is free at once: another test may
    /// be handed it, and a node started on it later then answers that test's calls.)
    /// `PortReservations` holds them for a test.
    static func reservedPorts(_ count: Int) -> [(port: UInt16, socket: Int32)] {
        (0..<count).map { _ in
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = loopback(port: 0)
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            return (port(of: descriptor), descriptor)
        }
    }

    /// A socket listening on 127.0.0.1:`port` (0: any free port); the caller closes it.
    static func listeningSocket(port: UInt16) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return -1 }
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            return -1
        }
        return descriptor
    }

    static func port(of descriptor: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// How long a call waits to send and for each read. A node that is down refuses the
    /// connection at once, so this only bounds a node that does not answer; a node starved
    /// of CPU on a loaded machine (where a test can take 30 s) may well need over a second,
    /// and several tests take a single answer as the node's word.
    static let answerTimeout = timeval(tv_sec: 5, tv_usec: 0)

    /// Sends `{"type":"status"}` and returns the one line that comes back, or `nil` when
    /// the node does not answer within `answerTimeout`.
    static func statusLine(port: UInt16) -> String? {
        exchange(port: port, request: "{\"type\":\"status\"}\n", untilNewline: true)
    }

    /// The node's status, or `nil` when it is down or not answering.
    static func status(port: UInt16) -> StatusReply? {
        guard let line = statusLine(port: port) else { return nil }
        return try? JSONDecoder().decode(StatusReply.self, from: Data(line.utf8))
    }

    /// A raw `GET` and the whole response (status line, headers, body).
    static func httpGet(port: UInt16, path: String) -> String? {
        exchange(port: port, request: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                 untilNewline: false)
    }

    /// Sends one line and returns the first line that comes back.
    static func exchange(port: UInt16, line: String) -> String? {
        exchange(port: port, request: line + "\n", untilNewline: true)
    }

    /// Writes `request`, then reads until a newline (or until the peer closes).
    private static func exchange(port: UInt16, request: String, untilNewline: Bool) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = answerTimeout
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let bytes = Array(request.utf8)
        guard send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
            if untilNewline, let newline = received.firstIndex(of: 10) {
                return String(decoding: received[..<newline], as: UTF8.self)
            }
        }
        return untilNewline || received.isEmpty ? nil : String(decoding: received, as: UTF8.self)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
