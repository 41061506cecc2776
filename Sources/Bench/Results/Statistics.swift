/// The one place where the bench turns samples into numbers, so every table, chart and
/// file agrees on what "p99" means.
///
/// Percentiles use the **nearest-rank** method: the p-th percentile of `n` sorted samples
/// is the sample at rank `ceil(p / 100 × n)` (ranks start at 1), and the 0th percentile is
/// the smallest sample. Every reported percentile is therefore a value that was actually
/// measured, never an interpolation between two trials. With 10 samples, p90 is the 9th
/// smallest and p99 the largest; with 1,000 samples, p99 is the 990th.
enum Statistics {
    /// The nearest-rank percentile of `samples` (in any order), or `nil` when empty.
    /// `percent` is clamped to 0...100.
    static func percentile(_ percent: Double, of samples: [Double]) -> Double? {
        percentile(percent, ofSorted: samples.sorted())
    }

    /// The nearest-rank percentile of samples already sorted ascending, or `nil` when empty.
    static func percentile(_ percent: Double, ofSorted sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        return sorted[nearestRank(percent, count: sorted.count) - 1]
    }

    /// The 1-based rank that holds the `percent`-th percentile among `count` samples.
    /// A tiny tolerance keeps `0.9 × 10` (which floating point computes as 9.000000000000002)
    /// at rank 9 instead of rounding it up to 10.
    static func nearestRank(_ percent: Double, count: Int) -> Int {
        precondition(count > 0, "a percentile needs at least one sample")
        let clamped = min(max(percent, 0), 100)
        let exactRank = clamped / 100 * Double(count)
        let rank = Int((exactRank - 1e-9).rounded(.up))
        return min(max(rank, 1), count)
    }

    /// The arithmetic mean, or `nil` when empty.
    static func mean(of samples: [Double]) -> Double? {
        guard !samples.isEmpty else { return nil }
        return samples.reduce(0, +) / Double(samples.count)
    }

    /// Summary of `samples`, or `nil` when there are none (a metric that was not measured
    /// has no summary, rather than a summary full of zeros).
    static func summarize(_ samples: [Double]) -> SummaryStats? {
        let sorted = samples.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        return SummaryStats(
            n: sorted.count,
            min: first,
            p50: sorted[nearestRank(50, count: sorted.count) - 1],
            p90: sorted[nearestRank(90, count: sorted.count) - 1],
            p99: sorted[nearestRank(99, count: sorted.count) - 1],
            max: last,
            mean: sorted.reduce(0, +) / Double(sorted.count))
    }

    /// The empirical cumulative distribution of `samples`, as points ready to plot.
    ///
    /// Each point says "`percent` % of all `outOf` trials finished within `ms`". `outOf`
    /// defaults to the number of samples; pass a larger number when some trials never
    /// finished (they count in the denominator, so the curve stops below 100 %, as in the
    /// Raft paper's Figure 16). At most `maxPoints` points are kept, always including the
    /// smallest and the largest sample, so a 1,000-trial curve stays small in JSON.
    static func cdf(of samples: [Double], outOf total: Int? = nil,
                           maxPoints: Int = 200) -> [CDFPoint] {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return [] }
        let denominator = Double(max(total ?? sorted.count, sorted.count))
        let ranks: [Int]
        if sorted.count <= maxPoints {
            ranks = Array(1...sorted.count)
        } else {
            let steps = max(maxPoints - 1, 1)
            ranks = (0...steps).map { step in
                1 + Int((Double(step) / Double(steps) * Double(sorted.count - 1)).rounded())
            }
        }
        return ranks.map { rank in
            CDFPoint(ms: sorted[rank - 1], percent: Double(rank) / denominator * 100)
        }
    }
}
