/// A plain-text table laid out to fit a terminal: a left-aligned label column, then
/// columns of cells, numbers right-aligned under their headers.
///
/// When the table is wider than the terminal, it gives way in this order:
/// 1. columns with a `dropOrder` are left out, lowest first (the caller lists them in
///    `omitted` and says where the full numbers are);
/// 2. a left-aligned last column (free text) is wrapped onto continuation lines under it;
/// 3. the remaining columns are split into several tables, each repeating the labels.
/// Any number of rows fits: only the columns decide the width.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        var header: String
        var alignment: Alignment = .right
        /// `nil`: always shown. Otherwise columns are left out lowest first until the table fits.
        var dropOrder: Int?
    }

    /// The label column's header (often empty) and the other columns.
    var labelHeader: String
    var columns: [Column]
    /// Each row: its label and one cell per column.
    var rows: [(label: String, cells: [String])]

    private static let gap = "  "

    /// The table's lines, each at most `width` columns (unless one label alone is wider),
    /// and the headers of the columns left out to make it fit.
    func lines(width: Int, indent: String = "  ") -> (lines: [String], omitted: [String]) {
        var shown = Array(columns.indices)
        let labelWidth = ([labelHeader] + rows.map(\.label)).map(\.count).max() ?? 0
        func cellWidth(_ column: Int) -> Int {
            ([columns[column].header] + rows.map { $0.cells[column] }).map(\.count).max() ?? 0
        }
        func total(_ visible: [Int]) -> Int {
            indent.count + labelWidth + visible.map { Self.gap.count + cellWidth($0) }.reduce(0, +)
        }
        var omitted: [String] = []
        let droppable = columns.indices.filter { columns[$0].dropOrder != nil }
            .sorted { columns[$0].dropOrder! < columns[$1].dropOrder! }
        for column in droppable where total(shown) > width {
            shown.removeAll { $0 == column }
            omitted.append(columns[column].header)
        }

        // A free-text last column wraps under itself when there is reasonable room for it.
        if total(shown) > width, let last = shown.last, columns[last].alignment == .left {
            let room = width - total(Array(shown.dropLast())) - Self.gap.count
            if room >= 20 {
                return (render(shown, labelWidth: labelWidth, indent: indent, wrapLastAt: room), omitted)
            }
        }

        // Still too wide: as many columns per table as fit, the labels repeated in each.
        var chunks: [[Int]] = [[]]
        for column in shown {
            if !chunks[chunks.count - 1].isEmpty, total(chunks[chunks.count - 1] + [column]) > width {
                chunks.append([])
            }
            chunks[chunks.count - 1].append(column)
        }
        let blocks = chunks.map { render($0, labelWidth: labelWidth, indent: indent, wrapLastAt: nil) }
        return (Array(blocks.joined(separator: [""])), omitted)
    }

    private func render(_ visible: [Int], labelWidth: Int, indent: String, wrapLastAt room: Int?) -> [String] {
        var widths: [Int: Int] = [:]
        for column in visible {
            widths[column] = ([columns[column].header] + rows.map { $0.cells[column] }).map(\.count).max() ?? 0
        }
        if let room, let last = visible.last { widths[last] = room }
        func line(_ label: String, _ cells: (Int) -> String) -> String {
            var text = indent + label.padded(to: labelWidth, .left)
            for column in visible {
                text += Self.gap + cells(column).padded(to: widths[column]!, columns[column].alignment)
            }
            return text.trimmingTrailingSpaces()
        }
        var lines = [line(labelHeader) { columns[$0].header }]
        for row in rows {
            guard let room, let last = visible.last else {
                lines.append(line(row.label) { row.cells[$0] })
                continue
            }
            let pieces = TextWrap.lines(row.cells[last], width: room, indent: "  ")
            lines.append(line(row.label) { $0 == last ? pieces[0] : row.cells[$0] })
            lines += pieces.dropFirst().map { piece in line("") { $0 == last ? piece : "" } }
        }
        return lines
    }
}

extension String {
    /// Pads with spaces to `length` characters on the side `alignment` leaves open.
    fileprivate func padded(to length: Int, _ alignment: TextTable.Alignment) -> String {
        guard count < length else { return self }
        let padding = String(repeating: " ", count: length - count)
        return alignment == .left ? self + padding : padding + self
    }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
