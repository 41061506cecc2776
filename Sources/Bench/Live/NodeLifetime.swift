import Election

/// One run of one node's process, in Unix epoch milliseconds (see `WallClock`): from the
/// moment it started listening (its `node_started` event) until the bench killed or
/// stopped it. A node restarted three times has four lifetimes.
struct NodeLifetime: Hashable, Sendable {
    var node: NodeID
    var startMs: Double
    /// When the bench killed or stopped it; `nil` while it still runs.
    var endMs: Double?

    init(node: NodeID, startMs: Double, endMs: Double? = nil) {
        self.node = node
        self.startMs = startMs
        self.endMs = endMs
    }

    /// Whether `timeMs` falls inside this lifetime (start inclusive, end exclusive).
    func contains(_ timeMs: Double) -> Bool {
        startMs <= timeMs && endMs.map { timeMs < $0 } ?? true
    }
}
