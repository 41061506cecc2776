/// Names a timer a state machine sets, such as an election timer.
///
/// Setting a timer that is already set moves it: there is at most one pending timer per
/// id. Each algorithm declares its own ids as static constants, for example
/// `extension TimerID { static let electionTimeout = TimerID("election-timeout") }`.
public struct TimerID: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    public var description: String { name }
}
