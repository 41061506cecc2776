import ElectionLive

/// A strict reader of the Prometheus text exposition format, version 0.0.4, written for
/// the tests from the format's description and sharing no code with `MetricsExposition`,
/// so a mistake in the writer cannot hide behind the same mistake in a shared helper.
///
/// It refuses, with the line number and a reason: a sample whose metric has no `# TYPE`
/// line before it; a second `# HELP` or `# TYPE` for one family, or one after its samples;
/// a family whose samples are not all together; names or label names outside their
/// character sets; label values with a bad escape or no closing quote; a repeated label or
/// series; a value that is not a number; a counter that is negative or not named `_total`;
/// text that does not end with a newline.
struct PrometheusText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    /// Why one line is refused.
    struct Bad: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private(set) var types: [String: String] = [:]
    private(set) var help: [String: String] = [:]
    private(set) var samples: [Sample] = []

    private var familiesWithSamples: Set<String> = []
    private var currentFamily: String?

    init(parsing text: String) throws {
        guard text.hasSuffix("\n") else { throw Failure(line: 0, reason: "the text does not end with a newline") }
        // Split on the newline scalar: as a Character, "\r\n" is one and would not split.
        let lines = text.unicodeScalars.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            do {
                try read(String(String.UnicodeScalarView(line)))
            } catch {
                throw Failure(line: index + 1, reason: "\(error.reason): '\(line)'")
            }
        }
    }

    /// The value of the one sample with this name and exactly these labels.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The sum over every sample with this name, whatever its labels (0 when none).
    func sum(_ name: String) -> Double {
        samples.filter { $0.name == name }.reduce(0) { $0 + $1.value }
    }

    // MARK: - Lines

    private mutating func read(_ line: String) throws(Bad) {
        if line.isEmpty { return }  // the format allows empty lines
        if line.hasPrefix("#") { return try readComment(line) }
        try readSample(line)
    }

    private mutating func readComment(_ line: String) throws(Bad) {
        let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard words.count >= 3, words[0] == "#", words[1] == "HELP" || words[1] == "TYPE" else {
            return  // any other comment is allowed and means nothing
        }
        let name = words[2]
        guard Self.isMetricName(name) else { throw Bad("'\(name)' is not a valid metric name") }
        guard !familiesWithSamples.contains(name) else { throw Bad("\(words[1]) for \(name) after its samples") }
        let rest = words.count > 3 ? words[3] : ""
        if words[1] == "HELP" {
            guard help[name] == nil else { throw Bad("a second HELP for \(name)") }
            help[name] = try Self.unescape(rest, allowingQuote: false)
        } else {
            guard types[name] == nil else { throw Bad("a second TYPE for \(name)") }
            guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(rest) else {
                throw Bad("'\(rest)' is not a metric type")
            }
            if rest == "counter", !name.hasSuffix("_total") { throw Bad("counter \(name) is not named ..._total") }
            types[name] = rest
        }
    }

    private mutating func readSample(_ line: String) throws(Bad) {
        var rest = Substring(line)
        let name = String(rest.prefix { $0 != "{" && $0 != " " })
        rest = rest.dropFirst(name.count)
        guard Self.isMetricName(name) else { throw Bad("'\(name)' is not a valid metric name") }
        guard let type = types[name] else { throw Bad("sample of \(name), which has no TYPE line before it") }
        if currentFamily != name {
            guard !familiesWithSamples.contains(name) else { throw Bad("the samples of \(name) are not all together") }
            familiesWithSamples.insert(name)
            currentFamily = name
        }
        let labels = rest.first == "{" ? try Self.readLabels(&rest) : [:]
        guard rest.first == " " else { throw Bad("no space before the value") }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 1 || fields.count == 2 else { throw Bad("expected a value and at most a timestamp") }
        guard let value = Self.number(String(fields[0])) else { throw Bad("'\(fields[0])' is not a number") }
        if fields.count == 2, Int64(fields[1]) == nil { throw Bad("'\(fields[1])' is not a timestamp in milliseconds") }
        if type == "counter", !(value >= 0) { throw Bad("counter \(name) has the value \(value)") }
        let sample = Sample(name: name, labels: labels, value: value)
        guard !samples.contains(where: { $0.name == name && $0.labels == labels }) else {
            throw Bad("the series \(name)\(labels) appears twice")
        }
        samples.append(sample)
    }

    /// `{name="value",name="value"}`, a trailing comma allowed; moves `rest` past the `}`.
    private static func readLabels(_ rest: inout Substring) throws(Bad) -> [String: String] {
        rest = rest.dropFirst()  // "{"
        var labels: [String: String] = [:]
        while rest.first != "}" {
            let name = String(rest.prefix { $0 != "=" })
            guard isLabelName(name) else { throw Bad("'\(name)' is not a valid label name") }
            rest = rest.dropFirst(name.count)
            guard rest.hasPrefix("=\"") else { throw Bad("label \(name) has no =\"") }
            rest = rest.dropFirst(2)
            var raw = ""
            var escaped = false
            while true {
                guard let character = rest.popFirst() else { throw Bad("the value of label \(name) never ends") }
                if escaped {
                    raw += "\\" + String(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    break
                } else {
                    raw.append(character)
                }
            }
            guard labels[name] == nil else { throw Bad("label \(name) appears twice") }
            labels[name] = try unescape(raw, allowingQuote: true)
            if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { throw Bad("expected , or }") }
        }
        rest = rest.dropFirst()  // "}"
        return labels
    }

    // MARK: - Tokens

    /// Undoes `\\`, `\n` (and `\"` in label values); any other backslash is an error.
    private static func unescape(_ text: String, allowingQuote: Bool) throws(Bad) -> String {
        var result = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "\\" else {
                if character == "\n" { throw Bad("a raw newline") }
                result.append(character)
                continue
            }
            switch characters.next() {
            case "\\": result.append("\\")
            case "n": result.append("\n")
            case "\"" where allowingQuote: result.append("\"")
            case let other: throw Bad("a bad escape \\\(other.map(String.init) ?? "")")
            }
        }
        return result
    }

    /// A decimal or exponent number, or `+Inf`, `-Inf`, `NaN`.
    private static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default:
            let allowed = Set("0123456789+-.eE")
            guard !text.isEmpty, text.allSatisfy(allowed.contains) else { return nil }
            return Double(text)
        }
    }

    private static func isMetricName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil
    }

    private static func isLabelName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil && !name.hasPrefix("__")
    }
}
