import Dispatch
import Election

/// Looks up a peer's host name away from the I/O thread. `getaddrinfo` may wait seconds
/// for DNS, and the I/O thread must never wait: while it does, no socket is served and no
/// timer fires, so the node would miss its own heartbeats. The answer goes into the
/// mailbox, and the I/O thread is woken to take it (`TransportMailbox.resolvedAddresses`).
///
/// Numeric hosts never come here: `SocketAddress.numeric` parses them on the spot.
enum PeerAddressResolver {
    static func lookUp(_ member: Member, into mailbox: TransportMailbox) {
        let (peer, host, port) = (member.id, member.host, member.port)
        DispatchQueue.global(qos: .userInitiated).async {
            let result = SocketAddress.resolve(host: host, port: port, forListening: false).flatMap { addresses in
                addresses.first.map { .success($0) }
                    ?? .failure(SocketAddress.ResolveFailure(reason: "'\(host)' resolves to no address"))
            }
            mailbox.withLock { state in
                guard state.phase == .running else { return }
                state.resolvedAddresses[peer] = result
                state.wake()
            }
        }
    }
}
