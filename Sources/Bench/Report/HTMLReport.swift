/// `report.html`: the whole run on one self-contained page. CSS and SVG are inline and
/// nothing is loaded from anywhere, so the file can be mailed, archived or opened offline.
///
/// It opens with the answer (`ReportHeadline`: a few sentences and the headline chart), then
/// sections: this run, the comparison (every metric side by side), reference figures, what
/// the metrics mean, one section per scenario (what was done, how it was measured, its
/// settings, notes and charts), and Figure 16 against the paper.
struct HTMLReport: Sendable {
    var run: BenchRun
    var charts: [ReportChart]

    init(run: BenchRun, charts: [ReportChart]? = nil) {
        self.run = run
        self.charts = charts ?? ReportChart.all(for: run)
    }

    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String { SVGChart.escape(text) }

    func render() -> String {
        let headline = ReportHeadline(run: run, charts: charts)
        let systems = Self.escape(ReportHeadline.systems(of: run))
        var body: [String] = []
        body.append(header(headline, systems: systems))
        body.append(contents())
        body.append(runSection())
        body.append(section(id: "comparison", title: "Metric by metric", [
            "<p>One table per scenario setting. Times are per trial; “mean” rows average over the trials. A dash means the metric was not measured in that setting. Every number here is measured by this run, except the Raft paper's column in the Figure 16 table.</p>",
            ComparisonTable(run: run, includeReferences: false).html,
        ]))
        body.append(referenceSection())
        body.append(metricSection())
        for (scenario, results) in run.resultsByScenario {
            body.append(scenarioSection(scenario, results, headlineChart: headline.chartID))
        }
        if let figure16 = run.figure16 { body.append(figure16Section(figure16)) }
        body.append("<footer>Written by \(Self.escape(run.toolVersion)). The numbers behind this page are in <code>results.json</code> (schema in <code>results-schema.md</code>), <code>results.csv</code> and <code>trials.csv</code>.</footer>")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Leader election bench: \(systems)</title>
            <style>
            \(Self.stylesheet)
            </style>
            </head>
            <body>
            <main>
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    // MARK: Sections

    /// The answer first: the title, the headline sentences and chart, how they were measured,
    /// then one line about the run (its details follow the contents).
    private func header(_ headline: ReportHeadline, systems: String) -> String {
        let modes = Set(run.results.map(\.mode) + (run.figure16.map { [$0.mode] } ?? []))
            .sorted { $0.rawValue < $1.rawValue }.map(\.displayName).joined(separator: " and ")
        var parts = ["<header>", "<h1>Leader election bench: \(systems)</h1>",
                     "<p class=\"answer\">\(Self.escape(headline.sentences[0]))</p>"]
        if headline.sentences.count > 1 {
            parts.append("<ul class=\"findings\">"
                + headline.sentences.dropFirst().map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>")
        }
        parts.append("</header>")
        for chart in charts where chart.id == headline.chartID { parts.append(figure(chart, className: "headline")) }
        if let method = headline.method { parts.append("<p class=\"method\">\(Self.escape(method))</p>") }
        parts.append("<p class=\"lede\">\(run.results.count) results\(modes.isEmpty ? "" : " (\(modes))")"
            + "\(run.figure16 == nil ? "" : " and the Raft paper's Figure 16"), started "
            + "\(Self.escape(run.startedAt)) on \(Self.escape(run.machine.summary)).</p>")
        return parts.joined(separator: "\n")
    }

    private func contents() -> String {
        var items = [("run", "This run"), ("comparison", "Metric by metric"),
                     ("references", "Reference figures"), ("metrics", "What the metrics mean")]
        for (scenario, _) in run.resultsByScenario {
            items.append(("scenario-\(ReportChart.slugged(scenario.rawValue))", ScenarioCatalog.title(for: scenario)))
        }
        if run.figure16 != nil { items.append(("figure16", "Figure 16")) }
        return "<nav><ul>" + items.map { "<li><a href=\"#\($0.0)\">\(Self.escape($0.1))</a></li>" }.joined()
            + "</ul></nav>"
    }

    private func runSection() -> String {
        let facts: [(String, String)] = [
            ("Started", run.startedAt),
            ("Duration", ReportNumber.plain(run.durationSeconds, decimals: 1) + " s"),
            ("Machine", run.machine.summary),
            ("Command", run.commandLine.joined(separator: " ")),
            ("Seed", String(run.seed)),
            ("Tool", run.toolVersion),
        ]
        var parts = ["<dl class=\"facts\">" + facts.map { "<dt>\($0.0)</dt><dd>\(Self.escape($0.1))</dd>" }.joined() + "</dl>"]
        parts.append(notesList(run.notes))
        return section(id: "run", title: "This run", parts)
    }

    private func referenceSection() -> String {
        var rows: [String] = []
        for reference in run.references {
            let badge = reference.kind == .quoted
                ? "<span class=\"badge quoted\">quoted, not measured here</span>"
                : "<span class=\"badge measured\">measured</span>"
            let value = reference.approximateValue
            let provenance = reference.kind == .measured ? "<br>" + Self.escape(reference.provenanceLabel) : ""
            let note = reference.note.map { "<br><span class=\"muted\">\(Self.escape($0))</span>" } ?? ""
            rows.append("<tr><th scope=\"row\">\(Self.escape(reference.label))</th><td class=\"value\">\(Self.escape(value))</td><td>\(Self.escape(reference.statistic))</td><td>\(badge)\(provenance)</td><td>\(Self.escape(reference.source))\(note)</td></tr>")
        }
        let table = rows.isEmpty ? "<p>No reference figures in this run.</p>"
            : "<table><thead><tr><th>Reference</th><th>Value</th><th>Statistic</th><th>Provenance</th><th>Source</th></tr></thead><tbody>"
                + rows.joined(separator: "\n") + "</tbody></table>"
        return section(id: "references", title: "Reference figures", [
            "<p>Figures from elsewhere, to give our numbers a scale. A <em>quoted</em> figure comes from the source named beside it and was <strong>not measured by this bench</strong>; a <em>measured</em> one was supplied with its own provenance.</p>",
            table,
        ])
    }

    private func metricSection() -> String {
        let definitions = MetricDefinition.all.map {
            "<dt>\(Self.escape($0.name)) <code>\($0.key.rawValue)</code></dt><dd>\(Self.escape($0.definition))</dd>"
        }.joined()
        return section(id: "metrics", title: "What the metrics mean", [
            "<p>Each metric is measured once per trial and summarised over the trials as n, min, p50, p90, p99, max and mean. Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the value at rank ⌈p/100 × n⌉, always a measured value, never an interpolation. With 10 trials p90 is the 9th fastest and p99 the slowest.</p>",
            "<dl class=\"definitions\">\(definitions)</dl>",
        ])
    }

    private func scenarioSection(_ scenario: ScenarioName, _ results: [ScenarioResult],
                                 headlineChart: String?) -> String {
        var parts: [String] = []
        if let entry = ScenarioCatalog.entry(for: scenario) {
            parts.append("<p><strong>What the bench does.</strong> \(Self.escape(entry.procedure))</p>")
            parts.append("<p><strong>What the numbers answer.</strong> \(Self.escape(entry.question))</p>")
        }
        parts.append(settingsTable(results))
        parts.append(failoverTable(results))
        for result in results where !result.notes.isEmpty {
            parts.append("<p class=\"notes-title\">Notes on \(Self.escape(result.seriesLabel)):</p>" + notesList(result.notes))
        }
        for chart in charts where chart.scenario == scenario {
            // Each chart appears once on the page: the headline one is at the top.
            parts.append(chart.id == headlineChart
                ? "<p class=\"muted\">The chart of these times is <a href=\"#chart-\(chart.id)\">at the top of the page</a>.</p>"
                : figure(chart))
        }
        return section(id: "scenario-\(ReportChart.slugged(scenario.rawValue))",
                       title: ScenarioCatalog.title(for: scenario) + " <span class=\"scenario-name\">(\(Self.escape(scenario.rawValue)))</span>",
                       parts, titleIsHTML: true)
    }

    /// How each result was run and measured: everything needed to repeat it. Results that
    /// differ only in cluster size share a row (the scale scenario would otherwise repeat
    /// the same settings a dozen times).
    private func settingsTable(_ results: [ScenarioResult]) -> String {
        let header = ["Algorithm", "Mode", "Nodes", "Timeouts", "Options", "Trials", "Seed", "Measured by"]
        return "<h3>Settings and measurement</h3>"
            + table(header: header, rows: Self.settingsRows(results), className: "settings")
    }

    /// The settings rows shared by both reports.
    static func settingsRows(_ results: [ScenarioResult]) -> [[String]] {
        var rows: [[String]] = []
        var sizesOfRow: [[Int]] = []
        for result in results {
            let measurement = result.measurement.summary + (result.measurement.note.map { ". " + $0 } ?? "")
            let trials = result.samples.count == result.trials
                ? "\(result.trials)" : "\(result.samples.count) of \(result.trials)"
            let row = [result.rowName, result.mode.displayName, "",
                       result.timing.summary, result.optionsSummary.isEmpty ? "none" : result.optionsSummary,
                       trials, result.seed.map(String.init) ?? "none", measurement]
            if let index = rows.firstIndex(of: row) {
                sizesOfRow[index].append(result.clusterSize)
            } else {
                rows.append(row)
                sizesOfRow.append([result.clusterSize])
            }
        }
        for index in rows.indices {
            rows[index][2] = sizesOfRow[index].sorted().map(String.init).joined(separator: ", ")
        }
        return rows
    }

    private func failoverTable(_ results: [ScenarioResult]) -> String {
        let measured = results.filter { $0.metrics.failoverMs != nil }
        guard !measured.isEmpty else { return "" }
        let header = ["Setting", "n", "min", "p50", "p90", "p99", "max", "mean", "no leader at end"]
        let rows = measured.map { result -> [String] in
            let metrics = result.metrics
            let stats = metrics.failoverMs!
            return [result.seriesLabel, String(stats.n)]
                + [stats.min, stats.p50, stats.p90, stats.p99, stats.max, stats.mean].map(ReportNumber.milliseconds)
                + [String(metrics.trialsWithoutAgreedLeader)]
        }
        return "<h3>Failover time</h3>" + table(header: header, rows: rows, className: "numbers")
    }

    private func figure16Section(_ figure16: Figure16Result) -> String {
        var parts: [String] = []
        if let entry = ScenarioCatalog.entry(for: .figure16) {
            parts.append("<p><strong>What the bench does.</strong> \(Self.escape(entry.procedure))</p>")
        }
        let settings = [
            "\(figure16.rowName) (\(Figure16Result.setupSentence)), \(figure16.clusterSize) nodes, \(figure16.mode.displayName)",
            figure16.heartbeatMs.map { "heartbeat \(ReportNumber.plain($0)) ms" },
            figure16.trialCapMs.map { "a trial stops after \(ReportNumber.milliseconds($0)) without a leader" },
            figure16.seed.map { "seed \($0)" },
            "measured by \(figure16.measurement.summary)",
            figure16.options.isEmpty ? nil : "options " + figure16.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
        ].compactMap { $0 }
        parts.append("<p><strong>Setting.</strong> \(Self.escape(settings.joined(separator: "; "))).</p>")
        for chart in charts where chart.kind == .figure16 { parts.append(figure(chart)) }
        let rows = figure16.rows.map { row -> [String] in
            func time(_ value: Double?) -> String { figure16.display(value, in: row) }
            return ["\(row.rangeMs) ms", ReportNumber.grouped(Double(row.trials)), String(row.unfinished),
                    time(row.medianMs), figure16.display(row.meanMs, in: row, isMean: true), time(row.p99Ms),
                    time(row.maxMs)]
        }
        parts.append("<h3>Our numbers</h3>" + table(
            header: ["Timeout range", "Trials", "Unfinished", "Median", "Mean", "p99", "Max"], rows: rows,
            className: "numbers"))
        let quoteRows = Figure16Result.paperQuotes.map { quote -> [String] in
            let ours = figure16.rows.first { $0.rangeMs == quote.rangeMs }
            let measured = ours.map { quote.display(in: $0, of: figure16) } ?? "range not run"
            let paper = (quote.isLowerBound ? "> " : "") + ReportNumber.milliseconds(quote.paperMs)
            return ["\(quote.rangeMs) ms", quote.statistic == .typical ? "typical (our median)" : quote.statistic.rawValue,
                    paper, measured, quote.text]
        }
        parts.append("<h3>Against the paper <span class=\"badge quoted\">paper figures quoted, not measured here</span></h3>"
            + table(header: ["Range", "Statistic", "Paper", "This run", "The paper says"], rows: quoteRows,
                    className: "numbers"))
        parts.append("<h3>Where and why we differ</h3>")
        parts.append(figure16.notes.isEmpty
            ? "<p class=\"muted\">No notes were recorded for this run.</p>"
            : figure16.notes.map { "<p>\(Self.escape($0))</p>" }.joined(separator: "\n"))
        return section(id: "figure16", title: "The Raft paper's Figure 16", parts)
    }

    // MARK: Pieces

    private func section(id: String, title: String, _ parts: [String], titleIsHTML: Bool = false) -> String {
        "<section id=\"\(id)\">\n<h2>\(titleIsHTML ? title : Self.escape(title))</h2>\n"
            + parts.filter { !$0.isEmpty }.joined(separator: "\n") + "\n</section>"
    }

    private func figure(_ chart: ReportChart, className: String? = nil) -> String {
        "<figure id=\"chart-\(chart.id)\"\(className.map { " class=\"\($0)\"" } ?? "")>\n\(chart.svg)\n<figcaption>\(Self.escape(chart.caption)) "
            + "<span class=\"muted\">(Also saved as <code>\(chart.fileName)</code>.)</span></figcaption>\n</figure>"
    }

    private func table(header: [String], rows: [[String]], className: String) -> String {
        "<table class=\"\(className)\"><thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined()
            + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
            + "</tbody></table>"
    }

    private func notesList(_ notes: [String]) -> String {
        notes.isEmpty ? "" : "<ul class=\"notes\">" + notes.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>"
    }

    static let stylesheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f6f4; color: #222; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 960px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
        h1 { font-size: 28px; margin: 8px 0 4px; }
        h2 { font-size: 21px; margin: 36px 0 8px; padding-top: 12px; border-top: 2px solid #e4e4e0; }
        h3 { font-size: 16px; margin: 20px 0 6px; }
        .lede { color: #555; margin-top: 0; }
        header { margin-bottom: 4px; }
        .answer { font-size: 18px; line-height: 1.4; margin: 6px 0 4px; }
        ul.findings { margin: 4px 0; padding-left: 22px; font-size: 15px; line-height: 1.4; }
        .method { color: #555; font-size: 13.5px; margin: 4px 0 0; }
        figure.headline { margin: 10px 0 8px; }
        figure.headline svg { max-height: 410px; width: auto; }
        .scenario-name { color: #777; font-weight: normal; font-size: 15px; }
        nav ul { list-style: none; padding: 0; margin: 12px 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 14px; }
        a { color: #0a5c99; }
        code { font: 13px ui-monospace, "SF Mono", Menlo, Consolas, monospace; background: #f1f1ee; padding: 0 3px; border-radius: 3px; }
        table { border-collapse: collapse; margin: 8px 0 18px; font-size: 13.5px; width: 100%; }
        caption { text-align: left; font-weight: 600; padding: 6px 0; }
        th, td { border-bottom: 1px solid #e2e2de; padding: 4px 8px; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #bbb; background: #fafaf8; }
        table.comparison td, table.numbers td { font-variant-numeric: tabular-nums; }
        table.comparison tbody th { font-weight: normal; color: #444; }
        table.numbers td:not(:last-child), table.numbers th:not(:last-child), td.value { white-space: nowrap; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; word-break: break-word; }
        dl.definitions dt { font-weight: 600; margin-top: 8px; }
        dl.definitions dd { margin-left: 0; }
        figure { margin: 18px 0 26px; }
        figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e6e6e2; }
        figcaption { font-size: 13.5px; color: #444; margin-top: 6px; }
        .muted { color: #777; }
        .badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 6px; border-radius: 3px; }
        .badge.quoted { background: #fff1d6; color: #7a4b00; border: 1px solid #e6c48a; }
        .badge.measured { background: #e2f0fb; color: #0a4a7a; border: 1px solid #9cc3e4; }
        .notes-title { margin-bottom: 2px; font-weight: 600; }
        footer { margin-top: 40px; font-size: 13px; color: #666; border-top: 1px solid #e4e4e0; padding-top: 10px; }
        """
}
