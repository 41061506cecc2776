import Testing
@testable import Bench

@Suite struct ReportNumberTests {
    @Test(arguments: [
        (170.4, 0, "170"),
        (170.0, 0, "170"),
        (100.5, 0, "100"),    // %.0f rounds half to even
        (1.250, 3, "1.25"),
        (0.1, 3, "0.1"),
        (2.0, 3, "2"),
        (-0.0001, 3, "0"),
    ])
    func plainKeepsTheDigitsBeforeThePoint(value: Double, decimals: Int, expected: String) {
        #expect(ReportNumber.plain(value, decimals: decimals) == expected)
    }
}

@Suite struct Figure16SubtitleTests {
    @Test func namesTheRangesThatRanFewerTrials() {
        let rows = [
            Figure16Row(range: MillisecondRange(150, 150), electionTimesMs: Array(repeating: 1, count: 10)),
            Figure16Row(range: MillisecondRange(150, 155), electionTimesMs: Array(repeating: 1, count: 100)),
            Figure16Row(range: MillisecondRange(12, 24), electionTimesMs: Array(repeating: 1, count: 100)),
        ]
        #expect(Figure16Chart.trialsText(rows) == "100 trials per range (150-150 ms: 10)")
        #expect(Figure16Chart.trialsText(Array(rows.dropFirst())) == "100 trials per range")
    }
}
