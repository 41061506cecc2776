/// The bench's tables as CSV (RFC 4180 quoting: fields holding commas, quotes or line breaks
/// are quoted and their quotes doubled; lines end with `\n`), for spreadsheets and scripts.
///
/// - `results.csv`: one row per result, its setting (`variant`: the row's name, saying which
///   settings it ran, "Raft (defaults)"), then `<metric>_<statistic>` columns
///   for every metric of `MetricDefinition.all` and statistic n, min, p50, p90, p99, max, mean.
/// - `trials.csv`: one row per trial, the raw `TrialSample` values.
/// Empty cells mean "not measured".
enum CSVWriter {
    static let statisticNames = ["n", "min", "p50", "p90", "p99", "max", "mean"]

    static let resultsHeader: [String] = [
        "scenario", "algorithm", "variant", "mode", "cluster_size", "heartbeat_ms", "election_timeout_min_ms",
        "election_timeout_max_ms", "failure_timeout_ms", "answer_timeout_ms", "options", "trials",
        "trials_measured", "trials_without_agreed_leader", "seed", "measurement_method",
        "measurement_resolution_ms",
    ] + MetricDefinition.all.flatMap { metric in statisticNames.map { "\(metric.key.rawValue)_\($0)" } }

    static let trialsHeader = [
        "scenario", "algorithm", "variant", "mode", "cluster_size", "options", "trial", "seed", "failover_ms",
        "leader_agreed_at_end", "leaderless_ms", "split_brain_ms", "elections_started",
        "leader_changes", "term_increments", "election_messages", "election_bytes", "note",
    ]

    static func resultsCSV(_ run: BenchRun) -> String {
        var lines = [line(resultsHeader)]
        for result in run.results {
            let metrics = result.metrics
            var fields = [
                result.scenario.rawValue, result.algorithm, result.variant ?? "", result.mode.rawValue,
                String(result.clusterSize), number(result.timing.heartbeatMs),
                number(result.timing.electionTimeoutMs?.min), number(result.timing.electionTimeoutMs?.max),
                number(result.timing.failureTimeoutMs), number(result.timing.answerTimeoutMs),
                result.optionsSummary, String(result.trials), String(metrics.trialsMeasured),
                String(metrics.trialsWithoutAgreedLeader), result.seed.map(String.init) ?? "",
                result.measurement.method.rawValue, number(result.measurement.resolutionMs),
            ]
            for metric in MetricDefinition.all {
                if let stats = metrics.summary(for: metric.key) {
                    fields += [String(stats.n)] + [stats.min, stats.p50, stats.p90, stats.p99, stats.max, stats.mean].map(number)
                } else {
                    fields += Array(repeating: "", count: statisticNames.count)
                }
            }
            lines.append(line(fields))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func trialsCSV(_ run: BenchRun) -> String {
        var lines = [line(trialsHeader)]
        for result in run.results {
            for sample in result.samples {
                lines.append(line([
                    result.scenario.rawValue, result.algorithm, result.variant ?? "", result.mode.rawValue,
                    String(result.clusterSize), result.optionsSummary, String(sample.trial),
                    sample.seed.map(String.init) ?? "", number(sample.failoverMs),
                    String(sample.leaderAgreedAtEnd), number(sample.leaderlessMs),
                    number(sample.splitBrainMs), count(sample.electionsStarted),
                    count(sample.leaderChanges), count(sample.termIncrements),
                    count(sample.electionMessages), count(sample.electionBytes), sample.note ?? "",
                ]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One CSV line from raw field values.
    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",")
    }

    /// A field quoted when it holds a comma, a quote or a line break; quotes doubled.
    static func escape(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is a single Character that equals neither "\r" nor "\n".
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
    }

    private static func number(_ value: Double?) -> String {
        value.map { ReportNumber.plain($0) } ?? ""
    }

    private static func count(_ value: Int?) -> String { value.map(String.init) ?? "" }
}
