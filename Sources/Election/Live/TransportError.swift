/// Why `TCPTransport.start()` failed. Each description is one sentence a user can act on.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Another process (often another node) already listens on this address.
    case addressInUse(host: String, port: UInt16)
    /// Binding or listening failed for another reason (permission, unknown address...).
    case cannotBind(host: String, port: UInt16, reason: String)
    /// `start()` was called on a transport that was already started (or stopped).
    case alreadyStarted
    /// The operating system refused a resource the transport needs (a pipe, a thread).
    case systemResource(String)
    /// A configuration value is out of range; the text names it.
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .addressInUse(let host, let port):
            return "port \(port) on \(host) is already in use (is another node running there?); "
                + "stop that process, or give this node a free port in --nodes"
        case .cannotBind(let host, let port, let reason):
            return "cannot listen on \(host) port \(port): \(reason); check --bind and --port"
        case .alreadyStarted:
            return "this transport was already started; create a new TCPTransport to start again"
        case .systemResource(let reason):
            return "the system refused a resource the transport needs: \(reason)"
        case .invalidConfiguration(let problem):
            return "the transport configuration is invalid: \(problem)"
        }
    }
}
