import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports the OS hands out on 127.0.0.1, held for as long as a cluster lives.
///
/// Each port is a socket bound with `SO_REUSEADDR` and never listening. A node's listener
/// binds the same port with `SO_REUSEADDR` too (election-node's `Socket.listening`), which
/// Linux allows while the other socket is not listening; but the OS hands the port to no one
/// else meanwhile. Ports picked and closed again could be given to another program (another
/// test's listener, the OS's next connection) between the pick and the node's bind, or
/// between a kill -9 and the restart, and a peer's connect would then reach a stranger.
final class HeldPorts {
    let ports: [UInt16]
    private var sockets: [Int32]

    /// Reserves `count` different ports.
    init(_ count: Int) throws(LiveBenchError) {
        var sockets: [Int32] = []
        var ports: [UInt16] = []
        for _ in 0..<count {
            // Close-on-exec: the nodes this bench starts must not inherit the held ports.
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else {
                sockets.forEach { _ = close($0) }
                throw LiveBenchError.noFreePorts(count: count)
            }
            sockets.append(descriptor)
            var one: Int32 = 1
            _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard let port = Self.bindToAnyLoopbackPort(descriptor) else {
                sockets.forEach { _ = close($0) }
                throw LiveBenchError.noFreePorts(count: count)
            }
            ports.append(port)
        }
        self.ports = ports
        self.sockets = sockets
    }

    /// Gives the ports back; harmless when done already.
    func release() {
        sockets.forEach { _ = close($0) }
        sockets = []
    }

    deinit { release() }

    /// Binds `descriptor` to 127.0.0.1 port 0 and reads back the port the OS chose.
    static func bindToAnyLoopbackPort(_ descriptor: Int32) -> UInt16? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else { return nil }
        return UInt16(bigEndian: address.sin_port)
    }
}
