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
