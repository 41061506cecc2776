/// One entry of the membership list: a node id and where it listens.
public struct Member: Hashable, Sendable, CustomStringConvertible {
    public var id: NodeID
    public var host: String
    public var port: UInt16

    public init(id: NodeID, host: String = "127.0.0.1", port: UInt16) {
        self.id = id
        self.host = host
        self.port = port
    }

    /// `id:port` when the host is the default loopback address, `id:host:port` otherwise,
    /// so that `Membership.parse(members.description)` gives the same list back.
    public var description: String {
        host == "127.0.0.1" ? "\(id):\(port)" : "\(id):\(host):\(port)"
    }
}
