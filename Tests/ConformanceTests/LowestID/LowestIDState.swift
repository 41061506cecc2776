/// What a lowest-id node keeps across crashes: the highest term it has seen or announced,
/// so that a leadership it announces after a restart is numbered above every one it took
/// part in before.
public struct LowestIDState: Codable, Hashable, Sendable {
    public var term: UInt64

    public init(term: UInt64 = 0) {
        self.term = term
    }
}
