import AlgorithmRegistry

/// What `election-bench` prints at the end of a run (and saves as `comparison.txt`): one
/// block per scenario setting, every line at most `width` columns.
///
///     failover · live · 3 nodes
///       Bully: heartbeat 50 ms, failure 200 ms, answer 50 ms; node event timestamps, ±1.2 ms
///       Raft: heartbeat 75 ms, election 150-300 ms; node event timestamps, ±1.1 ms
///                agreed  p50  p90  max  leaderless  split  elections  changes
///       Bully       10/10  227  239  246         224      0          2        1
///       Raft        10/10  175  262  301         170      0        1.2        1
///
/// Rows are algorithms and their variants (any number of them: etcd, a workshop node...),
/// columns the metrics the setting measured; the settings are named once, under the title.
/// A legend at the end says what each column holds. The reports carry every metric and
/// statistic; this is the answer at a glance.
struct ConsoleComparison: Sendable {
    /// The widest line the bench prints.
    static let width = 100

    var run: BenchRun
    var width: Int

    init(run: BenchRun, width: Int = ConsoleComparison.width) {
        self.run = run
        self.width = width
    }

    /// The blocks, a blank line between them, and a final newline.
    var text: String { lines.joined(separator: "\n") + "\n" }

    var lines: [String] {
        var blocks: [[String]] = []
        var used: Set<String> = []
        var omitted: [String] = []
        for (scenario, results) in run.resultsByScenario {
            if scenario == .scale {
                for mode in RunMode.allCases {
                    let inMode = results.filter { $0.mode == mode }
                    if !inMode.isEmpty { blocks.append(scaleBlock(inMode, mode: mode)) }
                }
                continue
            }
            var settings: [(RunMode, Int, String?)] = []
            for result in results
            where !settings.contains(where: { $0 == (result.mode, result.clusterSize, result.series) }) {
                settings.append((result.mode, result.clusterSize, result.series))
            }
            for (mode, size, series) in settings {
                let inSetting = Self.rowOrder(results.filter {
                    $0.mode == mode && $0.clusterSize == size && $0.series == series
                })
                let title = "\(scenario) · \(mode.displayName) · \(size) nodes" + (series.map { " · \($0)" } ?? "")
                let block = metricBlock(title: title, scenario: scenario, inSetting)
                blocks.append(block.lines)
                used.formUnion(block.shown)
                omitted += block.omitted.filter { !omitted.contains($0) }
            }
        }
        if let figure16 = run.figure16 { blocks.append(figure16Block(figure16)) }
        if !run.references.isEmpty { blocks.append(referenceBlock(run.references)) }
        if !used.isEmpty { blocks.append(legend(shown: used, omitted: omitted)) }
        if blocks.isEmpty { blocks = [["No results: nothing ran."]] }
        return Array(blocks.joined(separator: [""]))
    }

    // MARK: Rows and their settings

    /// This package's algorithms first, in registry order, then any other system (etcd, a
    /// workshop node) by name; the variants of one algorithm by their options. The rows of
    /// a series of named variants keep the order they ran in: each gain beside its baseline.
    static func rowOrder(_ results: [ScenarioResult]) -> [ScenarioResult] {
        if results.contains(where: { $0.variant != nil }) { return results }
        let registry = AlgorithmRegistry.standard
        func rank(_ algorithm: String) -> Int { registry.position(of: algorithm) ?? registry.entries.count }
        return results.sorted {
            (rank($0.algorithm), $0.algorithm, $0.optionsSummary) < (rank($1.algorithm), $1.algorithm, $1.optionsSummary)
        }
    }

    /// Option keys whose value (or absence) differs between results: these tell rows apart.
    static func varyingOptionKeys(_ results: [ScenarioResult]) -> [String] {
        let keys = Set(results.flatMap(\.options.keys)).subtracting([variantFlagsKey]).sorted()
        return keys.filter { key in Set(results.map { $0.options[key] ?? "" }).count > 1 }
    }

    /// The label column: each row's name (its variant's, else its algorithm's) and, where
    /// names alone do not tell rows apart, the options that do. With one such option that
    /// every row needing it sets, its name heads the column and rows read
    /// "Bully textbook 0.5x = 25 ms"; otherwise "Raft (prevote=off)". Rows without variant
    /// names all take the options that differ among them.
    static func rowLabels(_ results: [ScenarioResult]) -> (header: String, labels: [String]) {
        let named = results.contains { $0.variant != nil }
        let sharing = Dictionary(grouping: results, by: \.rowName).filter { $0.value.count > 1 }
        let varying = named ? Set(sharing.values.flatMap(varyingOptionKeys)).sorted() : varyingOptionKeys(results)
        let needsOptions = { (result: ScenarioResult) in !named || sharing[result.rowName] != nil }
        let told = results.filter(needsOptions)
        if varying.count == 1, let key = varying.first, !told.isEmpty, told.allSatisfy({ $0.options[key] != nil }) {
            return (key, results.map { needsOptions($0) ? "\($0.rowName) \($0.options[key]!)" : $0.rowName })
        }
        let labels = results.map { result -> String in
            let options = needsOptions(result)
                ? varying.compactMap { key in result.options[key].map { "\(key)=\($0)" } } : []
            return options.isEmpty ? result.rowName : "\(result.rowName) (\(options.joined(separator: ", ")))"
        }
        return ("", labels)
    }

    /// One line per algorithm naming its timeouts and how times were taken (one per row
    /// when an algorithm's rows ran with different timeouts); the measurement goes to the
    /// title instead when every row shares it.
    private func settingsLines(_ results: [ScenarioResult], labels: [String],
                               measurementInTitle: Bool) -> [String] {
        var lines: [String] = []
        var algorithms: [String] = []
        for result in results where !algorithms.contains(result.algorithm) { algorithms.append(result.algorithm) }
        for algorithm in algorithms {
            let indices = results.indices.filter { results[$0].algorithm == algorithm }
            let timings = Set(indices.map { results[$0].timing.summary })
            let groups = timings.count == 1 ? [indices] : indices.map { [$0] }
            for group in groups {
                let name = timings.count == 1 ? results[group[0]].algorithmDisplayName : labels[group[0]]
                var line = "\(name): \(results[group[0]].timing.summary)"
                if !measurementInTitle { line += "; " + Self.measurement(group.map { results[$0] }) }
                lines += TextWrap.lines("  " + line, width: width, indent: "      ")
            }
        }
        return lines
    }

    /// "SIGINT (etcd SIGTERM)": the value of `key` most rows share (the first row's on a tie),
    /// then the rows that set another, by name; `nil` when no row sets it. How a failover's
    /// fault reads when a peer is stopped its own way.
    static func optionAcrossRows(_ key: String, _ results: [ScenarioResult]) -> String? {
        let values = results.compactMap { $0.options[key] }
        guard let first = values.first else { return nil }
        let rowsSetting = { (value: String) in values.filter { $0 == value }.count }
        var main = first
        for value in values where rowsSetting(value) > rowsSetting(main) { main = value }
        let others = results.filter { $0.options[key].map { $0 != main } ?? false }
            .map { "\($0.rowName) \($0.options[key]!)" }
        return others.isEmpty ? main : "\(main) (\(others.joined(separator: ", ")))"
    }

    /// "node event timestamps, ±1.2 ms": the method, and the worst resolution of the rows.
    static func measurement(_ results: [ScenarioResult]) -> String {
        var methods: [TimeMeasurement.Method] = []
        for result in results where !methods.contains(result.measurement.method) {
            methods.append(result.measurement.method)
        }
        return methods.map { method in
            let worst = results.filter { $0.measurement.method == method }.map(\.measurement.resolutionMs).max() ?? 0
            return worst > 0 ? "\(method.rawValue), ±\(ReportNumber.plain(worst, decimals: 1)) ms"
                : "\(method.rawValue), exact"
        }.joined(separator: " and ")
    }

    // MARK: Blocks

    /// The `options` key under which a variant's flags are recorded ("--fast-detect off").
    static let variantFlagsKey = "flags"

    /// "Raft textbook: --pre-vote off, ...": what each named variant changed, one line each
    /// (once, however many rows it has: slow-highest runs a variant at three factors).
    private func variantLines(_ results: [ScenarioResult]) -> [String] {
        var told: Set<String> = []
        return results.compactMap { result -> [String]? in
            guard let variant = result.variant, let flags = result.options[Self.variantFlagsKey],
                  told.insert("\(variant): \(flags)").inserted
            else { return nil }
            return TextWrap.lines("  \(variant): \(flags)", width: width, indent: "      ")
        }.flatMap { $0 }
    }

    private func metricBlock(title: String, scenario: ScenarioName, _ results: [ScenarioResult])
        -> (lines: [String], shown: Set<String>, omitted: [String])
    {
        let labels = Self.rowLabels(results)
        let measurements = Set(results.map(\.measurement.summary))
        let sharedMeasurement = measurements.count == 1 ? Self.measurement(results) : nil
        var heading = title
        let varying = Set(Self.varyingOptionKeys(results))
        let constant = (results.first?.options ?? [:])
            .filter { !varying.contains($0.key) && $0.key != Self.variantFlagsKey }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        // An option every row sets, but not all to one value, that no label shows (the rows
        // are named): the heading still names it, "fault=SIGINT (etcd SIGTERM)".
        let mixed = varying.filter { key in
            labels.header != key && results.allSatisfy { $0.options[key] != nil }
                && !labels.labels.contains { $0.contains("\(key)=") }
        }.sorted().compactMap { key in Self.optionAcrossRows(key, results).map { "\(key)=\($0)" } }
        if !constant.isEmpty || !mixed.isEmpty { heading += " · " + (constant + mixed).joined(separator: ", ") }
        if let sharedMeasurement { heading += " · " + sharedMeasurement }

        let metrics = results.map(\.metrics)
        let columns = ConsoleMetricColumn.all.filter { column in
            metrics.contains { column.value($0) != nil } && column.isShown(metrics)
                && column.scenarios.map { $0.contains(scenario) } ?? true
        }
        let table = TextTable(
            labelHeader: labels.header,
            columns: columns.map { TextTable.Column(header: $0.header, dropOrder: $0.dropOrder) },
            rows: zip(labels.labels, metrics).map { label, metrics in
                (label, columns.map { $0.value(metrics) ?? ComparisonTable.notMeasured })
            })
        let laidOut = table.lines(width: width)
        let lines = TextWrap.lines(heading, width: width, indent: "    ")
            + settingsLines(results, labels: labels.labels, measurementInTitle: sharedMeasurement != nil)
            + variantLines(results)
            + laidOut.lines
        let shown = Set(columns.map(\.header)).subtracting(laidOut.omitted)
        return (lines, shown, laidOut.omitted)
    }

    /// Scale: one row per algorithm and metric, one column per cluster size.
    private func scaleBlock(_ results: [ScenarioResult], mode: RunMode) -> [String] {
        let sizes = Set(results.map(\.clusterSize)).sorted()
        var series: [ScenarioResult] = []
        for result in Self.rowOrder(results)
        where !series.contains(where: { $0.algorithm == result.algorithm && $0.options == result.options }) {
            series.append(result)
        }
        let labels = Self.rowLabels(series).labels
        var rows: [(label: String, cells: [String])] = []
        for (label, first) in zip(labels, series) {
            let bySize = sizes.map { size in
                results.first { $0.algorithm == first.algorithm && $0.options == first.options && $0.clusterSize == size }?.metrics
            }
            rows.append(("\(label) failover p50 ms", bySize.map { metrics in
                metrics?.failoverMs.map { ReportNumber.bareMilliseconds($0.p50) } ?? ComparisonTable.notMeasured
            }))
            if bySize.contains(where: { $0?.messagesPerElection != nil }) {
                rows.append(("\(label) msgs per election", bySize.map { metrics in
                    metrics?.messagesPerElection.map { ReportNumber.count($0.mean) } ?? ComparisonTable.notMeasured
                }))
            }
        }
        let table = TextTable(labelHeader: "nodes:", columns: sizes.map { TextTable.Column(header: "\($0)") },
                              rows: rows)
        let sharedMeasurement = Set(results.map(\.measurement.summary)).count == 1
        let heading = "scale · \(mode.displayName)" + (sharedMeasurement ? " · " + Self.measurement(results) : "")
        return TextWrap.lines(heading, width: width, indent: "    ")
            + settingsLines(series, labels: labels, measurementInTitle: sharedMeasurement)
            + table.lines(width: width).lines
    }

    private func figure16Block(_ figure16: Figure16Result) -> [String] {
        let name = figure16.rowName
        let heading = "figure16 · \(name) · \(figure16.mode.displayName) · \(figure16.clusterSize) nodes · "
            + figure16.measurement.summary
        let settings = [
            figure16.heartbeatMs.map { "heartbeat \(ReportNumber.plain($0)) ms" },
            figure16.trialCapMs.map { "a trial stops after \(ReportNumber.milliseconds($0)) without a leader" },
            Figure16Result.setupSentence,
            "paper: quoted from the Raft paper, not measured here",
        ].compactMap { $0 }
        let anyUnfinished = figure16.rows.contains { $0.unfinished > 0 }
        var columns = [TextTable.Column(header: "trials")]
        if anyUnfinished { columns.append(TextTable.Column(header: "unfinished")) }
        columns += ["median", "mean", "p99", "max"].map { TextTable.Column(header: $0) }
        columns.append(TextTable.Column(header: "paper", alignment: .left))
        let rows = figure16.rows.map { row -> (label: String, cells: [String]) in
            let paper = Figure16Result.paperQuotes.filter { $0.rangeMs == row.rangeMs }.map { quote in
                "\(quote.statistic.rawValue) \(quote.isLowerBound ? "> " : "")\(ReportNumber.milliseconds(quote.paperMs))"
            }.joined(separator: ", ")
            var cells = [ReportNumber.grouped(Double(row.trials))]
            if anyUnfinished { cells.append(String(row.unfinished)) }
            cells += [figure16.display(row.medianMs, in: row), figure16.display(row.meanMs, in: row, isMean: true),
                      figure16.display(row.p99Ms, in: row), figure16.display(row.maxMs, in: row), paper]
            return ("\(row.rangeMs) ms", cells)
        }
        return TextWrap.lines(heading, width: width, indent: "    ")
            + TextWrap.lines("  " + settings.joined(separator: "; "), width: width, indent: "    ")
            + TextTable(labelHeader: "timeouts", columns: columns, rows: rows).lines(width: width).lines
    }

    private func referenceBlock(_ references: [ReferenceResult]) -> [String] {
        let allQuoted = references.allSatisfy { $0.kind == .quoted }
        let rows = references.map { reference -> (label: String, cells: [String]) in
            let value = reference.approximateValue
            let what = "\(reference.label): \(reference.statistic)"
            return (value, [allQuoted ? what : "\(what) (\(reference.provenanceLabel))"])
        }
        let table = TextTable(labelHeader: "", columns: [TextTable.Column(header: "", alignment: .left)],
                              rows: rows)
        let body = table.lines(width: width).lines.dropFirst()  // no headers: the title says it all
        return [allQuoted ? "reference figures · quoted, not measured here" : "reference figures"] + body
    }

    private func legend(shown: Set<String>, omitted: [String]) -> [String] {
        var text = ConsoleMetricColumn.legend(for: shown)
        if !omitted.isEmpty {
            text += " To fit \(width) columns, some tables leave out " + omitted.joined(separator: ", ") + "."
        }
        text += " Every metric and statistic is in report.md, report.html and results.csv."
        return TextWrap.lines(text, width: width, indent: "  ")
    }
}
