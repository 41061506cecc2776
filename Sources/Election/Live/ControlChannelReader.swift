import Glibc

/// Reads the control channel (see `ControlCommand`) on a thread of its own, so that a
/// parent that writes nothing, or half a line, never holds up the I/O thread: that thread
/// only ever receives complete lines, handed over by `deliver`.
///
/// Lines are bounded by `ControlCommand.maxLineBytes`: the bytes of a longer line are
/// dropped as they arrive, and the line is reported once, as too long, when its newline
/// comes; reading then goes on with the next line. At end of input, or on a read error,
/// `deliver` gets `.end` and the thread ends; it does not close the descriptor.
enum ControlChannelReader {
    enum Delivery: Sendable {
        case line([UInt8])
        case tooLong
        case end
    }

    /// Starts the reading thread. `deliver` is called on that thread, in order, and should
    /// hand the delivery on (to `TCPTransport.perform`) rather than act on it there.
    static func start(reading fd: Int32, deliver: @escaping @Sendable (Delivery) -> Void) throws(TransportError) {
        let thread = try IOThread.spawn {
            var splitter = BoundedLineSplitter(maxLineBytes: ControlCommand.maxLineBytes)
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                for delivery in splitter.push(chunk[0..<count]) { deliver(delivery) }
            }
            if let last = splitter.finish() { deliver(last) }
            deliver(.end)
        }
        thread.detach()  // nobody waits for it: it ends with its input, or with the process
    }
}
