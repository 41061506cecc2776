import Election

/// Who led when, in one trial: one lane per node plus an "agreed leader" lane on top.
///
/// How to read it:
/// - a tall bar in a node's own colour: that node believed it was the leader;
/// - a thin bar: the node was a follower, drawn in the colour of the leader it followed
///   (grey when it knew of none), so agreement shows as one colour down the lanes;
/// - a hatched bar: the node was a candidate (an election in progress);
/// - a dotted line: the node was down;
/// - the top lane: the agreed leader's colour, light hatching while there was none, dark
///   hatching while two nodes led at once (split brain);
/// - markers: crash ✕, restart ▲, pause ◇, resume ◆, a node cut off ○ / reconnected ●,
///   and dashed vertical lines for network-wide partitions and heals.
struct TimelineChart: Sendable {
    var timeline: LeadershipTimeline
    var title: String
    var width: Double

    init(timeline: LeadershipTimeline, title: String, width: Double = 900) {
        self.timeline = timeline
        self.title = title
        self.width = width
    }

    private let left = 112.0
    private let agreedLaneHeight = 20.0
    private let laneHeight = 28.0
    private let barHeight = 18.0
    private let thinBarHeight = 6.0

    func svg(idPrefix: String, standalone: Bool = false) -> String {
        let right = width - 28
        let duration = timeline.endMs - timeline.startMs

        // 1. Layout: the time axis (seconds once the window is long), the label rows that
        //    network-wide marks need, then the lanes below them.
        let inSeconds = duration >= 10_000
        let unit = inSeconds ? 1000.0 : 1.0
        let axis = AxisScale.linear(dataMin: timeline.startMs / unit, dataMax: timeline.endMs / unit,
                                    pixels: (left, right), tickCount: 9)
        let x: (Double) -> Double = { axis.position(of: $0 / unit) }
        let labelRows = networkMarkLabelRows(x: x)
        let markStrip = labelRows.isEmpty ? 0.0 : Double((labelRows.values.max() ?? 0) + 1) * 14 + 4
        let agreedTop = 60.0 + markStrip
        let lanesTop = agreedTop + agreedLaneHeight + 14
        let lanesBottom = lanesTop + Double(timeline.nodes.count) * laneHeight
        let legend = legendItems
        let legendHeight = flowHeight(legend, maxWidth: width - 40)
        let height = lanesBottom + 60 + legendHeight + 16
        var chart = SVGChart(width: width, height: height, title: title, idPrefix: idPrefix)
        chart.heading("\(timeline.label) · \(timeline.nodes.count) nodes · "
            + "no agreed leader for \(ReportNumber.milliseconds(timeline.leaderlessMs)), "
            + "split brain for \(ReportNumber.milliseconds(timeline.splitBrainMs)) "
            + "of \(ReportNumber.milliseconds(duration))")

        // 2. The time axis and its grid, behind the lanes.
        for tick in axis.ticks {
            let position = axis.position(of: tick.value)
            chart.line(x1: position, y1: agreedTop, x2: position, y2: lanesBottom, stroke: Palette.grid)
            chart.line(x1: position, y1: lanesBottom, x2: position, y2: lanesBottom + 5, stroke: Palette.axis)
            chart.text(tick.label, x: position, y: lanesBottom + 18, size: 11, anchor: .middle,
                       fill: Palette.axis)
        }
        chart.line(x1: left, y1: lanesBottom, x2: right, y2: lanesBottom, stroke: Palette.axis)
        chart.text(inSeconds ? "time since the trial started (s)" : "time since the trial started (ms)",
                   x: (left + right) / 2, y: lanesBottom + 40, size: 12.5, anchor: .middle, weight: "600")

        // 3. The agreed-leader lane.
        drawAgreedLane(into: &chart, top: agreedTop, x: x)

        // 4. One lane per node: label, "down" baseline, then its segments.
        for (index, node) in timeline.nodes.enumerated() {
            let middle = lanesTop + Double(index) * laneHeight + laneHeight / 2
            chart.rect(x: left - 92, y: middle - 6, width: 12, height: 12, fill: color(of: node),
                       stroke: "#333333", strokeWidth: 0.5)
            chart.text("node \(node)", x: left - 74, y: middle + 4.5, size: 12.5)
            chart.line(x1: left, y1: middle, x2: right, y2: middle, stroke: "#BBBBBB", width: 1.2,
                       dash: "1.5 3")
            for segment in timeline.segments where segment.node == node {
                drawSegment(segment, into: &chart, middle: middle, x: x)
            }
            drawPauses(of: node, into: &chart, middle: middle, x: x)
        }

        // 5. Marks on top of everything.
        for mark in timeline.marks {
            let labelTop = 60 + Double(labelRows[mark] ?? 0) * 14
            drawMark(mark, into: &chart, x: x(mark.timeMs), labelTop: labelTop, agreedTop: agreedTop,
                     lanesTop: lanesTop, lanesBottom: lanesBottom)
        }

        // 6. Legend.
        drawFlow(legend, into: &chart, x: 20, y: lanesBottom + 58, maxWidth: width - 40)
        return chart.render(standalone: standalone)
    }

    private func color(of node: NodeID) -> String {
        Palette.color(forNodeAt: timeline.nodes.firstIndex(of: node) ?? timeline.nodes.count)
    }

    private func drawAgreedLane(into chart: inout SVGChart, top: Double, x: (Double) -> Double) {
        chart.text("agreed leader", x: left - 10, y: top + 14, size: 12, anchor: .end, weight: "600")
        let none = chart.hatchPattern(name: "no-leader", stripe: "#BBBBBB", spacing: 6, stripeWidth: 1.5)
        let split = chart.hatchPattern(name: "split-brain", stripe: "#000000", spacing: 4, stripeWidth: 2)
        for span in mergedSpans() {
            let fill: String
            let tooltip: String
            let range = "\(ReportNumber.plain(span.fromMs))-\(ReportNumber.plain(span.toMs)) ms"
            if span.isSplitBrain {
                fill = split
                tooltip = "split brain: nodes \(span.leaders.map(\.description).joined(separator: ", ")) all lead, \(range)"
            } else if let leader = span.agreedLeader {
                fill = color(of: leader)
                tooltip = "node \(leader) leads, \(range)"
            } else {
                fill = none
                tooltip = "no agreed leader, \(range)"
            }
            chart.rect(x: x(span.fromMs), y: top, width: x(span.toMs) - x(span.fromMs),
                       height: agreedLaneHeight, fill: fill, stroke: "#555555", strokeWidth: 0.4,
                       tooltip: tooltip)
        }
    }

    /// Neighbouring spans that look the same, joined, so the lane has few elements.
    private func mergedSpans() -> [LeadershipTimeline.Span] {
        var merged: [LeadershipTimeline.Span] = []
        for span in timeline.spans {
            if var last = merged.last, last.toMs == span.fromMs,
               last.agreedLeader == span.agreedLeader, last.isSplitBrain == span.isSplitBrain,
               !span.isSplitBrain || last.leaders == span.leaders {
                last.toMs = span.toMs
                merged[merged.count - 1] = last
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    private func drawSegment(_ segment: LeadershipTimeline.Segment, into chart: inout SVGChart,
                             middle: Double, x: (Double) -> Double) {
        let from = x(max(segment.fromMs, timeline.startMs))
        let to = x(min(segment.toMs, timeline.endMs))
        guard to > from else { return }
        let range = "\(ReportNumber.plain(segment.fromMs))-\(ReportNumber.plain(segment.toMs)) ms"
        switch segment.role {
        case .leader:
            chart.rect(x: from, y: middle - barHeight / 2, width: to - from, height: barHeight,
                       fill: color(of: segment.node), stroke: "#333333", strokeWidth: 0.6,
                       tooltip: "node \(segment.node) leads, \(range)")
        case .follower:
            let fill = segment.leader.map(color(of:)) ?? "#BBBBBB"
            let belief = segment.leader.map { "follows node \($0)" } ?? "knows no leader"
            chart.rect(x: from, y: middle - thinBarHeight / 2, width: to - from,
                       height: thinBarHeight, fill: fill,
                       tooltip: "node \(segment.node) \(belief), \(range)")
        case .candidate:
            let hatch = chart.hatchPattern(name: "candidate-\(segment.node)", stripe: color(of: segment.node),
                                           spacing: 5, stripeWidth: 1.6)
            chart.rect(x: from, y: middle - barHeight / 2, width: to - from, height: barHeight,
                       fill: hatch, stroke: color(of: segment.node), strokeWidth: 1.2,
                       tooltip: "node \(segment.node) is a candidate, \(range)")
        }
    }

    /// A frozen node still believes what it believed when it froze (that is a hung
    /// process's danger), so its bars stay, faded, with "paused" written over them.
    private func drawPauses(of node: NodeID, into chart: inout SVGChart, middle: Double,
                            x: (Double) -> Double) {
        let marks = timeline.marks.filter { $0.node == node }.sorted { $0.timeMs < $1.timeMs }
        for (index, pause) in marks.enumerated() where pause.kind == .pause {
            let resume = marks[(index + 1)...].first { $0.kind == .resume || $0.kind == .crash }
            let from = x(pause.timeMs)
            let to = x(resume?.timeMs ?? timeline.endMs)
            chart.rect(x: from, y: middle - laneHeight / 2 + 2, width: to - from, height: laneHeight - 4,
                       fill: "#ffffff", opacity: 0.55)
            if to - from > 60 {
                chart.text("paused", x: (from + to) / 2, y: middle + 4, size: 11, anchor: .middle,
                           weight: "600", fill: "#333333")
            }
        }
    }

    /// Network-wide marks are labelled above the lanes; a label that would overlap the one
    /// before it moves down a row. Returns each such mark's row.
    private func networkMarkLabelRows(x: (Double) -> Double) -> [LeadershipTimeline.Mark: Int] {
        var rows: [LeadershipTimeline.Mark: Int] = [:]
        var rowEnds: [Double] = []
        for mark in timeline.marks.filter({ $0.node == nil }).sorted(by: { $0.timeMs < $1.timeMs }) {
            let width = SVGChart.estimatedTextWidth(networkMarkLabel(mark), size: 11)
            let start = x(mark.timeMs) - width / 2
            let row = rowEnds.firstIndex { $0 + 8 < start } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(0) }
            rowEnds[row] = start + width
            rows[mark] = row
        }
        return rows
    }

    private func networkMarkLabel(_ mark: LeadershipTimeline.Mark) -> String {
        mark.kind.rawValue + (mark.note.map { ": \($0)" } ?? "")
    }

    private func drawMark(_ mark: LeadershipTimeline.Mark, into chart: inout SVGChart, x: Double,
                          labelTop: Double, agreedTop: Double, lanesTop: Double, lanesBottom: Double) {
        let detail = mark.note.map { ": \($0)" } ?? ""
        guard let node = mark.node, let index = timeline.nodes.firstIndex(of: node) else {
            // A network-wide event: a dashed line through every lane, named at the top.
            chart.line(x1: x, y1: agreedTop - 2, x2: x, y2: lanesBottom, stroke: "#000000",
                       width: 1.4, dash: "5 3")
            chart.text(networkMarkLabel(mark), x: x, y: labelTop + 11, size: 11,
                       anchor: .middle, weight: "600")
            return
        }
        let middle = lanesTop + Double(index) * laneHeight + laneHeight / 2
        let (shape, filled) = Self.markerStyle(mark.kind)
        let tooltip = "node \(node): \(mark.kind.rawValue) at \(ReportNumber.plain(mark.timeMs)) ms\(detail)"
        // A white halo keeps the marker visible on any bar colour.
        chart.marker(shape, x: x, y: middle, size: 14, color: "#ffffff", filled: true)
        chart.marker(shape, x: x, y: middle, size: 10, color: "#000000", filled: filled,
                     tooltip: tooltip)
    }

    static func markerStyle(_ kind: LeadershipTimeline.Mark.Kind) -> (SVGChart.MarkerShape, Bool) {
        switch kind {
        case .crash: (.cross, true)
        case .restart: (.triangle, true)
        case .pause: (.diamond, false)
        case .resume: (.diamond, true)
        case .partition: (.circle, false)
        case .heal: (.circle, true)
        }
    }

    // MARK: Legend

    private enum Swatch {
        case bar(height: Double, fill: String, stroke: String?)
        case hatch(name: String, stripe: String, spacing: Double)
        case dotted
        case marker(SVGChart.MarkerShape, filled: Bool)
        case dashedLine
    }

    private struct LegendItem {
        var swatch: Swatch
        var label: String
    }

    private var legendItems: [LegendItem] {
        var items = [
            LegendItem(swatch: .bar(height: barHeight, fill: "#888888", stroke: "#333333"),
                       label: "leader (the node's own colour)"),
            LegendItem(swatch: .bar(height: thinBarHeight, fill: "#888888", stroke: nil),
                       label: "follower (its leader's colour; grey: none)"),
            LegendItem(swatch: .hatch(name: "legend-candidate", stripe: "#555555", spacing: 5),
                       label: "candidate"),
            LegendItem(swatch: .dotted, label: "down"),
            LegendItem(swatch: .hatch(name: "no-leader", stripe: "#BBBBBB", spacing: 6),
                       label: "no agreed leader"),
            LegendItem(swatch: .hatch(name: "split-brain", stripe: "#000000", spacing: 4),
                       label: "split brain (2+ leaders)"),
        ]
        let kinds = Set(timeline.marks.map(\.kind))
        for kind in LeadershipTimeline.Mark.Kind.allCases where kinds.contains(kind) {
            let networkWide = timeline.marks.contains { $0.kind == kind && $0.node == nil }
            let perNode = timeline.marks.contains { $0.kind == kind && $0.node != nil }
            if perNode {
                let (shape, filled) = Self.markerStyle(kind)
                items.append(LegendItem(swatch: .marker(shape, filled: filled), label: Self.markLabel(kind)))
            }
            if networkWide {
                items.append(LegendItem(swatch: .dashedLine, label: "network \(kind.rawValue)"))
            }
        }
        return items
    }

    static func markLabel(_ kind: LeadershipTimeline.Mark.Kind) -> String {
        switch kind {
        case .crash: "crash"
        case .restart: "restart"
        case .pause: "paused"
        case .resume: "resumed"
        case .partition: "cut off"
        case .heal: "reconnected"
        }
    }

    private func itemWidth(_ item: LegendItem) -> Double {
        34 + SVGChart.estimatedTextWidth(item.label, size: 12) + 22
    }

    private func flowHeight(_ items: [LegendItem], maxWidth: Double) -> Double {
        var rows = 1
        var used = 0.0
        for item in items {
            let width = itemWidth(item)
            if used + width > maxWidth, used > 0 { rows += 1; used = 0 }
            used += width
        }
        return Double(rows) * 22
    }

    private func drawFlow(_ items: [LegendItem], into chart: inout SVGChart, x: Double, y: Double,
                          maxWidth: Double) {
        var cursor = x
        var row = y
        for item in items {
            let width = itemWidth(item)
            if cursor + width > x + maxWidth, cursor > x { cursor = x; row += 22 }
            let middle = row + 8
            switch item.swatch {
            case let .bar(height, fill, stroke):
                chart.rect(x: cursor, y: middle - height / 2, width: 26, height: height, fill: fill,
                           stroke: stroke, strokeWidth: 0.6)
            case let .hatch(name, stripe, spacing):
                let pattern = chart.hatchPattern(name: name, stripe: stripe, spacing: spacing,
                                                 stripeWidth: spacing < 5 ? 2 : 1.5)
                chart.rect(x: cursor, y: middle - barHeight / 2, width: 26, height: barHeight,
                           fill: pattern, stroke: "#555555", strokeWidth: 0.6)
            case .dotted:
                chart.line(x1: cursor, y1: middle, x2: cursor + 26, y2: middle, stroke: "#BBBBBB",
                           width: 1.2, dash: "1.5 3")
            case let .marker(shape, filled):
                chart.marker(shape, x: cursor + 13, y: middle, size: 10, color: "#000000", filled: filled)
            case .dashedLine:
                chart.line(x1: cursor + 13, y1: middle - 9, x2: cursor + 13, y2: middle + 9,
                           stroke: "#000000", width: 1.4, dash: "5 3")
            }
            chart.text(item.label, x: cursor + 34, y: middle + 4, size: 12)
            cursor += width
        }
    }
}
