import Glibc

/// A POSIX thread that can be joined, so `TCPTransport.stop()` returns only once the I/O
/// thread has really ended (tests then leak neither threads nor sockets).
struct IOThread: Sendable {
    private let handle: pthread_t

    /// Starts `body` on a new thread.
    static func spawn(_ body: @escaping @Sendable () -> Void) throws(TransportError) -> IOThread {
        // The closure travels to the C entry point as a retained, opaque pointer.
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, nil, { context in
            if let context {
                Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().run()
            }
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw .systemResource("cannot start the I/O thread: \(Socket.errorText(status))")
        }
        return IOThread(handle: handle)
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), handle) != 0 }

    /// Waits for the thread to end. MUST NOT be called from the thread itself.
    func join() { _ = pthread_join(handle, nil) }

    /// Lets the thread end on its own, for when it cannot be joined (a stop requested from
    /// the thread itself).
    func detach() { _ = pthread_detach(handle) }
}

private final class ThreadBody: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
