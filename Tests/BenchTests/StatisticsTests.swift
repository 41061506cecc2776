import Testing
@testable import Bench

@Suite struct StatisticsTests {
    let five: [Double] = [50, 15, 40, 20, 35]  // unsorted on purpose

    @Test func nearestRankPercentilesOfFiveValues() {
        // Ranks: ceil(p/100 * 5). p30 -> rank 2, p40 -> 2, p50 -> 3, p100 -> 5.
        #expect(Statistics.percentile(0, of: five) == 15)
        #expect(Statistics.percentile(5, of: five) == 15)
        #expect(Statistics.percentile(30, of: five) == 20)
        #expect(Statistics.percentile(40, of: five) == 20)
        #expect(Statistics.percentile(50, of: five) == 35)
        #expect(Statistics.percentile(100, of: five) == 50)
    }

    @Test func p90OfTenIsTheNinthDespiteFloatingPoint() {
        // 0.9 * 10 is 9.000000000000002 in floating point; the rank must still be 9.
        let ten = (1...10).map(Double.init)
        #expect(Statistics.percentile(90, of: ten) == 9)
        #expect(Statistics.percentile(99, of: ten) == 10)
        #expect(Statistics.percentile(50, of: ten) == 5)
        #expect(Statistics.percentile(10, of: ten) == 1)
    }

    @Test func p99OfAThousandIsThe990th() {
        let thousand = (1...1000).reversed().map(Double.init)
        #expect(Statistics.percentile(99, of: thousand) == 990)
        #expect(Statistics.percentile(50, of: thousand) == 500)
        #expect(Statistics.nearestRank(99.9, count: 1000) == 999)
    }

    @Test func summaryOfKnownValues() throws {
        let summary = try #require(Statistics.summarize(five))
        #expect(summary == SummaryStats(n: 5, min: 15, p50: 35, p90: 50, p99: 50, max: 50, mean: 32))
    }

    @Test func singleSampleIsEveryStatistic() throws {
        let summary = try #require(Statistics.summarize([7]))
        #expect([summary.min, summary.p50, summary.p90, summary.p99, summary.max, summary.mean] == [7, 7, 7, 7, 7, 7])
    }

    @Test func emptyInputHasNoStatistics() {
        #expect(Statistics.summarize([]) == nil)
        #expect(Statistics.percentile(50, of: []) == nil)
        #expect(Statistics.mean(of: []) == nil)
        #expect(Statistics.cdf(of: []).isEmpty)
    }

    @Test func cdfCountsUnfinishedTrialsInTheDenominator() {
        let points = Statistics.cdf(of: [30, 10, 20], outOf: 4)
        #expect(points == [CDFPoint(ms: 10, percent: 25), CDFPoint(ms: 20, percent: 50),
                           CDFPoint(ms: 30, percent: 75)])
    }

    @Test func longCDFsAreThinnedButKeepBothEnds() throws {
        let samples = (1...1000).map(Double.init)
        let points = Statistics.cdf(of: samples, maxPoints: 200)
        #expect(points.count == 200)
        #expect(try #require(points.first) == CDFPoint(ms: 1, percent: 0.1))
        #expect(try #require(points.last) == CDFPoint(ms: 1000, percent: 100))
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.ms < $1.ms && $0.percent < $1.percent })
    }

    @Test func metricsSummarizeOnlyTrialsThatMeasuredThem() throws {
        let samples = [
            TrialSample(trial: 1, failoverMs: 100, electionMessages: 12, electionBytes: 600),
            TrialSample(trial: 2, failoverMs: nil, leaderAgreedAtEnd: false),
            TrialSample(trial: 3, failoverMs: 300, leaderChanges: 2, electionMessages: 12),
            TrialSample(trial: 4, failoverMs: 200, leaderChanges: 1, electionMessages: 10),
        ]
        let metrics = ScenarioMetrics(samples: samples)
        #expect(metrics.trialsMeasured == 4)
        #expect(metrics.trialsWithoutAgreedLeader == 1)
        #expect(try #require(metrics.failoverMs).n == 3)
        #expect(try #require(metrics.failoverMs).p50 == 200)
        #expect(metrics.splitBrainMs == nil)
        // Messages per election: 12 / 2 and 10 / 1; trial 1 has no leader changes recorded.
        let perElection = try #require(metrics.messagesPerElection)
        #expect(perElection.n == 2)
        #expect(perElection.mean == 8)
        #expect(metrics.bytesPerElection == nil)
    }
}
