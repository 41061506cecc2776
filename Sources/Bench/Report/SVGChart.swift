/// A small SVG writer: the drawing primitives every chart shares (shapes, text, axes with
/// ticks, legends), producing one self-contained `<svg>` element.
///
/// Text is escaped on the way in, so callers pass plain strings. Every id defined inside
/// a chart starts with `idPrefix`, so several charts can sit inline in one HTML page.
struct SVGChart: Sendable {
    let width: Double
    let height: Double
    let title: String
    let idPrefix: String
    private var definitions: [String] = []
    private var elements: [String] = []

    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"

    init(width: Double, height: Double, title: String, idPrefix: String) {
        self.width = width
        self.height = height
        self.title = title
        self.idPrefix = idPrefix
    }

    // MARK: Output

    /// The `<svg>` element. `standalone` adds the XML declaration for a `.svg` file.
    func render(standalone: Bool = false) -> String {
        var lines: [String] = []
        if standalone { lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") }
        lines.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
                + "width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" "
                + "aria-labelledby=\"\(idPrefix)-title\" font-family=\"\(Self.fontFamily)\" "
                + "font-size=\"12\">")
        lines.append("<title id=\"\(idPrefix)-title\">\(Self.escape(title))</title>")
        if !definitions.isEmpty { lines.append("<defs>" + definitions.joined() + "</defs>") }
        lines.append("<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>")
        lines.append(contentsOf: elements)
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    /// Escapes text for SVG/XML content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    // MARK: Primitives

    /// Adds raw markup. Callers MUST have escaped any text inside it.
    mutating func add(_ markup: String) { elements.append(markup) }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil, opacity: Double? = nil) {
        add("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(n(width))\"\(dashAttribute(dash))\(opacity.map { " stroke-opacity=\"\(n($0))\"" } ?? "")/>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, strokeWidth: Double = 1, opacity: Double? = nil,
                              tooltip: String? = nil) {
        let strokeText = stroke.map { " stroke=\"\($0)\" stroke-width=\"\(n(strokeWidth))\"" } ?? ""
        let opacityText = opacity.map { " fill-opacity=\"\(n($0))\"" } ?? ""
        let open = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" "
            + "height=\"\(n(max(height, 0)))\" fill=\"\(fill)\"\(strokeText)\(opacityText)"
        if let tooltip {
            add(open + "><title>\(Self.escape(tooltip))</title></rect>")
        } else {
            add(open + "/>")
        }
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String,
                                  width: Double = 2, dash: String? = nil) {
        guard points.count >= 2 else { return }
        let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        add("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" "
            + "stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"\(dashAttribute(dash))/>")
    }

    enum TextAnchor: String, Sendable { case start, middle, end }

    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12,
                              anchor: TextAnchor = .start, weight: String? = nil,
                              fill: String = Palette.text, rotation: Double? = nil) {
        let weightText = weight.map { " font-weight=\"\($0)\"" } ?? ""
        let rotationText = rotation.map { " transform=\"rotate(\(n($0)) \(n(x)) \(n(y)))\"" } ?? ""
        add("<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" "
            + "fill=\"\(fill)\"\(weightText)\(rotationText)>\(Self.escape(content))</text>")
    }

    /// A point marker: `circle` (filled or hollow), `square`, `triangle`, `diamond`, `cross`.
    enum MarkerShape: String, Sendable, CaseIterable {
        case circle, square, triangle, diamond, cross
    }

    mutating func marker(_ shape: MarkerShape, x: Double, y: Double, size: Double = 8,
                                color: String, filled: Bool = true, tooltip: String? = nil) {
        let half = size / 2
        let fill = filled ? color : "#ffffff"
        let style = "fill=\"\(fill)\" stroke=\"\(color)\" stroke-width=\"1.6\""
        let tag: String
        let attributes: String
        switch shape {
        case .circle:
            tag = "circle"
            attributes = "cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(half))\" \(style)"
        case .square:
            tag = "rect"
            attributes = "x=\"\(n(x - half))\" y=\"\(n(y - half))\" width=\"\(n(size))\" height=\"\(n(size))\" \(style)"
        case .triangle:
            tag = "polygon"
            attributes = "points=\"\(n(x)),\(n(y - half)) \(n(x + half)),\(n(y + half)) \(n(x - half)),\(n(y + half))\" \(style)"
        case .diamond:
            tag = "polygon"
            attributes = "points=\"\(n(x)),\(n(y - half)) \(n(x + half)),\(n(y)) \(n(x)),\(n(y + half)) \(n(x - half)),\(n(y))\" \(style)"
        case .cross:
            tag = "path"
            attributes = "d=\"M\(n(x - half)),\(n(y - half)) L\(n(x + half)),\(n(y + half)) M\(n(x - half)),\(n(y + half)) L\(n(x + half)),\(n(y - half))\" "
                + "stroke=\"\(color)\" stroke-width=\"2.2\" fill=\"none\""
        }
        if let tooltip {
            add("<\(tag) \(attributes)><title>\(Self.escape(tooltip))</title></\(tag)>")
        } else {
            add("<\(tag) \(attributes)/>")
        }
    }

    /// Defines a diagonal hatch fill and returns its `url(#...)` reference.
    mutating func hatchPattern(name: String, stripe: String, background: String = "#ffffff",
                                      spacing: Double = 6, stripeWidth: Double = 2) -> String {
        let id = "\(idPrefix)-\(name)"
        if !definitions.contains(where: { $0.contains("id=\"\(id)\"") }) {
            definitions.append(
                "<pattern id=\"\(id)\" patternUnits=\"userSpaceOnUse\" width=\"\(n(spacing))\" "
                    + "height=\"\(n(spacing))\" patternTransform=\"rotate(45)\">"
                    + "<rect width=\"\(n(spacing))\" height=\"\(n(spacing))\" fill=\"\(background)\"/>"
                    + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"\(n(spacing))\" stroke=\"\(stripe)\" "
                    + "stroke-width=\"\(n(stripeWidth))\"/></pattern>")
        }
        return "url(#\(id))"
    }

    // MARK: Composite pieces

    /// The chart's title (bold, top left) and an optional subtitle under it.
    mutating func heading(_ subtitle: String? = nil, x: Double = 16) {
        text(title, x: x, y: 24, size: 16, weight: "600")
        if let subtitle { text(subtitle, x: x, y: 43, size: 12, fill: Palette.muted) }
    }

    /// Grid lines, axis lines, ticks with labels, and axis titles for a plot area.
    mutating func axes(_ plot: PlotArea, xTitle: String, yTitle: String) {
        // 1. Grid first, so data draws over it.
        // Minor lines (log axes) are fainter, so the decades stand out.
        for tick in plot.x.ticks {
            let x = plot.x.position(of: tick.value)
            line(x1: x, y1: plot.top, x2: x, y2: plot.bottom,
                 stroke: tick.isMajor ? Palette.grid : Palette.minorGrid, width: 1)
        }
        for tick in plot.y.ticks {
            let y = plot.y.position(of: tick.value)
            line(x1: plot.left, y1: y, x2: plot.right, y2: y,
                 stroke: tick.isMajor ? Palette.grid : Palette.minorGrid, width: 1)
        }
        // 2. Axis lines along the bottom and the left.
        line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: Palette.axis)
        // 3. Ticks and their labels.
        for tick in plot.x.ticks {
            let x = plot.x.position(of: tick.value)
            line(x1: x, y1: plot.bottom, x2: x, y2: plot.bottom + (tick.isMajor ? 5 : 3), stroke: Palette.axis)
            if !tick.label.isEmpty {
                text(tick.label, x: x, y: plot.bottom + 18, size: 11, anchor: .middle, fill: Palette.axis)
            }
        }
        for tick in plot.y.ticks {
            let y = plot.y.position(of: tick.value)
            line(x1: plot.left - (tick.isMajor ? 5 : 3), y1: y, x2: plot.left, y2: y, stroke: Palette.axis)
            if !tick.label.isEmpty {
                text(tick.label, x: plot.left - 8, y: y + 4, size: 11, anchor: .end, fill: Palette.axis)
            }
        }
        // 4. Axis titles: centred under the x axis, rotated beside the y axis.
        text(xTitle, x: (plot.left + plot.right) / 2, y: plot.bottom + 40, size: 12.5,
             anchor: .middle, weight: "600")
        text(yTitle, x: plot.left - 52, y: (plot.top + plot.bottom) / 2, size: 12.5,
             anchor: .middle, weight: "600", rotation: -90)
    }

    /// One legend entry: a line sample (colour, dash), an optional marker, and its label.
    struct LegendEntry: Sendable {
        var label: String
        var color: String
        var dash: String?
        var marker: MarkerShape?
        var markerFilled: Bool
        var showsLine: Bool

        init(label: String, color: String, dash: String? = nil, marker: MarkerShape? = nil,
                    markerFilled: Bool = true, showsLine: Bool = true) {
            self.label = label
            self.color = color
            self.dash = dash
            self.marker = marker
            self.markerFilled = markerFilled
            self.showsLine = showsLine
        }
    }

    /// Lays legend entries out in columns from (`x`, `y`), left to right then down, within
    /// `maxWidth`. Returns the height used.
    @discardableResult
    mutating func legend(_ entries: [LegendEntry], x: Double, y: Double, maxWidth: Double)
        -> Double
    {
        guard !entries.isEmpty else { return 0 }
        let sampleWidth = 30.0
        let rowHeight = 20.0
        let widest = entries.map { Self.estimatedTextWidth($0.label, size: 12) }.max() ?? 0
        let columnWidth = sampleWidth + 8 + widest + 24
        let columns = max(1, min(entries.count, Int(maxWidth / columnWidth)))
        for (index, entry) in entries.enumerated() {
            let left = x + Double(index % columns) * columnWidth
            let middle = y + Double(index / columns) * rowHeight + 6
            if entry.showsLine {
                line(x1: left, y1: middle, x2: left + sampleWidth, y2: middle, stroke: entry.color,
                     width: 2.5, dash: entry.dash)
            }
            if let shape = entry.marker {
                marker(shape, x: left + sampleWidth / 2, y: middle, size: 8, color: entry.color,
                       filled: entry.markerFilled)
            }
            text(entry.label, x: left + sampleWidth + 8, y: middle + 4, size: 12)
        }
        let rows = (entries.count + columns - 1) / columns
        return Double(rows) * rowHeight
    }

    /// The height `legend` will need for `entries` within `maxWidth`.
    static func legendHeight(_ entries: [LegendEntry], maxWidth: Double) -> Double {
        guard !entries.isEmpty else { return 0 }
        let widest = entries.map { estimatedTextWidth($0.label, size: 12) }.max() ?? 0
        let columns = max(1, min(entries.count, Int(maxWidth / (30 + 8 + widest + 24))))
        return Double((entries.count + columns - 1) / columns) * 20
    }

    /// A rough text width for layout (SVG cannot measure text without a browser):
    /// about 0.56 em per character for a sans-serif font.
    static func estimatedTextWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.56
    }

    // MARK: Helpers

    private func dashAttribute(_ dash: String?) -> String {
        dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }

    /// Coordinates with at most two decimals, to keep files small.
    func n(_ value: Double) -> String { ReportNumber.plain(value, decimals: 2) }
}

/// The rectangle a chart plots into, with its two axes.
struct PlotArea: Sendable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var x: AxisScale
    var y: AxisScale

    init(left: Double, top: Double, right: Double, bottom: Double, x: AxisScale, y: AxisScale) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.x = x
        self.y = y
    }

    func point(_ xValue: Double, _ yValue: Double) -> (x: Double, y: Double) {
        (x.position(of: xValue), y.position(of: yValue))
    }
}
