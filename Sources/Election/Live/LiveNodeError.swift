/// Why a live node could not start, or had to stop. Each description is one sentence a
/// user can act on.
public enum LiveNodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The durable state could not be read at start or written later.
    case durableStore(DurableStoreError)
    /// The port could not be opened.
    case transport(TransportError)
    /// `start()` was called twice.
    case alreadyStarted

    public var description: String {
        switch self {
        case .durableStore(let error): return error.description
        case .transport(let error): return error.description
        case .alreadyStarted: return "this node was already started; create a new LiveNode to start again"
        }
    }
}
