import Glibc

/// Thin wrappers over the POSIX socket calls the transport uses. Every socket is
/// non-blocking and close-on-exec; every send uses `MSG_NOSIGNAL`, so writing to a peer
/// that vanished returns `EPIPE` instead of killing the process with `SIGPIPE`.
enum Socket {
    /// A listening socket on `host:port` (port 0: the OS picks), with `SO_REUSEADDR` so a
    /// restarted node can bind again while old connections sit in TIME_WAIT.
    static func listen(host: String, port: UInt16, backlog: Int32 = 128)
        throws(TransportError) -> (fd: Int32, port: UInt16)
    {
        let addresses: [SocketAddress]
        switch SocketAddress.resolve(host: host, port: port, forListening: true) {
        case .success(let found): addresses = found
        case .failure(let problem): throw .cannotBind(host: host, port: port, reason: problem.reason)
        }
        guard let address = addresses.first else {
            throw .cannotBind(host: host, port: port, reason: "the address resolves to nothing")
        }
        let fd = makeSocket(family: address.family)
        guard fd >= 0 else { throw .systemResource("socket(): \(errorText(errno))") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = address.withSockAddr { bind(fd, $0, $1) }
        if bound != 0 {
            let code = errno
            close(fd)
            if code == EADDRINUSE { throw .addressInUse(host: host, port: port) }
            throw .cannotBind(host: host, port: port, reason: errorText(code))
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            if code == EADDRINUSE { throw .addressInUse(host: host, port: port) }
            throw .cannotBind(host: host, port: port, reason: errorText(code))
        }
        return (fd, localPort(of: fd) ?? port)
    }

    /// How a non-blocking `connect` began.
    enum ConnectStart {
        case connected(Int32)
        case inProgress(Int32)
        case failed(Int32)
    }

    /// Starts connecting to `address` without waiting. On `.inProgress`, wait for the
    /// socket to be writable, then read the result with `pendingError(of:)`.
    static func startConnect(to address: SocketAddress) -> ConnectStart {
        let fd = makeSocket(family: address.family)
        guard fd >= 0 else { return .failed(errno) }
        let result = address.withSockAddr { connect(fd, $0, $1) }
        if result == 0 { return .connected(fd) }
        let code = errno
        if code == EINPROGRESS || code == EINTR { return .inProgress(fd) }
        close(fd)
        return .failed(code)
    }

    /// What `fd` is ready for right now, out of `events` (a `poll(2)` that does not wait):
    /// 0 when nothing is.
    static func readyEvents(of fd: Int32, for events: Int16) -> Int32 {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        guard poll(&entry, 1, 0) == 1 else { return 0 }
        return Int32(entry.revents)
    }

    /// The error of a finished non-blocking connect (0 when it succeeded).
    static func pendingError(of fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { return errno }
        return code
    }

    /// How an `accept` went.
    enum AcceptResult {
        case accepted(Int32)
        case wouldBlock
        /// The process is out of file descriptors or memory: stop accepting for a while.
        case outOfResources(Int32)
        /// This one connection failed (aborted before we took it): just go on.
        case skipped
    }

    static func accept(from listener: Int32) -> AcceptResult {
        let fd = Glibc.accept(listener, nil, nil)
        if fd >= 0 {
            configureNonBlocking(fd)
            return .accepted(fd)
        }
        let code = errno
        switch code {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfResources(code)
        default: return .skipped
        }
    }

    /// Reads what is available into `buffer`.
    static func read(_ fd: Int32, into buffer: inout [UInt8]) -> SocketIOResult {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return .transferred(count) }
            if count == 0 { return .endOfStream }
            let code = errno
            if code == EINTR { continue }
            return code == EAGAIN || code == EWOULDBLOCK ? .wouldBlock : .failed(code)
        }
    }

    /// Writes as much of `bytes` as the socket takes now.
    static func write(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> SocketIOResult {
        while true {
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count >= 0 { return .transferred(count) }
            let code = errno
            if code == EINTR { continue }
            return code == EAGAIN || code == EWOULDBLOCK ? .wouldBlock : .failed(code)
        }
    }

    /// Turns off Nagle's algorithm: election messages are tiny and latency is what we
    /// measure, so each one leaves at once instead of waiting to be batched.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Says "no more data from me" while still reading, so the other side sees a clean
    /// end of stream after our last bytes rather than a reset.
    static func shutdownWriting(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// The port a socket is bound to.
    static func localPort(of fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return nil }
        return SocketAddress(storage: storage, length: length).port
    }

    /// `strerror` as a Swift string: "Connection refused".
    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// Makes the two ends of the wake-up pipe: the I/O thread polls the read end, other
    /// threads write a byte to the write end to interrupt its `poll`.
    static func makeWakePipe() throws(TransportError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .systemResource("pipe(): \(errorText(errno))") }
        configureNonBlocking(ends[0])
        configureNonBlocking(ends[1])
        return (ends[0], ends[1])
    }

    private static func makeSocket(family: Int32) -> Int32 {
        socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
               | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    private static func configureNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
}
