import Election

/// A stretch during which the bench held a node with SIGSTOP, in epoch milliseconds.
public struct PauseInterval: Hashable, Sendable {
    public var node: NodeID
    public var fromMs: Double
    public var toMs: Double

    public init(node: NodeID, fromMs: Double, toMs: Double) {
        self.node = node
        self.fromMs = fromMs
        self.toMs = toMs
    }
}
