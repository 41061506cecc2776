import Testing
@testable import Bench

/// The table `election-bench` prints: rows per algorithm and variant, columns per metric,
/// settings named once, and never a line wider than the console.
@Suite struct ConsoleComparisonTests {
    let run = FixtureRun.make()

    private func tooWide(_ lines: [String], width: Int = ConsoleComparison.width) -> [String] {
        lines.filter { $0.count > width }
    }

    /// A failover result of another system beside ours, as helper runners add them.
    private func otherSystem(_ algorithm: String, options: [String: String] = [:], medianMs: Double) -> ScenarioResult {
        ScenarioResult(scenario: .failover, algorithm: algorithm, mode: .live, clusterSize: 5,
                       timing: TimingSettings(heartbeatMs: 100, electionTimeoutMs: MillisecondRange(1000, 1000)),
                       options: options, trials: 3,
                       measurement: TimeMeasurement(method: .statusPolling, resolutionMs: 5),
                       samples: (1...3).map { TrialSample(trial: $0, failoverMs: medianMs + Double($0 - 2) * 10) })
    }

    @Test func theFixtureRunFitsAHundredColumns() {
        let lines = ConsoleComparison(run: run).lines
        #expect(tooWide(lines).isEmpty, "too wide: \(tooWide(lines))")
        #expect(lines.contains("failover · live · 5 nodes · node event timestamps, ±1 ms"))
    }

    @Test func rowsAreAlgorithmsAndColumnsAreMetrics() throws {
        let lines = ConsoleComparison(run: run).lines
        let title = try #require(lines.firstIndex { $0.hasPrefix("failover · live · 5 nodes") })
        let block = Array(lines[title...].prefix { !$0.isEmpty })
        let header = try #require(block.first { $0.contains("agreed") })
        for column in ["agreed", "p50", "p90", "max", "leaderless", "split", "changes"] {
            #expect(header.contains(column), "no \(column) column")
        }
        let bully = try #require(run.results.first { $0.scenario == .failover && $0.mode == .live && $0.algorithm == "bully" })
        let bullyRow = try #require(block.first { $0.hasPrefix("  Bully ") })
        #expect(bullyRow.contains(ReportNumber.bareMilliseconds(bully.metrics.failoverMs!.p50)))
        #expect(bullyRow.contains("10/10"))
        #expect(block.contains { $0.hasPrefix("  Raft ") })
    }

    @Test func timeoutsAreNamedOncePerGroup() throws {
        let lines = ConsoleComparison(run: run).lines
        let title = try #require(lines.firstIndex { $0.hasPrefix("failover · live · 5 nodes") })
        let block = Array(lines[title...].prefix { !$0.isEmpty })
        let bullyTimeouts = FixtureRun.timing("bully").summary
        #expect(block.filter { $0.contains(bullyTimeouts) } == ["  Bully: \(bullyTimeouts)"])
        #expect(block.filter { $0.contains(FixtureRun.timing("raft").summary) }.count == 1)
    }

    @Test func anyNumberOfSystemsFitsAndEtcdKeepsItsName() {
        var crowded = run
        crowded.results.append(otherSystem("etcd", medianMs: 546))
        crowded.results.append(otherSystem("workshop-python", options: ["node": "bully_node.py"], medianMs: 1700))
        for index in 1...6 {
            crowded.results.append(otherSystem("raft", options: ["prevote": "off", "check_quorum": "variant \(index)"],
                                               medianMs: 200))
        }
        let lines = ConsoleComparison(run: crowded).lines
        #expect(tooWide(lines).isEmpty, "too wide: \(tooWide(lines))")
        #expect(lines.contains { $0.hasPrefix("  etcd ") })
        #expect(lines.contains { $0.hasPrefix("  etcd: heartbeat 100 ms, election 1000-1000 ms; status polling, ±5 ms") })
        #expect(!lines.contains { $0.contains("Etcd") })
        #expect(lines.contains { $0.hasPrefix("  Workshop-python") })
    }

    @Test func aNarrowConsoleLeavesColumnsOutAndSaysWhich() {
        let lines = ConsoleComparison(run: run, width: 60).lines
        #expect(tooWide(lines, width: 60).isEmpty, "too wide: \(tooWide(lines, width: 60))")
        let words = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(words.contains("To fit 60 columns, some tables leave out msgs, p90"))
    }

    @Test func variantsOfOneOptionNameTheOptionOnce() {
        let flapping = ["highest-id", "follower"].map { node in
            ScenarioResult(scenario: .flapping, algorithm: "bully", mode: .sim, clusterSize: 5,
                           timing: FixtureRun.timing("bully"), options: ["flapping_node": node], trials: 1,
                           measurement: .virtualClock, samples: [TrialSample(trial: 1, failoverMs: nil, leaderChanges: 3)])
        }
        var partial = run
        partial.results = flapping
        let lines = ConsoleComparison(run: partial).lines
        #expect(lines.contains { $0.hasPrefix("  flapping_node ") })
        #expect(lines.contains { $0.hasPrefix("  Bully follower ") })
        #expect(lines.contains { $0.hasPrefix("  Bully highest-id ") })
        // Not measured in this setting: no failover columns at all.
        #expect(!lines.contains { $0.contains(" p50 ") })
    }

    @Test func textTableWrapsAFreeTextLastColumnAndSplitsWhatIsLeft() {
        let table = TextTable(labelHeader: "", columns: [TextTable.Column(header: "value"),
                                                         TextTable.Column(header: "words", alignment: .left)],
                              rows: [("a", ["1", String(repeating: "word ", count: 30)])])
        let wrapped = table.lines(width: 50).lines
        #expect(wrapped.count > 2)
        #expect(wrapped.allSatisfy { $0.count <= 50 })
        let numbers = TextTable(labelHeader: "size", columns: (1...30).map { TextTable.Column(header: "\($0 * 100)") },
                                rows: [("p50", (1...30).map { "\($0 * 10)" })])
        let split = numbers.lines(width: 40).lines
        #expect(split.allSatisfy { $0.count <= 40 })
        #expect(split.filter { $0.hasPrefix("  p50") }.count > 1)
    }

    @Test func textWrapKeepsWordsAndIndents() {
        let lines = TextWrap.lines("note: " + String(repeating: "abc ", count: 40), width: 30, indent: "      ")
        #expect(lines.allSatisfy { $0.count <= 30 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("      abc") })
        #expect(TextWrap.lines(String(repeating: "x", count: 70), width: 30, indent: "  ").allSatisfy { $0.count <= 30 })
        #expect(TextWrap.truncated(String(repeating: "y", count: 120), width: 99).count == 99)
    }
}
