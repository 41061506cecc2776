/// One point of a cumulative distribution: `percent` % of the trials took at most `ms`.
///
/// JSON: `{"ms":287.1,"percent":50}`.
public struct CDFPoint: Codable, Hashable, Sendable {
    public var ms: Double
    /// Cumulative percentage of all trials, 0...100.
    public var percent: Double

    public init(ms: Double, percent: Double) {
        self.ms = ms
        self.percent = percent
    }
}
