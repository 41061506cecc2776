/// The per-metric summaries of a result's trials: each metric is the `SummaryStats` of one
/// per-trial value of `TrialSample` (see `MetricDefinition.all` for the definitions).
/// A metric no trial measured is `nil` ("not measured").
///
/// Computed from the samples, never filled by hand, so it cannot disagree with them.
struct ScenarioMetrics: Codable, Hashable, Sendable {
    /// Trials summarized (the number of samples).
    var trialsMeasured: Int
    /// Trials that ended without an agreed leader.
    var trialsWithoutAgreedLeader: Int
    var failoverMs: SummaryStats?
    var leaderlessMs: SummaryStats?
    var splitBrainMs: SummaryStats?
    var electionsStarted: SummaryStats?
    var leaderChanges: SummaryStats?
    var termIncrements: SummaryStats?
    var messagesPerElection: SummaryStats?
    var bytesPerElection: SummaryStats?
    /// Split votes: the share (0-1) of the trials with a failover and a term count whose
    /// failover took more than one term, that is more than one election round (a split
    /// vote, or a candidate that lost and stood again). `nil` when no such trial (a system
    /// that reports no terms, a scenario without a failover) or when votes do not decide
    /// the algorithm's elections (`hasVoteRounds`).
    var splitVoteRate: Double?
    /// Whether votes in numbered rounds decide the algorithm's elections, so that a split
    /// vote can happen at all. An algorithm without votes may still number its leaderships
    /// (epochs), but a failover that took two of those split no vote. Not written to the
    /// results file: its `split_vote_rate` is null then.
    var hasVoteRounds = true

    /// `hasVoteRounds`: see above; `ScenarioResult` asks the algorithm's registry entry.
    init(samples: [TrialSample], hasVoteRounds: Bool = true) {
        func summary(_ value: (TrialSample) -> Double?) -> SummaryStats? {
            Statistics.summarize(samples.compactMap(value))
        }
        trialsMeasured = samples.count
        trialsWithoutAgreedLeader = samples.filter { !$0.leaderAgreedAtEnd }.count
        failoverMs = summary(\.failoverMs)
        leaderlessMs = summary(\.leaderlessMs)
        splitBrainMs = summary(\.splitBrainMs)
        electionsStarted = summary { $0.electionsStarted.map(Double.init) }
        leaderChanges = summary { $0.leaderChanges.map(Double.init) }
        termIncrements = summary { $0.termIncrements.map(Double.init) }
        messagesPerElection = summary(\.messagesPerElection)
        bytesPerElection = summary(\.bytesPerElection)
        self.hasVoteRounds = hasVoteRounds
        let counted = samples.filter { $0.failoverMs != nil }.compactMap(\.termIncrements)
        splitVoteRate = counted.isEmpty || !hasVoteRounds
            ? nil : Double(counted.filter { $0 > 1 }.count) / Double(counted.count)
    }

    enum CodingKeys: String, CodingKey {
        case trialsMeasured = "trials_measured"
        case trialsWithoutAgreedLeader = "trials_without_agreed_leader"
        case failoverMs = "failover_ms"
        case leaderlessMs = "leaderless_ms"
        case splitBrainMs = "split_brain_ms"
        case electionsStarted = "elections_started"
        case leaderChanges = "leader_changes"
        case termIncrements = "term_increments"
        case messagesPerElection = "messages_per_election"
        case bytesPerElection = "bytes_per_election"
        case splitVoteRate = "split_vote_rate"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trialsMeasured, forKey: .trialsMeasured)
        try container.encode(trialsWithoutAgreedLeader, forKey: .trialsWithoutAgreedLeader)
        // Explicit nulls: a reader of the file sees every metric, measured or not.
        for key in MetricDefinition.Key.allCases {
            try container.encode(summary(for: key), forKey: CodingKeys(rawValue: key.rawValue)!)
        }
        try container.encode(splitVoteRate, forKey: .splitVoteRate)
    }

    /// The summary for a metric of `MetricDefinition.all`, by its key.
    func summary(for key: MetricDefinition.Key) -> SummaryStats? {
        switch key {
        case .failoverMs: failoverMs
        case .leaderlessMs: leaderlessMs
        case .splitBrainMs: splitBrainMs
        case .electionsStarted: electionsStarted
        case .leaderChanges: leaderChanges
        case .termIncrements: termIncrements
        case .messagesPerElection: messagesPerElection
        case .bytesPerElection: bytesPerElection
        }
    }
}
