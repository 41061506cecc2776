/// Seven numbers that describe a set of per-trial samples, all in the samples' unit
/// (milliseconds for times, a count for counters). Built by `Statistics.summarize`, which
/// documents the nearest-rank percentiles.
///
/// JSON: `{"n":10,"min":..,"p50":..,"p90":..,"p99":..,"max":..,"mean":..}`.
struct SummaryStats: Codable, Hashable, Sendable {
    /// How many samples were summarized (at least 1).
    var n: Int
    var min: Double
    /// The median (nearest rank).
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double
    var mean: Double

    init(n: Int, min: Double, p50: Double, p90: Double, p99: Double, max: Double,
                mean: Double) {
        self.n = n
        self.min = min
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
        self.mean = mean
    }
}
