import Glibc

/// An IPv4 or IPv6 socket address, resolved from a host name or numeric address.
struct SocketAddress: Sendable {
    private var storage: sockaddr_storage
    private let length: socklen_t

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    var family: Int32 { Int32(storage.ss_family) }

    var port: UInt16? {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer -> UInt16? in
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin_port)
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    UInt16(bigEndian: $0.pointee.sin6_port)
                }
            default:
                return nil
            }
        }
    }

    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var copy = storage
        return withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    struct ResolveFailure: Error, Sendable {
        let reason: String
    }

    /// `host:port` when `host` is a numeric IPv4 or IPv6 address (the common case),
    /// parsed with `inet_pton`: no lookup, so it may run anywhere, the I/O thread too.
    /// `nil` for a host name.
    static func numeric(host: String, port: UInt16) -> SocketAddress? {
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, host, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = port.bigEndian
            return SocketAddress(copying: ipv4)
        }
        var ipv6 = sockaddr_in6()
        guard inet_pton(AF_INET6, host, &ipv6.sin6_addr) == 1 else { return nil }
        ipv6.sin6_family = sa_family_t(AF_INET6)
        ipv6.sin6_port = port.bigEndian
        return SocketAddress(copying: ipv6)
    }

    /// A `sockaddr_in` or `sockaddr_in6`, copied into a `sockaddr_storage`.
    private init<Address>(copying address: Address) {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: Address.self) }
        self.init(storage: storage, length: socklen_t(MemoryLayout<Address>.size))
    }

    /// Every address of `host:port`, IPv4 first: nodes bind 127.0.0.1 by default, so
    /// `localhost` should reach them even where it also means `::1`.
    ///
    /// A host name takes a `getaddrinfo` lookup, which may wait for DNS for seconds: never
    /// call this on the transport's I/O thread for a name (`PeerAddressResolver` runs it
    /// on a thread of its own). Numeric addresses need no lookup.
    static func resolve(host: String, port: UInt16, forListening: Bool)
        -> Result<[SocketAddress], ResolveFailure>
    {
        if let address = numeric(host: host, port: port) { return .success([address]) }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = forListening ? AI_PASSIVE : 0
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            return .failure(ResolveFailure(reason: "cannot resolve '\(host)': \(reason)"))
        }
        defer { freeaddrinfo(first) }
        var found: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr,
               entry.pointee.ai_family == AF_INET || entry.pointee.ai_family == AF_INET6 {
                var storage = sockaddr_storage()
                let length = entry.pointee.ai_addrlen
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
                }
                found.append(SocketAddress(storage: storage, length: length))
            }
            cursor = entry.pointee.ai_next
        }
        found.sort { $0.family == AF_INET && $1.family != AF_INET }
        return .success(found)
    }
}
