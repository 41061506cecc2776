/// Cumulative distribution chart: for each series, the share of trials (y, percent) that
/// finished within a given time (x, milliseconds). A curve further left is faster; a curve
/// that ends below 100 % had trials that never finished.
///
/// Used for failover times per algorithm and, twice, for the Raft paper's Figure 16.
struct CDFChart: Sendable {
    struct Series: Sendable {
        var label: String
        var points: [CDFPoint]
        var color: String
        var dash: String?

        init(label: String, points: [CDFPoint], color: String, dash: String? = nil) {
            self.label = label
            self.points = points
            self.color = color
            self.dash = dash
        }
    }

    var title: String
    var subtitle: String?
    var xTitle: String
    var yTitle: String
    var series: [Series]
    /// `nil` picks a logarithmic x axis when the times span more than a factor of 30.
    var logarithmicX: Bool?
    var width: Double
    var plotHeight: Double

    init(title: String, subtitle: String? = nil, xTitle: String = "failover time (ms)",
                yTitle: String = "trials finished (cumulative %)", series: [Series],
                logarithmicX: Bool? = nil, width: Double = 900, plotHeight: Double = 300) {
        self.title = title
        self.subtitle = subtitle
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
        self.logarithmicX = logarithmicX
        self.width = width
        self.plotHeight = plotHeight
    }

    /// One series per result with failover samples: colour by algorithm, solid for live and
    /// dashed for simulated (further variants of the same algorithm get other dashes).
    /// The label carries the median and p99, so the legend alone answers "how fast".
    static func failover(_ results: [ScenarioResult], title: String,
                                subtitle: String? = nil) -> CDFChart {
        let ordered = results.filter { !$0.failoverSamplesMs.isEmpty }
            .sorted { ($0.algorithm, $0.mode == .live ? 0 : 1, $0.clusterSize)
                < ($1.algorithm, $1.mode == .live ? 0 : 1, $1.clusterSize) }
        var usedPerAlgorithm: [String: Int] = [:]
        let series = ordered.map { result -> Series in
            let variant = usedPerAlgorithm[result.algorithm, default: 0]
            usedPerAlgorithm[result.algorithm] = variant + 1
            let metrics = result.metrics
            let median = metrics.failoverMs.map { "median " + ReportNumber.milliseconds($0.p50) } ?? ""
            let tail = metrics.failoverMs.map { ", p99 " + ReportNumber.milliseconds($0.p99) } ?? ""
            let dash = result.mode == .sim && variant == 0 ? Palette.dash(1) : Palette.dash(variant)
            return Series(
                label: "\(result.seriesLabel): \(median)\(tail)",
                points: Statistics.cdf(of: result.failoverSamplesMs, outOf: result.samples.count,
                                       maxPoints: 2_000),
                color: Palette.color(forAlgorithm: result.algorithm), dash: dash)
        }
        return CDFChart(title: title, subtitle: subtitle, series: series)
    }

    /// The chart as an `<svg>` element.
    func svg(idPrefix: String, standalone: Bool = false) -> String {
        let legend = legendEntries
        let legendHeight = SVGChart.legendHeight(legend, maxWidth: width - 100)
        let top = subtitle == nil ? 44.0 : 60.0
        let height = top + plotHeight + 56 + legendHeight + 12
        var chart = SVGChart(width: width, height: height, title: title, idPrefix: idPrefix)
        chart.heading(subtitle)
        drawPanel(into: &chart, left: 76, top: top, right: width - 28, bottom: top + plotHeight)
        chart.legend(legend, x: 76, y: top + plotHeight + 52, maxWidth: width - 100)
        return chart.render(standalone: standalone)
    }

    /// Draws axes and curves into a rectangle of another chart (Figure 16 stacks two).
    func drawPanel(into chart: inout SVGChart, left: Double, top: Double, right: Double,
                          bottom: Double) {
        let times = series.flatMap { $0.points.map(\.ms) }
        let low = times.min() ?? 1
        let high = times.max() ?? 10
        let useLog = logarithmicX ?? (low > 0 && high / low > 30)
        let x = useLog
            ? AxisScale.logarithmic(dataMin: low, dataMax: high, pixels: (left, right))
            : AxisScale.linear(dataMin: 0, dataMax: high, pixels: (left, right), tickCount: 8)
        let y = AxisScale.linear(dataMin: 0, dataMax: 100, pixels: (bottom, top), tickCount: 6)
        let plot = PlotArea(left: left, top: top, right: right, bottom: bottom, x: x, y: y)
        chart.axes(plot, xTitle: xTitle + (useLog ? ", log scale" : ""), yTitle: yTitle)
        if series.isEmpty {
            chart.text("no samples", x: (left + right) / 2, y: (top + bottom) / 2, size: 14,
                       anchor: .middle, fill: Palette.muted)
        }
        for line in series { chart.polyline(steps(line.points, in: plot), stroke: line.color,
                                            width: 2.2, dash: line.dash) }
    }

    /// A staircase: flat until each sample, then up by its share, as an empirical CDF is.
    private func steps(_ points: [CDFPoint], in plot: PlotArea) -> [(x: Double, y: Double)] {
        guard let first = points.first else { return [] }
        var path = [plot.point(first.ms, 0)]
        var level = 0.0
        for point in points {
            path.append(plot.point(point.ms, level))
            path.append(plot.point(point.ms, point.percent))
            level = point.percent
        }
        return path
    }

    var legendEntries: [SVGChart.LegendEntry] {
        series.map { SVGChart.LegendEntry(label: $0.label, color: $0.color, dash: $0.dash) }
    }
}
