import Foundation
import Testing

/// The algorithms are pure state machines (DESIGN.md): no sockets, no clock, no Dispatch,
/// no global random generator. This reads their sources and fails on the first sign of I/O,
/// so a change that sneaks one in is caught here rather than in a flaky simulation.
@Suite struct AlgorithmPurityTests {
    static let forbidden: [(pattern: String, why: String)] = [
        ("import Foundation", "Foundation brings Date, files and sockets"),
        ("import Dispatch", "Dispatch schedules work outside the runtime"),
        ("import Glibc", "Glibc brings sockets and clocks"),
        ("Date()", "the clock arrives as `now`"),
        ("ContinuousClock", "the clock arrives as `now`"),
        ("SuspendingClock", "the clock arrives as `now`"),
        ("SystemRandomNumberGenerator", "randomness comes from the SeededRandom handed in"),
        (".random(in:", "randomness comes from the SeededRandom handed in (pass `using:`)"),
        ("DispatchQueue", "the runtime owns threads"),
    ]

    static let algorithmDirectories = ["Sources/Bully", "Sources/Raft"]

    @Test(arguments: algorithmDirectories)
    func algorithmSourcesDoNoIO(directory: String) throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent(directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty, "no Swift files found in \(directory)")
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                for rule in Self.forbidden where code.contains(rule.pattern) && !code.contains("using:") {
                    Issue.record("\(directory)/\(file):\(number + 1) uses \(rule.pattern): \(rule.why)")
                }
            }
        }
    }
}
