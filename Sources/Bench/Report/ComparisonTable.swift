/// The detail tables of `report.md` and `report.html`: every metric of every result, side
/// by side. (The terminal gets the compact `ConsoleComparison` instead.)
///
/// One table per scenario setting (scenario, mode, cluster size), one column per result
/// (algorithm, plus its options when a variant ran), one row per metric; then Figure 16
/// against the paper, then the reference figures, each labelled with its provenance.
/// A dash means "not measured".
struct ComparisonTable: Sendable {
    struct Group: Sendable, Hashable {
        var title: String
        var columns: [String]
        var rows: [Row]
    }

    struct Row: Sendable, Hashable {
        var label: String
        var cells: [String]
    }

    static let notMeasured = "—"

    var groups: [Group]

    init(groups: [Group]) { self.groups = groups }

    /// The tables for `run`. The reports show references in a section of their own and
    /// pass `includeReferences: false`.
    init(run: BenchRun, includeFigure16: Bool = true, includeReferences: Bool = true) {
        var groups: [Group] = []
        for (scenario, results) in run.resultsByScenario {
            if scenario == .scale {
                for mode in RunMode.allCases {
                    let inMode = results.filter { $0.mode == mode }
                    if !inMode.isEmpty { groups.append(Self.scaleGroup(inMode, mode: mode)) }
                }
                continue
            }
            var settings: [(RunMode, Int, String?)] = []
            for result in results
            where !settings.contains(where: { $0 == (result.mode, result.clusterSize, result.series) }) {
                settings.append((result.mode, result.clusterSize, result.series))
            }
            for (mode, size, series) in settings {
                let columns = results.filter { $0.mode == mode && $0.clusterSize == size && $0.series == series }
                var group = Self.settingGroup(scenario: scenario, mode: mode, size: size,
                                              results: Self.columnOrder(columns))
                if let series { group.title += " · \(series)" }
                groups.append(group)
            }
        }
        if includeFigure16, let figure16 = run.figure16 { groups.append(Self.figure16Group(figure16)) }
        if includeReferences, !run.references.isEmpty { groups.append(Self.referenceGroup(run.references)) }
        self.groups = groups
    }

    // MARK: Building

    /// By algorithm and options; a series of named variants keeps the order it ran in.
    static func columnOrder(_ results: [ScenarioResult]) -> [ScenarioResult] {
        if results.contains(where: { $0.variant != nil }) { return results }
        return results.sorted { ($0.algorithm, $0.optionsSummary) < ($1.algorithm, $1.optionsSummary) }
    }

    /// The row's name (its variant's, else its algorithm's), with the scenario's options when
    /// another column has the same name ("Raft textbook (extra_delay=2x = 300 ms)").
    static func columnTitle(_ result: ScenarioResult, among results: [ScenarioResult]) -> String {
        let sameName = results.filter { $0.rowName == result.rowName }.count
        guard sameName > 1, !result.scenarioOptionsSummary.isEmpty else { return result.rowName }
        return "\(result.rowName) (\(result.scenarioOptionsSummary))"
    }

    static func settingGroup(scenario: ScenarioName, mode: RunMode, size: Int,
                             results: [ScenarioResult]) -> Group {
        let metrics = results.map(\.metrics)
        func row(_ label: String, _ cell: (ScenarioResult, ScenarioMetrics) -> String) -> Row {
            Row(label: label, cells: zip(results, metrics).map { cell($0, $1) })
        }
        func stat(_ key: MetricDefinition.Key, _ statistic: KeyPath<SummaryStats, Double>,
                  _ label: String) -> Row {
            let definition = MetricDefinition.definition(for: key)
            return row(label) { _, metrics in
                metrics.summary(for: key).map {
                    ReportNumber.metric($0[keyPath: statistic], unit: definition.unit)
                } ?? notMeasured
            }
        }
        let rows = [
            row("timeouts") { result, _ in result.timing.summary },
            row("trials") { result, metrics in
                let missing = metrics.trialsWithoutAgreedLeader
                return "\(metrics.trialsMeasured)" + (missing > 0 ? " (\(missing) without leader)" : "")
            },
            stat(.failoverMs, \.p50, "failover p50"),
            stat(.failoverMs, \.p90, "failover p90"),
            stat(.failoverMs, \.p99, "failover p99"),
            stat(.failoverMs, \.max, "failover max"),
            stat(.leaderlessMs, \.mean, "no agreed leader (mean)"),
            stat(.splitBrainMs, \.mean, "split brain (mean)"),
            stat(.splitBrainMs, \.max, "split brain (max)"),
            stat(.electionsStarted, \.mean, "elections started (mean)"),
            stat(.leaderChanges, \.mean, "leader changes (mean)"),
            stat(.termIncrements, \.mean, "term increments (mean)"),
            row("split votes (share of failovers)") { _, metrics in
                ConsoleMetricColumn.splitVoteCell(metrics) ?? notMeasured
            },
            stat(.messagesPerElection, \.mean, "messages per election"),
            stat(.bytesPerElection, \.mean, "bytes per election"),
            row("measured by") { result, _ in result.measurement.summary },
        ]
        return Group(title: "\(scenario) · \(mode.displayName) · \(size) nodes",
                     columns: ["metric"] + results.map { columnTitle($0, among: results) },
                     rows: rows)
    }

    static func scaleGroup(_ results: [ScenarioResult], mode: RunMode) -> Group {
        func sameColumn(_ lhs: ScenarioResult, _ rhs: ScenarioResult) -> Bool {
            lhs.algorithm == rhs.algorithm && lhs.options == rhs.options
        }
        var columns: [ScenarioResult] = []
        for result in results where !columns.contains(where: { sameColumn($0, result) }) {
            columns.append(result)
        }
        columns = columnOrder(columns)
        var rows: [Row] = []
        for size in Set(results.map(\.clusterSize)).sorted() {
            let atSize = columns.map { column in
                results.first { sameColumn($0, column) && $0.clusterSize == size }?.metrics
            }
            rows.append(Row(label: "\(size) nodes: failover p50", cells: atSize.map { metrics in
                metrics?.failoverMs.map { ReportNumber.milliseconds($0.p50) } ?? notMeasured
            }))
            rows.append(Row(label: "\(size) nodes: messages per election", cells: atSize.map { metrics in
                metrics?.messagesPerElection.map { ReportNumber.count($0.mean) } ?? notMeasured
            }))
        }
        return Group(title: "scale · \(mode.displayName)",
                     columns: ["cluster size"] + columns.map { columnTitle($0, among: columns) },
                     rows: rows)
    }

    static func figure16Group(_ figure16: Figure16Result) -> Group {
        let rows = figure16.rows.map { row -> Row in
            let quotes = Figure16Result.paperQuotes.filter { $0.rangeMs == row.rangeMs }
            let paper = quotes.map { quote in
                "\(quote.statistic.rawValue) \(quote.isLowerBound ? "> " : "")\(ReportNumber.milliseconds(quote.paperMs))"
            }.joined(separator: ", ")
            func cell(_ value: Double?) -> String { figure16.display(value, in: row) }
            return Row(label: "\(row.rangeMs) ms",
                       cells: [ReportNumber.grouped(Double(row.trials))
                                   + (row.unfinished > 0 ? " (\(row.unfinished) unfinished)" : ""),
                               cell(row.medianMs), figure16.display(row.meanMs, in: row, isMean: true),
                               cell(row.p99Ms), cell(row.maxMs),
                               paper.isEmpty ? "" : paper])
        }
        return Group(
            title: "figure 16 · \(figure16.rowName) · "
                + "\(figure16.mode.displayName) · \(figure16.clusterSize) nodes (paper: quoted, not measured here)",
            columns: ["timeout range", "trials", "median", "mean", "p99", "max", "paper says"],
            rows: rows)
    }

    static func referenceGroup(_ references: [ReferenceResult]) -> Group {
        Group(title: "reference figures",
              columns: ["reference", "value", "statistic", "provenance"],
              rows: references.map { reference in
                  let value = reference.approximateValue
                  return Row(label: reference.label,
                             cells: [value, reference.statistic, reference.provenanceLabel])
              })
    }

    // MARK: Rendering

    /// GitHub-flavoured Markdown tables, each under a bold title.
    var markdown: String {
        groups.map { group in
            func line(_ cells: [String]) -> String {
                "| " + cells.map(MarkdownReport.escapeCell).joined(separator: " | ") + " |"
            }
            return (["**\(MarkdownReport.escapeText(group.title))**", "", line(group.columns),
                     "|" + group.columns.map { _ in " --- |" }.joined()]
                + group.rows.map { line([$0.label] + $0.cells) }).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// HTML tables, each with a caption.
    var html: String {
        groups.map { group in
            var lines = ["<table class=\"comparison\">",
                         "<caption>\(HTMLReport.escape(group.title))</caption>",
                         "<thead><tr>" + group.columns.map { "<th>\(HTMLReport.escape($0))</th>" }.joined()
                             + "</tr></thead>", "<tbody>"]
            for row in group.rows {
                lines.append("<tr><th scope=\"row\">\(HTMLReport.escape(row.label))</th>"
                    + row.cells.map { "<td>\(HTMLReport.escape($0))</td>" }.joined() + "</tr>")
            }
            lines.append("</tbody></table>")
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
