/// Breaks prose into lines that fit a terminal, at spaces, so that nothing the bench
/// prints is wider than its console (`ConsoleComparison.width`).
///
///     TextWrap.lines("note: a long sentence ...", width: 100, indent: "      ")
///
/// Continuation lines start with `indent`; the first keeps the text's own leading spaces.
/// A single word longer than a line (a long path, say) is cut: left alone it would
/// overflow, and the terminal would wrap it anyway, unaligned.
enum TextWrap {
    static func lines(_ text: String, width: Int, indent: String = "    ") -> [String] {
        precondition(width > indent.count + 8, "a width of \(width) leaves no room after the indent")
        var leading = String(text.prefix { $0 == " " })
        if leading.count > width - 8 { leading = "" }
        var lines: [String] = []
        var current = leading
        var currentHasWord = false
        for word in text.split(separator: " ") {
            if currentHasWord {
                if current.count + 1 + word.count <= width {
                    current += " " + word
                    continue
                }
                lines.append(current)
                current = indent
                currentHasWord = false
            }
            var piece = Substring(word)
            while current.count + piece.count > width {
                let room = width - current.count
                lines.append(current + piece.prefix(room))
                piece = piece.dropFirst(room)
                current = indent
            }
            current += piece
            currentHasWord = true
        }
        if currentHasWord || lines.isEmpty { lines.append(currentHasWord ? current : "") }
        return lines
    }

    /// `text` cut to `width` columns, ending in "…" when it was longer: for a progress line,
    /// which must stay on one terminal row to be overwritten in place.
    static func truncated(_ text: String, width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
