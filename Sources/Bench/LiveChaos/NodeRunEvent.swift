import Election

/// One event a node logged, with the run of its process that logged it (1 for the first
/// start, 2 after one restart, ...): the unit the safety audits work on, since a promise
/// made by one run must hold in every run after it.
struct NodeRunEvent: Hashable, Sendable {
    var event: NodeLogEvent
    var run: Int

    init(event: NodeLogEvent, run: Int) {
        self.event = event
        self.run = run
    }

    var node: NodeID { event.node }

    /// `node 3 (run 2) at +12.345 s: granted its vote for term 7 to node 2`, with the time
    /// counted from `originMs`: a line of evidence a violation can be checked against.
    func evidence(since originMs: Double) -> String {
        let seconds = (event.timestampMs - originMs) / 1000
        return "node \(node) (run \(run)) at +\(ReportNumber.plain(seconds, decimals: 3)) s, "
            + "\(event.kind): \(event.message)"
    }
}
