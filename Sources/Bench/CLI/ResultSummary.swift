/// One line per finished result, printed as soon as it is done. It names everything a
/// number depends on: live or simulated, the scenario and variant, the algorithm, the
/// cluster size, the timeouts and the number of trials.
enum ResultSummary {
    static func line(for result: ScenarioResult) -> String {
        let metrics = result.metrics
        var parts = [result.mode.rawValue, result.scenario.rawValue, result.algorithmDisplayName]
        if !result.optionsSummary.isEmpty { parts.append(result.optionsSummary) }
        parts.append("\(result.clusterSize) nodes")
        parts.append(result.timing.summary)
        var trials = "\(metrics.trialsMeasured) trials"
        if metrics.trialsWithoutAgreedLeader > 0 {
            trials += " (\(metrics.trialsWithoutAgreedLeader) without an agreed leader at the end)"
        }
        parts.append(trials)
        var line = "done: " + parts.joined(separator: " · ")
        if let failover = metrics.failoverMs {
            line += "; failover p50 \(ReportNumber.milliseconds(failover.p50)), p99 \(ReportNumber.milliseconds(failover.p99))"
        }
        var means: [String] = []
        if let leaderless = metrics.leaderlessMs {
            means.append("no agreed leader \(ReportNumber.milliseconds(leaderless.mean))")
        }
        if let splitBrain = metrics.splitBrainMs, splitBrain.max > 0 {
            means.append("split brain \(ReportNumber.milliseconds(splitBrain.mean))")
        }
        if let elections = metrics.electionsStarted {
            means.append("elections started \(ReportNumber.count(elections.mean))")
        }
        if let changes = metrics.leaderChanges {
            means.append("leader changes \(ReportNumber.count(changes.mean))")
        }
        if let messages = metrics.messagesPerElection {
            means.append("messages per election \(ReportNumber.count(messages.mean))")
        }
        if !means.isEmpty { line += "; means per trial: " + means.joined(separator: ", ") }
        return line
    }

    static func line(for figure16: Figure16Result) -> String {
        let trials = figure16.rows.map(\.trials).max() ?? 0
        var line = "done: \(figure16.mode.rawValue) · figure16 · Raft · \(figure16.clusterSize) nodes · "
            + "\(figure16.rows.count) election-timeout ranges · up to \(ReportNumber.grouped(Double(trials))) trials per range"
        let quoted = Figure16Result.paperQuotes.compactMap { quote -> String? in
            guard !quote.isLowerBound, let row = figure16.rows.first(where: { $0.rangeMs == quote.rangeMs }),
                  let value = quote.measured(in: row) else { return nil }
            return "\(quote.rangeMs) \(quote.statistic.rawValue) \(ReportNumber.milliseconds(value)) "
                + "(paper \(ReportNumber.milliseconds(quote.paperMs)))"
        }
        if !quoted.isEmpty { line += ": " + quoted.joined(separator: ", ") }
        return line
    }
}
