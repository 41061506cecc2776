/// A metric as a column of `ConsoleComparison`: a short header, what it means, and how to
/// read it from a result's metrics (`nil`: not measured). The order of `all` is the order on
/// screen; `dropOrder` says which columns give way first when a table would not fit.
struct ConsoleMetricColumn: Sendable {
    /// How the legend explains a column.
    enum Kind: Sendable {
        /// Counts trials.
        case trials
        /// A statistic of the failover time over the trials.
        case failover
        /// A mean over the trials of a per-trial value.
        case meanPerTrial
        /// A share of the trials, in per cent.
        case share
    }

    var header: String
    var kind: Kind
    /// For `meanPerTrial` columns: what the value is ("leader changes").
    var meaning: String
    /// `nil`: always shown; otherwise left out lowest first when the table is too wide.
    var dropOrder: Int?
    var value: @Sendable (ScenarioMetrics) -> String?
    /// Whether the column adds anything for these rows (p99 only when it differs from max).
    var isShown: @Sendable ([ScenarioMetrics]) -> Bool = { _ in true }
    /// The scenarios whose tables show the column; `nil`: every scenario's.
    var scenarios: Set<ScenarioName>? = nil

    static let all: [ConsoleMetricColumn] = [
        ConsoleMetricColumn(
            header: "agreed", kind: .trials, meaning: "",
            value: { "\($0.trialsMeasured - $0.trialsWithoutAgreedLeader)/\($0.trialsMeasured)" }),
        failover("p50", \.p50, dropOrder: nil),
        failover("p90", \.p90, dropOrder: 2),
        ConsoleMetricColumn(
            header: "p99", kind: .failover, meaning: "", dropOrder: 1,
            value: { $0.failoverMs.map { ReportNumber.bareMilliseconds($0.p99) } },
            // Nearest-rank p99 of fewer than 100 trials is the slowest one: say it once.
            isShown: { $0.contains { $0.failoverMs.map { $0.p99 != $0.max } ?? false } }),
        failover("max", \.max, dropOrder: nil),
        mean("leaderless", "time without an agreed leader", \.leaderlessMs, dropOrder: 4, time: true),
        mean("split", "time with two leaders (split brain)", \.splitBrainMs, dropOrder: nil, time: true),
        mean("elections", "elections started", \.electionsStarted, dropOrder: 3),
        mean("changes", "leader changes", \.leaderChanges, dropOrder: nil),
        ConsoleMetricColumn(
            header: "splitvote", kind: .share,
            meaning: "splitvote: trials whose failover took more than one term (a split vote), per cent; "
                + "\"\(noVotes)\": the algorithm elects without votes, so none can split",
            dropOrder: 5, value: splitVoteCell,
            // Shown where some row can split a vote; the others then say why they cannot.
            isShown: { $0.contains { $0.splitVoteRate != nil } },
            scenarios: [.failover]),
        mean("msgs", "election messages per new leader", \.messagesPerElection, dropOrder: 0),
    ]

    /// The split-vote cell of an algorithm without votes: not "not measured", since there is
    /// nothing to measure.
    static let noVotes = "no votes"

    /// "33%", `noVotes`, or `nil` (not measured).
    static func splitVoteCell(_ metrics: ScenarioMetrics) -> String? {
        guard metrics.hasVoteRounds else { return noVotes }
        return metrics.splitVoteRate.map { "\(Int(($0 * 100).rounded()))%" }
    }

    private static func failover(_ header: String, _ statistic: KeyPath<SummaryStats, Double> & Sendable,
                                 dropOrder: Int?) -> ConsoleMetricColumn {
        ConsoleMetricColumn(header: header, kind: .failover, meaning: "", dropOrder: dropOrder,
                            value: { $0.failoverMs.map { ReportNumber.bareMilliseconds($0[keyPath: statistic]) } })
    }

    private static func mean(_ header: String, _ meaning: String,
                             _ metric: KeyPath<ScenarioMetrics, SummaryStats?> & Sendable, dropOrder: Int?,
                             time: Bool = false) -> ConsoleMetricColumn {
        ConsoleMetricColumn(header: header, kind: .meanPerTrial, meaning: meaning, dropOrder: dropOrder,
                            value: { metrics in
                                metrics[keyPath: metric].map {
                                    time ? ReportNumber.bareMilliseconds($0.mean) : ReportNumber.count($0.mean)
                                }
                            })
    }

    /// The legend for the columns with these headers, in screen order.
    static func legend(for headers: Set<String>) -> String {
        let shown = all.filter { headers.contains($0.header) }
        var sentences: [String] = []
        if shown.contains(where: { $0.kind == .trials }) {
            sentences.append("agreed: trials that ended with one agreed leader / trials run.")
        }
        let failover = shown.filter { $0.kind == .failover }.map(\.header)
        if !failover.isEmpty {
            sentences.append(failover.joined(separator: ", ")
                + ": failover time over the trials, from the kill until every survivor names the same new leader.")
        }
        let means = shown.filter { $0.kind == .meanPerTrial }.map { "\($0.header) = \($0.meaning)" }
        if !means.isEmpty { sentences.append("Means per trial: " + means.joined(separator: ", ") + ".") }
        sentences += shown.filter { $0.kind == .share }.map { $0.meaning + "." }
        return (sentences + ["Times in ms."]).joined(separator: " ")
    }
}
