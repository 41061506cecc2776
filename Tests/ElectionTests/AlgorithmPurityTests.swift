import Testing

/// The algorithms are pure state machines (DESIGN.md): no sockets, no clock, no Dispatch,
/// no global random generator. This reads the sources of every module docs/architecture.md
/// marks pure and fails on the first sign of I/O, so a change that sneaks one in is caught
/// here rather than in a flaky simulation.
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

    /// The algorithms, the core they build on, the simulator that must replay a run from its
    /// seed, and the registry: every module docs/architecture.md marks pure.
    @Test func pureModulesDoNoIO() throws {
        let table = try ModuleTable.load()
        let pure = table.modules.filter(\.isPure)
        #expect(pure.contains { $0.name == "Bully" } && pure.contains { $0.name == "Raft" },
                "\(ModuleTable.document) must mark the algorithms pure; it marks \(pure)")
        for module in pure {
            let files = try table.files(of: module)
            #expect(!files.isEmpty, "no Swift files found for \(module.name) in \(module.folder)")
            for file in files {
                for (number, line) in try ModuleTable.numberedLines(of: file) {
                    let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                    for rule in Self.forbidden where code.contains(rule.pattern) && !code.contains("using:") {
                        Issue.record("\(file):\(number) (\(module.name)) uses \(rule.pattern): \(rule.why)")
                    }
                }
            }
        }
    }
}
