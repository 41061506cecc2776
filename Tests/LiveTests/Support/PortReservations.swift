#if canImport(Glibc)
import Glibc
#endif

/// Ports the OS handed out, each kept bound (see `LoopbackProbe.reservedPorts`) until
/// `release()` or `deinit`: a node can listen on one, connecting to one is refused while no
/// node does, and no other test is handed one meanwhile. A port that is free again, by
/// contrast, may be handed to another test at once, whose listener then answers our calls.
final class PortReservations {
    let ports: [UInt16]
    private var sockets: [Int32]

    init(_ count: Int) {
        let reserved = LoopbackProbe.reservedPorts(count)
        ports = reserved.map(\.port)
        sockets = reserved.map(\.socket)
    }

    /// Frees the ports; harmless when done already.
    func release() {
        for socket in sockets { close(socket) }
        sockets = []
    }

    deinit { release() }
}
