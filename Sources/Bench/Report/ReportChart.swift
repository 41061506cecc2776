/// One chart of a report, rendered once and used three ways: inline in `report.html`, as
/// `charts/<id>.svg` next to it, and linked from `report.md`.
struct ReportChart: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
        case failoverCDF = "failover-cdf"
        case timeline
        case scale
        case figure16
    }

    /// Unique within a report; also the SVG's id prefix and the file's name stem.
    var id: String
    var kind: Kind
    /// The scenario the chart belongs to (`nil` for Figure 16).
    var scenario: ScenarioName?
    var title: String
    /// One or two sentences under the chart: how to read it.
    var caption: String
    /// The `<svg>` element, without an XML declaration.
    var svg: String

    /// Path relative to the output directory.
    var fileName: String { "charts/\(id).svg" }

    /// The chart as a standalone `.svg` file.
    var standaloneSVG: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n" }

    /// Every chart the reports show for `run`, in reading order:
    /// per scenario a failover CDF (all results with failover samples, except `scale`),
    /// a leadership timeline for each result that recorded one, the scale charts, and
    /// finally Figure 16.
    static func all(for run: BenchRun) -> [ReportChart] {
        var charts: [ReportChart] = []
        var usedIds: Set<String> = []
        func uniqueId(_ base: String) -> String {
            var id = base
            var suffix = 2
            while usedIds.contains(id) { id = "\(base)-\(suffix)"; suffix += 1 }
            usedIds.insert(id)
            return id
        }

        for (scenario, results) in run.resultsByScenario {
            let slug = slugged(scenario.rawValue)
            let scenarioTitle = ScenarioCatalog.title(for: scenario)
            if scenario == .scale {
                charts += scaleCharts(results, uniqueId: uniqueId)
            } else if results.contains(where: { !$0.failoverSamplesMs.isEmpty }) {
                let id = uniqueId("failover-cdf-\(slug)")
                let title = "Failover time, \(scenarioTitle.lowercasedFirst)"
                charts.append(ReportChart(
                    id: id, kind: .failoverCDF, scenario: scenario, title: title,
                    caption: "Each line is one algorithm and setting; a point (x, y) means y % of the trials had a new agreed leader within x ms. Further left is faster; a line ending below 100 % had trials without an agreed leader.",
                    svg: CDFChart.failover(results, title: title,
                                           subtitle: "cumulative share of trials, by time until every survivor names the same new leader")
                        .svg(idPrefix: id)))
            }
            for result in results {
                guard let timeline = result.timelines.first else { continue }
                let id = uniqueId("timeline-\(slug)-\(slugged(result.algorithm))-\(result.mode.rawValue)-\(result.clusterSize)")
                let title = "Who led when: \(scenarioTitle.lowercasedFirst), \(result.rowName), \(result.mode.displayName)"
                charts.append(ReportChart(
                    id: id, kind: .timeline, scenario: scenario, title: title,
                    caption: "One lane per node; tall bars mean the node believed it led, thin bars show whom a follower followed (in that leader's colour). The top lane shows the leader the whole cluster agreed on.",
                    svg: TimelineChart(timeline: timeline, title: title).svg(idPrefix: id)))
            }
        }
        if let figure16 = run.figure16 {
            let id = uniqueId("figure16")
            charts.append(ReportChart(
                id: id, kind: .figure16, scenario: nil, title: Figure16Chart.title,
                caption: "As in the paper: each line is one election-timeout range, showing the cumulative share of trials that had elected a new leader by a given time after the crash.",
                svg: Figure16Chart(result: figure16).svg(idPrefix: id)))
        }
        return charts
    }

    private static func scaleCharts(_ results: [ScenarioResult], uniqueId: (String) -> String)
        -> [ReportChart]
    {
        var charts: [ReportChart] = []
        if results.contains(where: { $0.metrics.messagesPerElection != nil }) {
            let id = uniqueId("scale-messages")
            let title = "Messages per election against cluster size"
            charts.append(ReportChart(
                id: id, kind: .scale, scenario: .scale, title: title,
                caption: "Election messages sent per new leader (mean over trials). Filled circles and solid lines are live runs, hollow squares and dashed lines simulated ones.",
                svg: ScaleChart.make(results, metric: .messagesPerElection, title: title).svg(idPrefix: id)))
        }
        if results.contains(where: { $0.metrics.failoverMs != nil }) {
            let id = uniqueId("scale-failover")
            let title = "Failover time against cluster size"
            charts.append(ReportChart(
                id: id, kind: .scale, scenario: .scale, title: title,
                caption: "Median failover time for each cluster size. Filled circles and solid lines are live runs, hollow squares and dashed lines simulated ones.",
                svg: ScaleChart.make(results, metric: .failoverMs, statistic: \.p50,
                                     statisticName: "median", title: title).svg(idPrefix: id)))
        }
        return charts
    }

    /// `slow-highest` stays, `Raft+PreVote` becomes `raft-prevote`: safe in ids and file names.
    static func slugged(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isLetter && character.isASCII || character.isNumber && character.isASCII {
                slug.append(character)
            } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "chart" : slug
    }
}

extension String {
    /// "Leader failover" becomes "leader failover" for use inside a sentence.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
