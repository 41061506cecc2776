/// `report.md`: the same story as `report.html` in Markdown, for reading on GitHub or in a
/// terminal. It opens with the answer (`ReportHeadline`) and its chart, then the run's
/// metadata and the detail tables. Charts are linked from `charts/` next to it rather than
/// inlined.
struct MarkdownReport: Sendable {
    var run: BenchRun
    var charts: [ReportChart]

    init(run: BenchRun, charts: [ReportChart]? = nil) {
        self.run = run
        self.charts = charts ?? ReportChart.all(for: run)
    }

    func render() -> String {
        let headline = ReportHeadline(run: run, charts: charts)
        var lines: [String] = ["# Leader election bench: \(Self.escapeText(ReportHeadline.systems(of: run)))", ""]
        lines += ["**\(Self.escapeText(headline.sentences[0]))**", ""]
        if headline.sentences.count > 1 { lines += headline.sentences.dropFirst().map { "- " + Self.escapeText($0) } + [""] }
        if let method = headline.method { lines += ["*\(Self.escapeText(method))*", ""] }
        for chart in charts where chart.id == headline.chartID {
            lines += ["![\(Self.escapeText(chart.title))](\(chart.fileName))", "",
                      "*\(Self.escapeText(chart.caption))*", ""]
        }
        lines += ["## This run", ""]
        lines += [
            "- Started: \(run.startedAt), for \(ReportNumber.plain(run.durationSeconds, decimals: 1)) s",
            "- Machine: \(Self.escapeText(run.machine.summary))",
            "- Command: `\(run.commandLine.joined(separator: " "))`",
            "- Seed: \(run.seed)",
            "- Tool: \(Self.escapeText(run.toolVersion))",
        ]
        lines += run.notes.map { "- Note: \(Self.escapeText($0))" }
        lines += ["", "## Metric by metric", "",
                  "A dash means the metric was not measured in that setting.", "",
                  ComparisonTable(run: run, includeReferences: false).markdown]
        lines += referenceLines()
        lines += ["## What the metrics mean", "",
                  "Each metric is measured once per trial and summarised over the trials (n, min, p50, p90, p99, max, mean). Percentiles are nearest-rank: the p-th percentile of n sorted values is the one at rank ⌈p/100 × n⌉.", ""]
        lines += MetricDefinition.all.map { "- **\($0.name)** (`\($0.key.rawValue)`): \(Self.escapeText($0.definition))" }
        lines.append("")
        for (scenario, results) in run.resultsByScenario {
            lines += scenarioLines(scenario, results)
        }
        if let figure16 = run.figure16 { lines += figure16Lines(figure16) }
        lines += ["---", "", "Data: `results.json` (schema in `results-schema.md`), `results.csv`, `trials.csv`.", ""]
        return lines.joined(separator: "\n")
    }

    private func referenceLines() -> [String] {
        guard !run.references.isEmpty else { return [] }
        var lines = ["## Reference figures", "",
                     "Quoted figures were **not measured by this bench**; they come from the source named beside them.", "",
                     "| Reference | Value | Statistic | Provenance | Source |", "| --- | --- | --- | --- | --- |"]
        for reference in run.references {
            let value = reference.approximateValue
            lines.append("| " + [reference.label, value, reference.statistic, reference.provenanceLabel,
                                 reference.source].map(Self.escapeCell).joined(separator: " | ") + " |")
        }
        return lines + [""]
    }

    private func scenarioLines(_ scenario: ScenarioName, _ results: [ScenarioResult]) -> [String] {
        var lines = ["## \(Self.escapeText(ScenarioCatalog.title(for: scenario))) (`\(scenario.rawValue)`)", ""]
        if let entry = ScenarioCatalog.entry(for: scenario) {
            lines += ["**What the bench does.** \(Self.escapeText(entry.procedure))", "",
                      "**What the numbers answer.** \(Self.escapeText(entry.question))", ""]
        }
        lines += ["| Algorithm | Mode | Nodes | Timeouts | Options | Trials | Seed | Measured by |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for row in HTMLReport.settingsRows(results) {
            lines.append("| " + row.map(Self.escapeCell).joined(separator: " | ") + " |")
        }
        lines.append("")
        for result in results where !result.notes.isEmpty {
            lines.append("Notes on \(Self.escapeText(result.seriesLabel)):")
            lines += result.notes.map { "- \(Self.escapeText($0))" }
            lines.append("")
        }
        let headlineChart = ReportHeadline(run: run, charts: charts).chartID
        for chart in charts where chart.scenario == scenario {
            lines += ["![\(Self.escapeText(chart.title))](\(chart.fileName))", ""]
            if chart.id != headlineChart { lines += ["*\(Self.escapeText(chart.caption))*", ""] }
        }
        return lines
    }

    private func figure16Lines(_ figure16: Figure16Result) -> [String] {
        var lines = ["## The Raft paper's Figure 16", ""]
        if let entry = ScenarioCatalog.entry(for: .figure16) {
            lines += ["**What the bench does.** \(Self.escapeText(entry.procedure))", ""]
        }
        let cap = figure16.trialCapMs.map { "; a trial stops after \(ReportNumber.milliseconds($0)) without a leader" } ?? ""
        lines += ["**Setting.** \(figure16.rowName) (\(Figure16Result.setupSentence)), "
            + "\(figure16.clusterSize) nodes, \(figure16.mode.displayName)\(cap); measured by "
            + "\(figure16.measurement.summary)" + (figure16.seed.map { "; seed \($0)." } ?? "."), ""]
        for chart in charts where chart.kind == .figure16 {
            lines += ["![\(Self.escapeText(chart.title))](\(chart.fileName))", ""]
        }
        lines += ["| Timeout range | Trials | Unfinished | Median | Mean | p99 | Max |",
                  "| --- | --- | --- | --- | --- | --- | --- |"]
        for row in figure16.rows {
            func time(_ value: Double?) -> String { figure16.display(value, in: row) }
            lines.append("| \(row.rangeMs) ms | \(row.trials) | \(row.unfinished) | \(time(row.medianMs)) | "
                + "\(figure16.display(row.meanMs, in: row, isMean: true)) | \(time(row.p99Ms)) | \(time(row.maxMs)) |")
        }
        lines += ["", "Against the paper (paper figures quoted, not measured here):", ""]
        for quote in Figure16Result.paperQuotes {
            let statistic = quote.statistic == .typical ? "median" : quote.statistic.rawValue
            let ours = figure16.rows.first { $0.rangeMs == quote.rangeMs }
                .map { "\(statistic) \(quote.display(in: $0, of: figure16))." } ?? "range not run."
            lines.append("- \(quote.rangeMs) ms: \(Self.escapeText(quote.text)) This run: \(ours)")
        }
        lines += ["", "### Where and why we differ", ""]
        lines += figure16.notes.isEmpty ? ["No notes were recorded for this run.", ""]
            : figure16.notes.flatMap { [Self.escapeText($0), ""] }
        return lines
    }

    /// Escapes a table cell: pipes and line breaks would end the cell or the row.
    static func escapeCell(_ text: String) -> String {
        escapeText(text).replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    /// Escapes characters that would start HTML inside Markdown text.
    static func escapeText(_ text: String) -> String {
        text.replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
