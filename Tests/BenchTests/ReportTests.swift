import Foundation
import Testing
@testable import Bench

@Suite struct ReportTests {
    let run = FixtureRun.make()

    @Test func htmlInlinesEveryChart() {
        let charts = ReportChart.all(for: run)
        let html = HTMLReport(run: run, charts: charts).render()
        for chart in charts {
            #expect(html.contains("<figure id=\"chart-\(chart.id)\""), "\(chart.id) missing")
            #expect(html.contains(chart.svg))
        }
        #expect(html.components(separatedBy: "<svg ").count - 1 == charts.count)
        #expect(XMLCheck.htmlTagProblem(html) == nil)
        // Every id on the page is unique, or in-page links and SVG patterns would clash.
        let ids = html.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(ids).count == ids.count)
    }

    @Test func htmlLoadsNothingFromOutside() {
        let html = HTMLReport(run: run).render()
        for forbidden in ["<script", "<link", "<img", "<iframe", "src=", "@import", "url(http", "url('http", "url(\"http"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        // The only URL-like text is the SVG namespace, which no browser fetches.
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespace.contains("http://"))
        #expect(!withoutNamespace.contains("https://"))
        #expect(!withoutNamespace.contains("//cdn"))
    }

    @Test func htmlLabelsQuotedReferencesAndExplainsMeasurement() {
        let html = HTMLReport(run: run).render()
        #expect(html.contains("quoted, not measured here"))
        #expect(html.contains("Raft paper, Figure 16"))
        #expect(html.contains("node event timestamps, ±1 ms"))
        #expect(html.contains("virtual clock, exact"))
        #expect(html.contains("Where and why we differ"))
        #expect(html.contains(HTMLReport.escape(run.figure16!.notes[0])))
        #expect(html.contains(FixtureRun.warning))
        for definition in MetricDefinition.all { #expect(html.contains(HTMLReport.escape(definition.definition))) }
    }

    @Test func measuredReferencesShowTheirProvenance() {
        var measured = run
        measured.references = [ReferenceResult(
            label: "etcd 3.5, 3 members", kind: .measured, statistic: "median failover",
            valueMs: MillisecondRange(exactly: 1080), source: "our own etcd run",
            measured: .init(procedure: "kill -9 the leader", date: "2025-02-01", trials: 20,
                            measurement: TimeMeasurement(method: .statusPolling, resolutionMs: 5)))]
        let html = HTMLReport(run: measured).render()
        #expect(html.contains("measured: kill -9 the leader (2025-02-01, 20 trials)"))
        #expect(!html.contains("<span class=\"badge quoted\">quoted, not measured here</span></td>"))
    }

    @Test func emptyFigure16NotesSayNoneWereRecorded() {
        var silent = run
        silent.figure16?.notes = []
        #expect(HTMLReport(run: silent).render().contains("No notes were recorded for this run."))
    }

    @Test func anEmptyRunStillRenders() {
        let empty = BenchRun(startedAt: "2025-01-01T00:00:00Z",
                             machine: MachineDescription(os: "x", architecture: "y", cpuCount: 1, memoryGB: 1),
                             commandLine: ["election-bench"], seed: 1, durationSeconds: 0)
        let html = HTMLReport(run: empty).render()
        #expect(XMLCheck.htmlTagProblem(html) == nil)
        #expect(!ConsoleComparison(run: empty).text.isEmpty)
        #expect(MarkdownReport(run: empty).render().contains("# Leader election bench"))
    }

    @Test func comparisonTableHasABullyAndARaftColumnPerSetting() throws {
        let table = ComparisonTable(run: run)
        let failover = try #require(table.groups.first { $0.title == "failover · live · 5 nodes" })
        #expect(failover.columns == ["metric", "Bully", "Raft"])
        let p50 = try #require(failover.rows.first { $0.label == "failover p50" })
        let bully = try #require(run.results.first { $0.scenario == .failover && $0.mode == .live && $0.algorithm == "bully" })
        #expect(p50.cells[0] == ReportNumber.milliseconds(bully.metrics.failoverMs!.p50))
        #expect(table.groups.contains { $0.title == "scale · simulated" })
        #expect(table.markdown.contains("quoted, not measured here"))
        #expect(table.markdown.contains("paper says"))
    }

    @Test func unmeasuredCellsShowADash() throws {
        let result = ScenarioResult(scenario: .failover, algorithm: "raft", mode: .sim, clusterSize: 3,
                                    timing: TimingSettings(), trials: 1, measurement: .virtualClock,
                                    samples: [TrialSample(trial: 1, failoverMs: 200)])
        var partial = run
        partial.results = [result]
        let group = try #require(ComparisonTable(run: partial).groups.first)
        #expect(group.rows.first { $0.label == "split brain (mean)" }?.cells == [ComparisonTable.notMeasured])
    }

    @Test func markdownLinksEveryChartFile() {
        let charts = ReportChart.all(for: run)
        let markdown = MarkdownReport(run: run, charts: charts).render()
        for chart in charts { #expect(markdown.contains("](\(chart.fileName))")) }
        #expect(markdown.contains("| Bully | Raft |"))
    }

    @Test func csvHeadersAndRows() throws {
        let results = CSVWriter.resultsCSV(run).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(results.first.map(String.init) == CSVWriter.resultsHeader.joined(separator: ","))
        #expect(results.count == run.results.count + 2)  // header, rows, final empty line
        #expect(CSVWriter.resultsHeader.contains("failover_ms_p99"))
        #expect(CSVWriter.resultsHeader.contains("bytes_per_election_mean"))
        let firstRow = results[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(firstRow.count == CSVWriter.resultsHeader.count)
        let trials = CSVWriter.trialsCSV(run).split(separator: "\n")
        #expect(trials.count == run.results.map(\.samples.count).reduce(0, +) + 1)
    }

    @Test func csvQuotesOnlyWhatNeedsQuoting() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.escape("crlf\r\nline") == "\"crlf\r\nline\"")
        #expect(CSVWriter.line(["prevote=on, detect=loss", "3"]) == "\"prevote=on, detect=loss\",3")
    }

    @Test func writerCreatesEveryFile() throws {
        // Set BENCH_REPORT_PREVIEW_DIR to keep the fixture report for a look in a browser.
        let preview = ProcessInfo.processInfo.environment["BENCH_REPORT_PREVIEW_DIR"]
        let directory = preview.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("bench-writer-test-\(UUID().uuidString)/nested", isDirectory: true)
        defer {
            if preview == nil { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        }
        let written = try ResultsWriter(directory: directory).write(run)
        let names = Set(written.map { $0.path.replacingOccurrences(of: directory.path + "/", with: "") })
        let expected: Set<String> = ["results.json", "results-schema.md", "results.csv", "trials.csv",
                                     "comparison.txt", "figure16.json", "report.md", "report.html"]
        #expect(expected.isSubset(of: names))
        let charts = ReportChart.all(for: run)
        #expect(names.count == expected.count + charts.count)
        for url in written { #expect(FileManager.default.fileExists(atPath: url.path), "\(url.path) missing") }
        let decoded = try BenchJSON.decodeRun(from: Data(contentsOf: directory.appendingPathComponent("results.json")))
        #expect(decoded == run)
        let chartFile = try String(contentsOf: directory.appendingPathComponent(charts[0].fileName), encoding: .utf8)
        #expect(chartFile.hasPrefix("<?xml"))
        #expect(XMLCheck.xmlProblem(chartFile) == nil)
    }

    @Test func writerExplainsWhatItCouldNotWrite() {
        let blocked = FileManager.default.temporaryDirectory.appendingPathComponent("bench-blocked-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: blocked.path, contents: Data("a file, not a directory".utf8))
        defer { try? FileManager.default.removeItem(at: blocked) }
        #expect(throws: ResultsWriter.WriteError.self) {
            try ResultsWriter(directory: blocked).write(run)
        }
    }
}
