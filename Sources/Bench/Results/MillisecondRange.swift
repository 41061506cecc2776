/// A closed range of milliseconds such as Raft's election timeout `150-300`.
///
/// JSON: a two-number array `[150,300]`, the shape of `range_ms` in `figure16.json`.
/// A fixed value is a range whose ends are equal (`[150,150]`).
struct MillisecondRange: Codable, Hashable, Sendable, CustomStringConvertible {
    var min: Double
    var max: Double

    init(_ min: Double, _ max: Double) {
        precondition(min <= max, "a range's lower end must not exceed its upper end")
        self.min = min
        self.max = max
    }

    /// A fixed value, no randomness.
    init(exactly value: Double) { self.init(value, value) }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let low = try container.decode(Double.self)
        let high = try container.decode(Double.self)
        guard low <= high, container.isAtEnd else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a millisecond range is [min, max] with min <= max"))
        }
        self.init(low, high)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(min)
        try container.encode(max)
    }

    /// `150-300`, as in the paper and on the command line (`--election-timeout-ms 150-300`).
    var description: String {
        "\(ReportNumber.plain(min))-\(ReportNumber.plain(max))"
    }
}
