/// The bench's metrics, each defined once. The same text appears in `results.json`
/// (`metric_definitions`), in the schema file next to it, and in both reports.
struct MetricDefinition: Codable, Hashable, Sendable {
    /// A metric's key: the JSON key used in `metrics` (and the CSV column prefix).
    enum Key: String, Codable, Hashable, Sendable, CaseIterable {
        case failoverMs = "failover_ms"
        case leaderlessMs = "leaderless_ms"
        case splitBrainMs = "split_brain_ms"
        case electionsStarted = "elections_started"
        case leaderChanges = "leader_changes"
        case termIncrements = "term_increments"
        case messagesPerElection = "messages_per_election"
        case bytesPerElection = "bytes_per_election"
    }

    var key: Key
    /// A short name for table rows: "Failover time".
    var name: String
    /// `ms`, `count` or `bytes`.
    var unit: String
    var definition: String

    init(key: Key, name: String, unit: String, definition: String) {
        self.key = key
        self.name = name
        self.unit = unit
        self.definition = definition
    }

    /// Whether values are milliseconds (formatted as times).
    var isTime: Bool { unit == "ms" }

    static func definition(for key: Key) -> MetricDefinition {
        all.first { $0.key == key }!
    }

    /// Every metric, in the order tables show them. Each is summarized per result as
    /// n, min, p50, p90, p99, max and mean over its trials (nearest-rank percentiles).
    static let all: [MetricDefinition] = [
        MetricDefinition(
            key: .failoverMs, name: "Failover time", unit: "ms",
            definition: "From the moment the leader is killed (or paused, or cut off) until every surviving node reports the same new leader. Trials that never reach agreement have no failover time and are counted as trials without an agreed leader."),
        MetricDefinition(
            key: .leaderlessMs, name: "Time without an agreed leader", unit: "ms",
            definition: "Total time in a trial when the running nodes do not all name the same leader, or the leader they name is not running as leader. Covers every election in the trial, not just the first."),
        MetricDefinition(
            key: .splitBrainMs, name: "Split-brain time", unit: "ms",
            definition: "Total time in a trial when two or more running nodes each believe they are the leader (for example an old leader cut off from the majority)."),
        MetricDefinition(
            key: .electionsStarted, name: "Elections started", unit: "count",
            definition: "Per trial, how many times any node started an election: Raft, a node became a candidate for a new term; Bully, a node sent ELECTION messages to the nodes with higher ids."),
        MetricDefinition(
            key: .leaderChanges, name: "Leader changes", unit: "count",
            definition: "Per trial, how many times any node became leader."),
        MetricDefinition(
            key: .termIncrements, name: "Term increments", unit: "count",
            definition: "Per trial, the highest term (Raft) or election epoch (Bully) at the end minus the highest at the start."),
        MetricDefinition(
            key: .messagesPerElection, name: "Messages per election", unit: "count",
            definition: "Per trial, the election messages sent by all nodes (Bully: ELECTION, ANSWER, COORDINATOR; Raft: vote requests and replies; heartbeats not counted) divided by the number of leader changes, that is, what it cost to establish each new leader."),
        MetricDefinition(
            key: .bytesPerElection, name: "Bytes per election", unit: "bytes",
            definition: "The wire bytes of those election messages (one JSON line each, newline included) divided by the number of leader changes."),
    ]
}
