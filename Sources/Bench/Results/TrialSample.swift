/// What one trial of one scenario measured. Scenario runners fill one of these per trial;
/// `ScenarioMetrics` summarizes them, so every metric is defined in one place
/// (`MetricDefinition.all`). Leave a field `nil` when the runner did not measure it: the
/// report then shows "not measured" instead of a made-up zero.
///
/// Times are milliseconds. JSON keys are the snake_case names given on each property.
struct TrialSample: Codable, Hashable, Sendable {
    /// 1-based trial number within its result.
    var trial: Int
    /// The seed that replays this trial (simulated runs), if it has its own.
    var seed: UInt64?
    /// `failover_ms`: from the fault (the leader killed, paused or cut off) until every
    /// surviving node reports the same new leader. `nil` when the trial had no such moment
    /// (no agreement before the trial ended, or a scenario without a leader fault).
    var failoverMs: Double?
    /// `leader_agreed_at_end`: whether the cluster ended the trial with an agreed leader.
    /// A trial that did not is counted in `trials_without_agreed_leader`.
    var leaderAgreedAtEnd: Bool
    /// `leaderless_ms`: total time in the trial without an agreed leader (see
    /// `LeadershipTimeline.spans` for the exact rule).
    var leaderlessMs: Double?
    /// `split_brain_ms`: total time in the trial when two or more running nodes each
    /// believed they were the leader.
    var splitBrainMs: Double?
    /// `elections_started`: how many times any node started an election (Raft: became a
    /// candidate for a new term; Bully: sent ELECTION messages to higher ids).
    var electionsStarted: Int?
    /// `leader_changes`: how many times any node became leader.
    var leaderChanges: Int?
    /// `term_increments`: highest term (Raft) or epoch (Bully) at the end minus at the start.
    var termIncrements: Int?
    /// `election_messages`: peer messages that belong to elections, sent by all nodes in the
    /// trial (Bully: ELECTION, ANSWER, COORDINATOR; Raft: vote requests and replies).
    /// Heartbeats and status queries are not counted.
    var electionMessages: Int?
    /// `election_bytes`: wire bytes of those messages (their JSON lines, newline included).
    var electionBytes: Int?
    /// Anything unusual about this trial ("node 3 took 2 s to restart").
    var note: String?

    init(trial: Int, seed: UInt64? = nil, failoverMs: Double?, leaderAgreedAtEnd: Bool = true,
                leaderlessMs: Double? = nil, splitBrainMs: Double? = nil,
                electionsStarted: Int? = nil, leaderChanges: Int? = nil,
                termIncrements: Int? = nil, electionMessages: Int? = nil,
                electionBytes: Int? = nil, note: String? = nil) {
        self.trial = trial
        self.seed = seed
        self.failoverMs = failoverMs
        self.leaderAgreedAtEnd = leaderAgreedAtEnd
        self.leaderlessMs = leaderlessMs
        self.splitBrainMs = splitBrainMs
        self.electionsStarted = electionsStarted
        self.leaderChanges = leaderChanges
        self.termIncrements = termIncrements
        self.electionMessages = electionMessages
        self.electionBytes = electionBytes
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case trial, seed
        case failoverMs = "failover_ms"
        case leaderAgreedAtEnd = "leader_agreed_at_end"
        case leaderlessMs = "leaderless_ms"
        case splitBrainMs = "split_brain_ms"
        case electionsStarted = "elections_started"
        case leaderChanges = "leader_changes"
        case termIncrements = "term_increments"
        case electionMessages = "election_messages"
        case electionBytes = "election_bytes"
        case note
    }

    /// Election messages per new leader in this trial, or `nil` when not measured or when
    /// no leader was established.
    var messagesPerElection: Double? { perNewLeader(electionMessages) }

    /// Election bytes per new leader in this trial (same rule as `messagesPerElection`).
    var bytesPerElection: Double? { perNewLeader(electionBytes) }

    private func perNewLeader(_ total: Int?) -> Double? {
        guard let total, let leaderChanges, leaderChanges > 0 else { return nil }
        return Double(total) / Double(leaderChanges)
    }
}
