/// A leader-election algorithm written as a pure state machine.
///
/// Implementation requirements (every conforming type MUST meet them; the shared
/// conformance suite, Tests/ConformanceTests, checks what can be checked for every
/// registered algorithm):
/// - No I/O: no sockets, no files, no clock reads, no `Date()`, no Dispatch, no global
///   random generator. Time arrives as `now`; randomness comes from the `SeededRandom`
///   handed to `init`.
/// - Everything happens in `handle(_:at:)`, one input at a time, and its only way to act
///   on the world is the returned effects, which the runtime performs in order.
/// - Every value that must survive a crash is emitted as `.persist` *before* the effects
///   that depend on it; after a crash the runtime creates a fresh instance with the last
///   persisted state, and calls `handle(.start, ...)`.
/// - `status` is cheap and reflects the latest handled input.
/// - After `.stop`, the instance returns no further effects except ones produced by that
///   `.stop` itself.
public protocol ElectionProtocol: Sendable {
    /// The algorithm's peer messages. Encoded as one JSON object with a `type` field.
    associatedtype Message: ElectionMessage
    /// Tunable options, each with a documented default.
    associatedtype Settings: Sendable
    /// What the algorithm persists (`NoDurableState` when nothing).
    associatedtype DurableState: Codable & Hashable & Sendable

    /// The name used in `--algorithm` and in the status reply: one lowercase word.
    static var algorithmName: String { get }

    /// Creates a node. `members` is the configured membership (including `id`).
    /// `durable` is the state last persisted before a crash, or `nil` on first boot.
    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom,
         durable: DurableState?)

    var id: NodeID { get }
    var status: NodeStatus { get }

    mutating func handle(_ input: Input<Message>, at now: Instant) -> [Effect<Message, DurableState>]
}

extension ElectionProtocol {
    public typealias Effects = [Effect<Message, DurableState>]
}

/// A peer message. Its JSON encoding MUST be a keyed object whose `type` field equals
/// `typeName` (for example `{"type":"request_vote","term":5,...}`); the transport adds a
/// `from` field and, later, a membership fingerprint next to it, so a message MUST NOT use
/// the keys `from`, `cluster` or `error`.
public protocol ElectionMessage: Codable, Hashable, Sendable {
    /// The wire `type`, in snake_case: `election`, `answer`, `coordinator`, ...
    var typeName: String { get }
}
