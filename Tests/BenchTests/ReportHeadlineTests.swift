import Testing
@testable import Bench

/// The answer at the top of the reports is computed from the run, sentence by sentence.
@Suite struct ReportHeadlineTests {
    let run = FixtureRun.make()

    private func liveFailover(_ algorithm: String, in run: BenchRun) -> ScenarioResult? {
        run.results.first { $0.scenario == .failover && $0.mode == .live && $0.algorithm == algorithm }
    }

    @Test func theFirstSentenceGivesEachMedianFromTheRun() throws {
        let headline = ReportHeadline(run: run, charts: ReportChart.all(for: run))
        let raft = try #require(liveFailover("raft", in: run)?.metrics.failoverMs?.p50)
        let bully = try #require(liveFailover("bully", in: run)?.metrics.failoverMs?.p50)
        let first = headline.sentences[0]
        #expect(first.contains(ReportNumber.milliseconds(raft)))
        #expect(first.contains(ReportNumber.milliseconds(bully)))
        #expect(first.contains("live, 5 nodes, 10 trials each"))
        #expect(headline.chartID == "failover-cdf-failover")
        #expect(headline.method?.contains(FixtureRun.timing("bully").summary) == true)
    }

    @Test func changingAFixtureNumberChangesTheSentence() throws {
        var changed = run
        let index = try #require(changed.results.firstIndex { $0.scenario == .failover && $0.mode == .live && $0.algorithm == "raft" })
        for trial in changed.results[index].samples.indices { changed.results[index].samples[trial].failoverMs = 123 }
        let before = ReportHeadline(run: run, charts: []).sentences[0]
        let after = ReportHeadline(run: changed, charts: []).sentences[0]
        #expect(after != before)
        #expect(after.hasPrefix("Raft failed over in a median 123 ms, Bully in "))
    }

    @Test func flappingLeaderChangesComeFromTheRun() throws {
        let headline = ReportHeadline(run: run, charts: [])
        let bully = try #require(run.results.first { $0.scenario == .flapping && $0.algorithm == "bully" })
        let changes = ReportNumber.count(try #require(bully.metrics.leaderChanges?.mean))
        #expect(headline.sentences.contains { $0.contains("made Bully change leader \(changes) times per trial") })
    }

    @Test func aRunWithOneScenarioGetsOnlyItsSentence() {
        var flappingOnly = run
        flappingOnly.results = run.results.filter { $0.scenario == .flapping }
        flappingOnly.figure16 = nil
        let charts = ReportChart.all(for: flappingOnly)
        let headline = ReportHeadline(run: flappingOnly, charts: charts)
        #expect(headline.sentences.count == 1)
        #expect(headline.sentences[0].contains("change leader"))
        #expect(!headline.sentences[0].contains("failed over"))
        #expect(headline.chartID == charts.first?.id)
        let markdown = MarkdownReport(run: flappingOnly, charts: charts).render()
        let answer = markdown.range(of: headline.sentences[0])
        let metadata = markdown.range(of: "## This run")
        #expect(answer != nil && metadata != nil && answer!.lowerBound < metadata!.lowerBound)
    }

    @Test func anEmptyRunSaysItMeasuredNothing() {
        var empty = run
        empty.results = []
        empty.figure16 = nil
        #expect(ReportHeadline(run: empty, charts: []).sentences == ["This run measured nothing: no scenario produced results."])
    }

    @Test func etcdInTheRunIsComparedAndNamed() {
        var withEtcd = run
        withEtcd.results.append(ScenarioResult(
            scenario: .failover, algorithm: "etcd", mode: .live, clusterSize: 5,
            timing: TimingSettings(heartbeatMs: 50, electionTimeoutMs: MillisecondRange(500, 500)),
            options: ["timeouts": "same"], trials: 2,
            measurement: TimeMeasurement(method: .statusPolling, resolutionMs: 5),
            samples: [TrialSample(trial: 1, failoverMs: 500), TrialSample(trial: 2, failoverMs: 600)]))
        let headline = ReportHeadline(run: withEtcd, charts: [])
        #expect(headline.sentences[0].contains("etcd in 500 ms"))
        #expect(headline.sentences[0].contains("Against etcd's median of 500 ms, measured in the same run:"))
        #expect(ReportHeadline.systems(of: withEtcd) == "Bully, Raft and etcd")
        #expect(MarkdownReport(run: withEtcd).render().hasPrefix("# Leader election bench: Bully, Raft and etcd"))
    }

    @Test func htmlOpensWithTheAnswerAndItsChart() throws {
        let charts = ReportChart.all(for: run)
        let html = HTMLReport(run: run, charts: charts).render()
        let headline = ReportHeadline(run: run, charts: charts)
        let answer = try #require(html.range(of: HTMLReport.escape(headline.sentences[0])))
        let chart = try #require(html.range(of: "<figure id=\"chart-\(headline.chartID!)\""))
        let runSection = try #require(html.range(of: "<section id=\"run\">"))
        #expect(answer.lowerBound < chart.lowerBound)
        #expect(chart.lowerBound < runSection.lowerBound)
        #expect(XMLCheck.htmlTagProblem(html) == nil)
    }
}
