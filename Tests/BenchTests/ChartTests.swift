import Election
import Testing
@testable import Bench

@Suite struct ChartTests {
    let run = FixtureRun.make()

    @Test func everyChartIsWellFormedXML() {
        let charts = ReportChart.all(for: run)
        #expect(Set(charts.map(\.kind)) == [.failoverCDF, .timeline, .scale, .figure16])
        for chart in charts {
            #expect(XMLCheck.xmlProblem(chart.standaloneSVG) == nil, "\(chart.id) is not well-formed")
        }
    }

    @Test func chartIdsAreUniqueAndSafeAsFileNames() {
        let ids = ReportChart.all(for: run).map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } })
        #expect(ReportChart.slugged("Raft+PreVote on") == "raft-prevote-on")
    }

    @Test func failoverCDFHasAxesAndALegendEntryPerSeries() {
        let results = run.results.filter { $0.scenario == .failover }
        let svg = CDFChart.failover(results, title: "Failover").svg(idPrefix: "t")
        #expect(svg.contains("failover time (ms)"))
        #expect(svg.contains("trials finished (cumulative %)"))
        for label in ["Bully · live · 5 nodes", "Raft · live · 5 nodes", "Bully · sim · 5 nodes", "Raft · sim · 5 nodes"] {
            #expect(svg.contains(label), "legend lacks \(label)")
        }
        #expect(XMLCheck.elementNames(svg).filter { $0 == "polyline" }.count >= 4)
    }

    @Test func textIsEscaped() {
        let result = ScenarioResult(scenario: "custom <&> \"test\"", algorithm: "raft", mode: .sim, clusterSize: 3,
                                    timing: TimingSettings(), options: ["note": "a<b & c>d"], trials: 1,
                                    measurement: .virtualClock, samples: [TrialSample(trial: 1, failoverMs: 10)])
        let svg = CDFChart.failover([result], title: "Title with <tags> & 'quotes'").svg(idPrefix: "esc")
        #expect(XMLCheck.xmlProblem(svg) == nil)
        #expect(svg.contains("Title with &lt;tags&gt; &amp; &apos;quotes&apos;"))
        #expect(!svg.contains("a<b"))
    }

    @Test func timelineShowsEveryNodeTheAgreedLaneAndItsMarks() throws {
        let result = try #require(run.results.first { $0.scenario == .flapping && $0.algorithm == "bully" })
        let svg = TimelineChart(timeline: result.timelines[0], title: "Flapping").svg(idPrefix: "tl")
        #expect(XMLCheck.xmlProblem(svg) == nil)
        for node in 1...5 { #expect(svg.contains(">node \(node)<")) }
        for text in ["agreed leader", ">crash<", ">restart<", ">leader (the node&apos;s own colour)<",
                     "time since the trial started (ms)", "node 5: crash at 1000 ms"] {
            #expect(svg.contains(text), "timeline lacks \(text)")
        }
    }

    @Test func timelineMarksNetworkWidePartitions() throws {
        let result = try #require(run.results.first { $0.scenario == .partition && $0.algorithm == "raft" })
        let svg = TimelineChart(timeline: result.timelines[0], title: "Partition").svg(idPrefix: "p")
        #expect(svg.contains("partition: {1,2} | {3,4,5}"))
        #expect(svg.contains("network heal"))
        #expect(svg.contains("split brain: nodes 1, 3 all lead"))
    }

    @Test func closeNetworkMarksGetTheirOwnLabelRows() throws {
        let timeline = LeadershipTimeline(
            label: "quick heal", endMs: 20_000, nodes: [1, 2],
            segments: [.init(node: 1, fromMs: 0, toMs: 20_000, role: .leader, leader: 1)],
            marks: [.init(timeMs: 5_000, node: nil, kind: .partition, note: "{1} | {2}"),
                    .init(timeMs: 5_100, node: nil, kind: .heal)])
        let svg = TimelineChart(timeline: timeline, title: "Quick heal").svg(idPrefix: "q")
        #expect(XMLCheck.xmlProblem(svg) == nil)
        #expect(svg.contains("time since the trial started (s)"))
        let partitionY = try #require(textY(in: svg, label: "partition: {1} | {2}"))
        let healY = try #require(textY(in: svg, label: "heal"))
        #expect(partitionY != healY)
    }

    /// The y coordinate of the `<text>` element whose content is exactly `label`.
    func textY(in svg: String, label: String) -> Double? {
        for line in svg.split(separator: "\n") where line.hasPrefix("<text ") && line.hasSuffix(">\(SVGChart.escape(label))</text>") {
            guard let start = line.range(of: " y=\"") else { continue }
            return Double(line[start.upperBound...].prefix { $0 != "\"" })
        }
        return nil
    }

    @Test func scaleChartSeparatesAlgorithmsAndModes() {
        let results = run.results.filter { $0.scenario == .scale }
        let svg = ScaleChart.make(results, metric: .messagesPerElection, title: "Scale").svg(idPrefix: "s")
        #expect(XMLCheck.xmlProblem(svg) == nil)
        #expect(svg.contains("cluster size (nodes)"))
        #expect(svg.contains("messages per election"))
        for label in ["Bully, live", "Raft, live", "Bully, simulated", "Raft, simulated"] {
            #expect(svg.contains(">\(label)<"), "legend lacks \(label)")
        }
        // Live points are circles, simulated ones squares: 4 + 4 live sizes, 9 + 9 simulated.
        let names = XMLCheck.elementNames(svg)
        #expect(names.filter { $0 == "circle" }.count >= 8)
        #expect(names.filter { $0 == "rect" }.count >= 18)
    }

    @Test func figure16HasBothPanelsAndEveryRange() throws {
        let figure16 = try #require(run.figure16)
        let svg = Figure16Chart(result: figure16).svg(idPrefix: "f16")
        #expect(XMLCheck.xmlProblem(svg) == nil)
        #expect(svg.contains("varying the randomness"))
        #expect(svg.contains("scaling the timeout"))
        #expect(svg.contains("election time (ms), log scale"))
        for range in ["150-150", "150-151", "150-155", "150-175", "150-200", "150-300", "12-24", "25-50",
                      "50-100", "100-200"] {
            #expect(svg.contains(">\(range) ms: "), "legend lacks \(range)")
        }
    }

    @Test func linearAxesUseNiceNumbers() {
        let axis = AxisScale.linear(dataMin: 0, dataMax: 287, pixels: (0, 100))
        #expect(axis.ticks.map(\.value) == [0, 50, 100, 150, 200, 250, 300])
        #expect(axis.ticks.map(\.label).last == "300")
        let small = AxisScale.linear(dataMin: 0, dataMax: 0.9, pixels: (0, 100), tickCount: 6)
        #expect(small.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(AxisScale.niceNumber(0.37, round: true) == 0.5)
        #expect(AxisScale.niceNumber(13, round: false) == 20)
    }

    @Test func logarithmicAxesSpanWholeDecades() {
        let axis = AxisScale.logarithmic(dataMin: 150, dataMax: 12_000, pixels: (0, 300))
        #expect(axis.lower == 100)
        #expect(axis.upper == 100_000)
        #expect(axis.ticks.filter(\.isMajor).map(\.label) == ["100", "1,000", "10,000", "100,000"])
        #expect(axis.position(of: 1000) == 100)
        #expect(axis.position(of: 1) == 0)  // clamped to the axis start
    }
}
