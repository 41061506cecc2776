import Election

/// A stretch during which the bench held a node with SIGSTOP, in epoch milliseconds.
struct PauseInterval: Hashable, Sendable {
    var node: NodeID
    var fromMs: Double
    var toMs: Double

    init(node: NodeID, fromMs: Double, toMs: Double) {
        self.node = node
        self.fromMs = fromMs
        self.toMs = toMs
    }
}
