import Foundation

/// Number formatting shared by tables, charts and CSV, so the same value reads the same
/// everywhere. Formatting never depends on the user's locale.
enum ReportNumber {
    /// A compact plain number: `150`, `7.8`, `0.25` (at most `decimals` decimals, trailing
    /// zeros dropped). Used for settings and CSV cells.
    static func plain(_ value: Double, decimals: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.\(decimals)f", value)
        // Trailing zeros are only trimmed after a decimal point: 170.4 at 0 decimals is 170.
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A time for tables: `3.4 ms` below 10 ms, `287 ms` up to 10 s, `12.3 s` beyond.
    static func milliseconds(_ value: Double) -> String {
        if abs(value) >= 10_000 { return String(format: "%.1f s", value / 1000) }
        if abs(value) >= 10 { return grouped(value.rounded()) + " ms" }
        return String(format: "%.1f ms", value)
    }

    /// A time in milliseconds without its unit, for columns whose header names it: `0`,
    /// `3.4`, `287`, `12,345` (never switches to seconds, so a column compares at a glance).
    static func bareMilliseconds(_ value: Double) -> String {
        if value == 0 { return "0" }
        return abs(value) >= 10 ? grouped(value.rounded()) : String(format: "%.1f", value)
    }

    /// A count or mean count: `3`, `2.4`, `1,250`.
    static func count(_ value: Double) -> String {
        if value == value.rounded() { return grouped(value) }
        return abs(value) >= 100 ? grouped(value.rounded()) : String(format: "%.1f", value)
    }

    /// A whole number with thousands separators: `10,000`.
    static func grouped(_ value: Double) -> String {
        let whole = Int64(value.rounded())
        let digits = String(whole.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (whole < 0 ? "-" : "") + result
    }

    /// `value` in the unit of a metric (`ms`, `count`, `bytes`).
    static func metric(_ value: Double, unit: String) -> String {
        switch unit {
        case "ms": milliseconds(value)
        case "bytes": count(value) + " B"
        default: count(value)
        }
    }
}
