/// Writes metrics in the Prometheus text exposition format, version 0.0.4: the format
/// every Prometheus server, Grafana agent and `curl` user can read.
///
/// What the format asks for, and what this type guarantees:
/// - Each metric family is declared once, by a `# HELP name text` line and a
///   `# TYPE name counter|gauge` line, before its samples.
/// - A sample is `name{label="value",...} number`, one per line, and the text ends with a
///   newline. Names match `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names `[a-zA-Z_][a-zA-Z0-9_]*`.
/// - In label values, a backslash, a double quote and a newline are escaped as `\\`, `\"`
///   and `\n`; in help text, a backslash and a newline are.
/// - Numbers are decimal; infinities and not-a-number are `+Inf`, `-Inf` and `NaN`.
///
///     var metrics = MetricsExposition()
///     metrics.family("election_term", .gauge, help: "The term this node is in.")
///     metrics.sample("election_term", 7)
///     metrics.text   // "# HELP election_term The term ...\n# TYPE election_term gauge\nelection_term 7\n"
public struct MetricsExposition: Sendable {
    /// The `Content-Type` a scraper expects for this format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The kinds of metric this toolkit exports. A counter only goes up (and restarts at 0
    /// with the process); its name ends in `_total`. A gauge goes up and down.
    public enum MetricType: String, Sendable {
        case counter
        case gauge
    }

    /// The exposition so far.
    public private(set) var text = ""
    /// Families declared so far, so a sample of an undeclared one is caught in testing.
    private var declared: Set<String> = []

    public init() {}

    /// Declares a family: its `# HELP` and `# TYPE` lines. Declare each family once, before
    /// its samples; a family may have no samples at all (a counter nothing has counted yet).
    public mutating func family(_ name: String, _ type: MetricType, help: String) {
        precondition(Self.isMetricName(name), "'\(name)' is not a valid metric name")
        precondition(declared.insert(name).inserted, "metric family \(name) is declared twice")
        assert(type != .counter || name.hasSuffix("_total"), "a counter's name ends in _total: \(name)")
        text += "# HELP \(name) \(Self.escapedHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample with an exact integer value (counters, ids, terms).
    public mutating func sample(_ name: String, labels: [(String, String)] = [], _ value: UInt64) {
        appendSample(name, labels: labels, valueText: String(value))
    }

    /// One sample with a real value (seconds).
    public mutating func sample(_ name: String, labels: [(String, String)] = [], _ value: Double) {
        appendSample(name, labels: labels, valueText: Self.numberText(value))
    }

    private mutating func appendSample(_ name: String, labels: [(String, String)], valueText: String) {
        precondition(declared.contains(name), "sample of \(name) before its # TYPE line")
        text += name
        if !labels.isEmpty {
            let pairs = labels.map { label, value in
                precondition(Self.isLabelName(label), "'\(label)' is not a valid label name")
                return "\(label)=\"\(Self.escapedLabelValue(value))\""
            }
            text += "{" + pairs.joined(separator: ",") + "}"
        }
        text += " " + valueText + "\n"
    }

    // MARK: - The format's rules

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    public static func isMetricName(_ name: String) -> Bool {
        isName(name, allowingColon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`; names starting with `__` are reserved for Prometheus.
    public static func isLabelName(_ name: String) -> Bool {
        isName(name, allowingColon: false) && !name.hasPrefix("__")
    }

    private static func isName(_ name: String, allowingColon: Bool) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy { byte in
            isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || (allowingColon && byte == UInt8(ascii: ":"))
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func escapedHelp(_ help: String) -> String {
        help.replacingAll([("\\", "\\\\"), ("\n", "\\n")])
    }

    static func escapedLabelValue(_ value: String) -> String {
        value.replacingAll([("\\", "\\\\"), ("\"", "\\\""), ("\n", "\\n")])
    }

    /// Go's float syntax, which Prometheus parses: `0.25`, `1e-05`, `+Inf`, `NaN`.
    static func numberText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }
}

extension String {
    /// Replaces each listed character with its replacement, in one pass. It walks Unicode
    /// scalars, not characters, so the newline inside a "\r\n" pair is found too.
    fileprivate func replacingAll(_ replacements: [(Unicode.Scalar, String)]) -> String {
        guard unicodeScalars.contains(where: { scalar in replacements.contains { $0.0 == scalar } }) else {
            return self
        }
        var result = ""
        for scalar in unicodeScalars {
            if let replacement = replacements.first(where: { $0.0 == scalar }) {
                result += replacement.1
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
