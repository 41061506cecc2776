/// A metric against cluster size, one line per algorithm (and per mode): how the cost of
/// an election grows as the cluster grows. Live points are filled circles on solid lines,
/// simulated points hollow squares on dashed lines, so the two never get mixed up.
struct ScaleChart: Sendable {
    struct Series: Sendable {
        var label: String
        var color: String
        var mode: RunMode
        /// (cluster size, value), sorted by size.
        var points: [(clusterSize: Int, value: Double)]
    }

    var title: String
    var subtitle: String?
    var yTitle: String
    var series: [Series]
    var width: Double
    var plotHeight: Double

    init(title: String, subtitle: String? = nil, yTitle: String, series: [Series],
                width: Double = 900, plotHeight: Double = 300) {
        self.title = title
        self.subtitle = subtitle
        self.yTitle = yTitle
        self.series = series
        self.width = width
        self.plotHeight = plotHeight
    }

    /// Plots `statistic` (mean unless told otherwise) of `metric` for every result that
    /// measured it, one series per algorithm, mode and option set.
    static func make(_ results: [ScenarioResult], metric: MetricDefinition.Key,
                            statistic: KeyPath<SummaryStats, Double> = \.mean,
                            statisticName: String = "mean", title: String) -> ScaleChart {
        let definition = MetricDefinition.definition(for: metric)
        var grouped: [String: Series] = [:]
        var order: [String] = []
        for result in results {
            guard let summary = result.metrics.summary(for: metric) else { continue }
            let options = result.optionsSummary.isEmpty ? "" : " (\(result.optionsSummary))"
            let label = "\(result.algorithmDisplayName)\(options), \(result.mode.displayName)"
            if grouped[label] == nil {
                order.append(label)
                grouped[label] = Series(label: label, color: Palette.color(forAlgorithm: result.algorithm),
                                        mode: result.mode, points: [])
            }
            grouped[label]?.points.append((result.clusterSize, summary[keyPath: statistic]))
        }
        let series = order.compactMap { grouped[$0] }.map { series -> Series in
            var sorted = series
            sorted.points.sort { $0.clusterSize < $1.clusterSize }
            return sorted
        }
        let unit = definition.unit == "count" ? "" : " (\(definition.unit))"
        return ScaleChart(title: title, subtitle: "\(statisticName) over each setting's trials",
                          yTitle: "\(definition.name.lowercased())\(unit)", series: series)
    }

    func svg(idPrefix: String, standalone: Bool = false) -> String {
        let legend = series.map { line in
            SVGChart.LegendEntry(label: line.label, color: line.color,
                                 dash: line.mode == .live ? nil : Palette.dash(1),
                                 marker: line.mode == .live ? .circle : .square,
                                 markerFilled: line.mode == .live)
        }
        let legendHeight = SVGChart.legendHeight(legend, maxWidth: width - 100)
        let top = subtitle == nil ? 44.0 : 60.0
        let bottom = top + plotHeight
        let right = width - 28
        let left = 76.0
        let sizes = series.flatMap { $0.points.map { Double($0.clusterSize) } }
        let values = series.flatMap { $0.points.map(\.value) }
        let x = AxisScale.linear(dataMin: sizes.min() ?? 3, dataMax: sizes.max() ?? 9,
                                 pixels: (left, right), tickCount: 10)
        // Bully's messages grow with n² and Raft's with n: over 3...51 nodes the values span
        // three decades, and a linear axis would flatten everything but the largest into
        // the floor. Past a factor of 50 the axis turns logarithmic (and says so).
        let smallest = values.filter { $0 > 0 }.min() ?? 1
        let largest = values.max() ?? 1
        let useLog = largest / smallest > 50
        let y = useLog
            ? AxisScale.logarithmic(dataMin: smallest, dataMax: largest, pixels: (bottom, top))
            : AxisScale.linear(dataMin: 0, dataMax: largest * 1.05, pixels: (bottom, top))
        let plot = PlotArea(left: left, top: top, right: right, bottom: bottom, x: x, y: y)
        var chart = SVGChart(width: width, height: bottom + 56 + legendHeight + 12, title: title,
                             idPrefix: idPrefix)
        chart.heading(subtitle)
        chart.axes(plot, xTitle: "cluster size (nodes)", yTitle: yTitle + (useLog ? ", log scale" : ""))
        if series.isEmpty {
            chart.text("not measured", x: (left + right) / 2, y: (top + bottom) / 2, size: 14,
                       anchor: .middle, fill: Palette.muted)
        }
        for line in series {
            let live = line.mode == .live
            chart.polyline(line.points.map { plot.point(Double($0.clusterSize), $0.value) },
                           stroke: line.color, width: 2, dash: live ? nil : Palette.dash(1))
            for point in line.points {
                let position = plot.point(Double(point.clusterSize), point.value)
                chart.marker(live ? .circle : .square, x: position.x, y: position.y, size: 8,
                             color: line.color, filled: live,
                             tooltip: "\(line.label), \(point.clusterSize) nodes: \(ReportNumber.count(point.value))")
            }
        }
        chart.legend(legend, x: left, y: bottom + 52, maxWidth: width - 100)
        return chart.render(standalone: standalone)
    }
}
