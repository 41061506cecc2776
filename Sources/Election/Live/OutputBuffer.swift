/// Bytes accepted for a connection but not yet taken by its socket. Writes are
/// non-blocking, so whatever the socket does not take now waits here for `POLLOUT`.
struct OutputBuffer {
    private var bytes: [UInt8] = []
    private var offset = 0

    var pendingCount: Int { bytes.count - offset }
    var isEmpty: Bool { pendingCount == 0 }

    mutating func append(_ more: [UInt8]) {
        if isEmpty {
            bytes = more
            offset = 0
        } else {
            if offset > 65_536 {
                bytes.removeSubrange(0..<offset)
                offset = 0
            }
            bytes += more
        }
    }

    /// Writes as much as the socket takes: `.transferred` once everything is out,
    /// `.wouldBlock` while some remains, `.failed` if the connection broke.
    mutating func flush(to fd: Int32) -> SocketIOResult {
        var written = 0
        while !isEmpty {
            switch Socket.write(fd, bytes[offset...]) {
            case .transferred(let count):
                offset += count
                written += count
            case .wouldBlock:
                return .wouldBlock
            case .endOfStream:
                return .endOfStream
            case .failed(let code):
                return .failed(code)
            }
        }
        removeAll()
        return .transferred(written)
    }

    mutating func removeAll() {
        bytes = []
        offset = 0
    }
}
