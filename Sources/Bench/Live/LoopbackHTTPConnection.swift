#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One keep-alive HTTP/1.1 connection to `127.0.0.1:port`, on a non-blocking socket, for
/// polling a peer's status many times a second. `send(_:)` writes a request (connecting
/// first when there is no connection), the caller waits for `descriptor` to be readable
/// (`PeerStatusPoller` waits on all peers at once with `poll(2)`), and `receive()` reads
/// what has arrived until a whole reply is there.
///
/// Reusing the connection keeps a query to a fraction of a millisecond on loopback; any
/// error, or a server that says `Connection: close`, closes it, and the next `send`
/// connects again (a killed peer's port refuses at once, so that costs nothing).
final class LoopbackHTTPConnection {
    let port: UInt16
    private(set) var descriptor: Int32 = -1
    private var received: [UInt8] = []

    enum Progress {
        case waiting
        case reply(HTTPReplyParser.HTTPReply)
        /// The connection failed or the reply was unusable; the sentence says how.
        case failed(String)
    }

    init(port: UInt16) { self.port = port }

    deinit { close() }

    /// Sends `request`; `false` (with the connection closed) when it could not be sent.
    func send(_ request: [UInt8]) -> Bool {
        if descriptor < 0, !connect() { return false }
        received.removeAll(keepingCapacity: true)
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { buffer in
                Self.sendBytes(descriptor, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK, waitUntilWritable() {
                continue
            } else {
                close()
                return false
            }
        }
        return true
    }

    /// Reads what is there now.
    func receive() -> Progress {
        guard descriptor >= 0 else { return .failed("not connected") }
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count > 0 {
                received += buffer[0..<count]
                switch HTTPReplyParser.parse(received) {
                case .incomplete: continue
                case .complete(let reply, _):
                    if !reply.keepAlive { close() }
                    return .reply(reply)
                case .malformed(let reason):
                    close()
                    return .failed(reason)
                }
            }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return .waiting }
            close()
            return .failed(count == 0 ? "the peer closed the connection" : "read failed (errno \(errno))")
        }
    }

    func close() {
        if descriptor >= 0 { _ = closeSocket(descriptor) }
        descriptor = -1
    }

    // MARK: - Private

    /// Connects to the loopback port; loopback connects finish at once or are refused at
    /// once, so the short wait for an unfinished one is only a safety net.
    private func connect() -> Bool {
        let fd = socket(AF_INET, Int32(streamSocketType), 0)
        guard fd >= 0 else { return false }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connectSocket(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        descriptor = fd
        if result == 0 { return true }
        guard errno == EINPROGRESS, waitUntilWritable() else {
            close()
            return false
        }
        var pending: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &length) == 0, pending == 0 else {
            close()
            return false
        }
        return true
    }

    private func waitUntilWritable(timeoutMs: Int32 = 50) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        return poll(&entry, 1, timeoutMs) == 1 && entry.revents & Int16(POLLOUT) != 0
    }

    private static func sendBytes(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        #if os(Linux)
        return Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL))
        #else
        return Darwin.send(fd, bytes, count, 0)
        #endif
    }
}

#if canImport(Glibc)
private let streamSocketType = SOCK_STREAM.rawValue
private func connectSocket(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Glibc.connect(fd, address, length)
}
private func closeSocket(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#else
private let streamSocketType = SOCK_STREAM
private func connectSocket(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Darwin.connect(fd, address, length)
}
private func closeSocket(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
