/// Which node the flapping scenario crashes and restarts over and over.
public enum FlappingTarget: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The highest id: Bully's natural leader, which takes over again each time it returns.
    case highest
    /// The lowest id that is not the leader when the window opens.
    case follower

    public var description: String {
        switch self {
        case .highest: "highest id"
        case .follower: "a follower"
        }
    }
}
