/// Our version of the Raft paper's Figure 16: election time CDFs, one line per
/// election-timeout range, in two stacked panels as in the paper: the top one varies the
/// randomness (150-150 ... 150-300 ms, logarithmic time axis, because without randomness
/// elections can take seconds), the bottom one scales the timeout (12-24 ... 150-300 ms).
struct Figure16Chart: Sendable {
    var result: Figure16Result
    var width: Double

    init(result: Figure16Result, width: Double = 900) {
        self.result = result
        self.width = width
    }

    static let title = "Figure 16 redone: time to elect a new leader after the leader crashes"

    func svg(idPrefix: String, standalone: Bool = false) -> String {
        let panels = [
            panel(title: "Top: varying the randomness (timeouts from 150 ms)",
                  rows: result.randomnessRows, logarithmic: true),
            panel(title: "Bottom: scaling the timeout (T to 2T)", rows: result.scalingRows,
                  logarithmic: nil),
        ].compactMap { $0 }
        let plotHeight = 240.0
        let legendWidth = width - 100
        let panelHeights = panels.map {
            26 + plotHeight + 56 + SVGChart.legendHeight($0.legendEntries, maxWidth: legendWidth) + 18
        }
        let subtitle = "\(ScenarioResult.displayName(ofAlgorithm: result.algorithm)), "
            + "\(result.clusterSize) nodes, \(result.mode.displayName), "
            + "\(Self.trialsText(result.rows)), "
            + result.measurement.summary
        let height = 60 + panelHeights.reduce(0, +) + (panels.isEmpty ? 40 : 0)
        var chart = SVGChart(width: width, height: height, title: Self.title, idPrefix: idPrefix)
        chart.heading(subtitle)
        var top = 60.0
        for (panel, panelHeight) in zip(panels, panelHeights) {
            chart.text(panel.title, x: 76, y: top + 12, size: 13, weight: "600")
            panel.drawPanel(into: &chart, left: 76, top: top + 26, right: width - 28,
                            bottom: top + 26 + plotHeight)
            chart.legend(panel.legendEntries, x: 76, y: top + 26 + plotHeight + 52, maxWidth: legendWidth)
            top += panelHeight
        }
        if panels.isEmpty {
            chart.text("no Figure 16 rows in this run", x: width / 2, y: 80, size: 14,
                       anchor: .middle, fill: Palette.muted)
        }
        return chart.render(standalone: standalone)
    }

    private func panel(title: String, rows: [Figure16Row], logarithmic: Bool?) -> CDFChart? {
        guard !rows.isEmpty else { return nil }
        let series = rows.enumerated().map { index, row in
            let median = "median " + result.display(row.medianMs, in: row)
            let unfinished = row.unfinished > 0
                ? " (\(ReportNumber.grouped(Double(row.unfinished))) of \(ReportNumber.grouped(Double(row.trials))) unfinished)" : ""
            return CDFChart.Series(label: "\(row.rangeMs) ms: \(median)\(unfinished)", points: row.cdf,
                                   color: Palette.seriesColor(index), dash: Palette.dash(index / 2))
        }
        return CDFChart(title: title, xTitle: "election time (ms)",
                        yTitle: "trials (cumulative %)", series: series, logarithmicX: logarithmic)
    }
}

extension Figure16Chart {
    /// "1,000 trials per range (150-150 ms: 100)": the most common count, with the ranges
    /// that ran a different number named, so a reduced row does not stand for all of them.
    static func trialsText(_ rows: [Figure16Row]) -> String {
        guard !rows.isEmpty else { return "no rows" }
        let counts = Dictionary(grouping: rows, by: \.trials)
        let usual = counts.max { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key) }!.key
        let exceptions = rows.filter { $0.trials != usual }
            .map { "\($0.rangeMs.description) ms: \(ReportNumber.grouped(Double($0.trials)))" }
        let main = "\(ReportNumber.grouped(Double(usual))) trials per range"
        return exceptions.isEmpty ? main : main + " (" + exceptions.joined(separator: ", ") + ")"
    }
}
