/// One line of the Raft paper's Figure 16: election times for one election-timeout range.
///
/// JSON, exactly the shape of a `figure16.json` row plus its CDF:
/// ```
/// {"range_ms":[150,155],"trials":1000,"median_ms":287.0,"mean_ms":301.2,"p99_ms":455.0,
///  "max_ms":513.0,"cdf":[{"ms":160.2,"percent":0.1}, ...]}
/// ```
/// `trials` counts every trial run. A trial that had no leader when its time cap ran out is
/// *unfinished*; the optional key `"unfinished"` appears only when there were such trials.
/// Unfinished trials rank after every finished one, so the percentiles stay honest: with
/// 1,000 trials the median is the 500th fastest whether or not the slowest finished. A
/// statistic that lands on an unfinished trial is `null`, meaning "longer than the cap"; so
/// is the maximum, and the mean, when any trial is unfinished. The CDF counts all trials,
/// so it stops below 100 %.
struct Figure16Row: Codable, Hashable, Sendable {
    var rangeMs: MillisecondRange
    var trials: Int
    var medianMs: Double?
    var meanMs: Double?
    var p99Ms: Double?
    var maxMs: Double?
    var cdf: [CDFPoint]
    /// Trials that elected no leader before the cap (0 when all finished).
    var unfinished: Int

    /// The row for `range`, from the election time of every finished trial, plus the
    /// number of trials that did not finish. Percentiles are nearest-rank (`Statistics`)
    /// over all trials, unfinished ones ranked last.
    init(range: MillisecondRange, electionTimesMs: [Double], unfinished: Int = 0) {
        let finished = electionTimesMs.sorted()
        let total = finished.count + unfinished
        func percentile(_ percent: Double) -> Double? {
            guard total > 0 else { return nil }
            let rank = Statistics.nearestRank(percent, count: total)
            return rank <= finished.count ? finished[rank - 1] : nil
        }
        rangeMs = range
        trials = total
        medianMs = percentile(50)
        p99Ms = percentile(99)
        maxMs = unfinished == 0 ? finished.last : nil
        meanMs = unfinished == 0 ? Statistics.mean(of: finished) : nil
        cdf = Statistics.cdf(of: finished, outOf: total)
        self.unfinished = unfinished
    }

    enum CodingKeys: String, CodingKey {
        case rangeMs = "range_ms"
        case trials
        case medianMs = "median_ms"
        case meanMs = "mean_ms"
        case p99Ms = "p99_ms"
        case maxMs = "max_ms"
        case cdf, unfinished
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rangeMs = try container.decode(MillisecondRange.self, forKey: .rangeMs)
        trials = try container.decode(Int.self, forKey: .trials)
        medianMs = try container.decodeIfPresent(Double.self, forKey: .medianMs)
        meanMs = try container.decodeIfPresent(Double.self, forKey: .meanMs)
        p99Ms = try container.decodeIfPresent(Double.self, forKey: .p99Ms)
        maxMs = try container.decodeIfPresent(Double.self, forKey: .maxMs)
        cdf = try container.decodeIfPresent([CDFPoint].self, forKey: .cdf) ?? []
        unfinished = try container.decodeIfPresent(Int.self, forKey: .unfinished) ?? 0
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rangeMs, forKey: .rangeMs)
        try container.encode(trials, forKey: .trials)
        // Always present, null when no trial finished, so every row has the same keys.
        try container.encode(medianMs, forKey: .medianMs)
        try container.encode(meanMs, forKey: .meanMs)
        try container.encode(p99Ms, forKey: .p99Ms)
        try container.encode(maxMs, forKey: .maxMs)
        try container.encode(cdf, forKey: .cdf)
        if unfinished > 0 { try container.encode(unfinished, forKey: .unfinished) }
    }
}
