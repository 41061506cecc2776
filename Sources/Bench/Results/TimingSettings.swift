/// The timeouts a result ran with, in milliseconds. Each is optional because Bully and
/// Raft use different ones; leave out what the algorithm does not have. Anything else
/// (PreVote on/off, detection by connection loss, ...) goes in `ScenarioResult.options`.
///
/// JSON: `{"heartbeat_ms":50,"election_timeout_ms":[150,300],"failure_timeout_ms":null,...}`
/// (absent values are omitted).
struct TimingSettings: Codable, Hashable, Sendable {
    /// How often the leader tells followers it is alive.
    var heartbeatMs: Double?
    /// Raft: each election timeout is drawn uniformly from this range.
    var electionTimeoutMs: MillisecondRange?
    /// Bully: silence from the leader for this long means it is dead.
    var failureTimeoutMs: Double?
    /// Bully: how long a candidate waits for an ANSWER from a higher id (and then for its
    /// COORDINATOR message) before taking over or restarting the election.
    var answerTimeoutMs: Double?

    init(heartbeatMs: Double? = nil, electionTimeoutMs: MillisecondRange? = nil,
                failureTimeoutMs: Double? = nil, answerTimeoutMs: Double? = nil) {
        self.heartbeatMs = heartbeatMs
        self.electionTimeoutMs = electionTimeoutMs
        self.failureTimeoutMs = failureTimeoutMs
        self.answerTimeoutMs = answerTimeoutMs
    }

    enum CodingKeys: String, CodingKey {
        case heartbeatMs = "heartbeat_ms"
        case electionTimeoutMs = "election_timeout_ms"
        case failureTimeoutMs = "failure_timeout_ms"
        case answerTimeoutMs = "answer_timeout_ms"
    }

    /// `heartbeat 50 ms, election 150-300 ms`, for tables and captions.
    var summary: String {
        var parts: [String] = []
        if let heartbeatMs { parts.append("heartbeat \(ReportNumber.plain(heartbeatMs)) ms") }
        if let electionTimeoutMs { parts.append("election \(electionTimeoutMs) ms") }
        if let failureTimeoutMs { parts.append("failure \(ReportNumber.plain(failureTimeoutMs)) ms") }
        if let answerTimeoutMs { parts.append("answer \(ReportNumber.plain(answerTimeoutMs)) ms") }
        return parts.isEmpty ? "defaults" : parts.joined(separator: ", ")
    }
}
