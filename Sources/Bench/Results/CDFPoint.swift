/// One point of a cumulative distribution: `percent` % of the trials took at most `ms`.
///
/// JSON: `{"ms":287.1,"percent":50}`.
struct CDFPoint: Codable, Hashable, Sendable {
    var ms: Double
    /// Cumulative percentage of all trials, 0...100.
    var percent: Double

    init(ms: Double, percent: Double) {
        self.ms = ms
        self.percent = percent
    }
}
