/// The toy algorithm's timing, with a documented default for each setting.
public struct LowestIDSettings: Hashable, Sendable {
    /// How often a leader broadcasts HEARTBEAT. Default: 50 ms.
    public var heartbeatInterval: Duration = .milliseconds(50)

    /// How long a node waits without a heartbeat from a lower id before it gives up on its
    /// leader, and then how long it waits again, hearing from no lower id, before it leads.
    /// Default: 200 ms (`--claim-timeout-ms`). Keep it several heartbeats long, so that a lost
    /// heartbeat or two do not make a follower drop a healthy leader.
    public var claimTimeout: Duration = .milliseconds(200)

    public init() {}

    /// Why these settings cannot work, in one sentence; `nil` when they can.
    public var problem: String? {
        if heartbeatInterval <= .zero || claimTimeout <= .zero {
            return "the heartbeat interval and the claim timeout must be positive"
        }
        if heartbeatInterval >= claimTimeout {
            return "the heartbeat interval (\(heartbeatInterval)) must be shorter than the claim timeout "
                + "(\(claimTimeout)), or followers drop a healthy leader between two heartbeats"
        }
        return nil
    }
}
