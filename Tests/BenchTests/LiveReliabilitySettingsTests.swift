import Bully
import Election
import Raft
import Testing
@testable import Bench

/// Which settings `crash-loop` and `chaos --live` give their nodes: the shipped defaults
/// unless `--textbook` or `--variant NAME` says otherwise, read as the simulated chaos reads
/// them, and named in every report line that says what ran. No process starts here.
@Suite struct LiveReliabilitySettingsTests {
    private func crashLoop(_ arguments: [String]) throws -> CrashLoopOptions? {
        guard case .crashLoop(let options)? = try ReliabilityCommandLine.parse(["crash-loop"] + arguments) else { return nil }
        return options
    }

    private func liveChaos(_ arguments: [String]) throws -> LiveChaosOptions? {
        guard case .liveChaos(let options)? = try ReliabilityCommandLine.parse(["chaos", "--live"] + arguments)
        else { return nil }
        return options
    }

    /// The `election-node` flags a node of `algorithm` is started with.
    private func nodeArguments(_ live: LiveBenchOptions, _ algorithm: String) throws -> [String] {
        try LiveAlgorithm.named(algorithm, timing: live.timing).nodeArguments
    }

    /// Whether `arguments` hold every `--flag value` pair of `flags`, as pairs.
    private func contains(_ arguments: [String], pairsOf flags: [String]) -> Bool {
        let pairs = Set(stride(from: 0, to: arguments.count - 1, by: 2).map { "\(arguments[$0]) \(arguments[$0 + 1])" })
        return stride(from: 0, to: flags.count - 1, by: 2).allSatisfy { pairs.contains("\(flags[$0]) \(flags[$0 + 1])") }
    }

    private func textbookFlags(of algorithm: String) throws -> [String] {
        let variant = try #require(ChaosSettingsChoice.textbook.variant(of: algorithm))
        #expect(!variant.flags.isEmpty)
        return variant.flags
    }

    private func exitStatus(_ arguments: [String]) -> (status: Int32, errors: String) {
        let console = RecordingConsole()
        let status = ElectionBench(liveRunner: nil, console: console).run(arguments: arguments)
        return (status, console.errors.joined(separator: "\n"))
    }

    // MARK: crash-loop

    @Test func crashLoopNodesRunRaftAsShippedByDefault() throws {
        let options = try #require(try crashLoop([]))
        #expect(options.settings == .defaults)
        let arguments = try nodeArguments(options.live, RaftNode.algorithmName)
        #expect(arguments == RaftNode.arguments(for: RaftNode.defaultSettings))
        #expect(try RaftNode.settings(fromArguments: arguments) == RaftNode.defaultSettings)
        #expect(!contains(arguments, pairsOf: try textbookFlags(of: RaftNode.algorithmName)))
    }

    @Test func crashLoopTextbookTurnsEveryOptionOffAndKeepsTheTimingFlags() throws {
        let textbook = try #require(try crashLoop(["--textbook", "--election-timeout-ms", "300-400"]))
        #expect(textbook.settings == .textbook)
        let arguments = try nodeArguments(textbook.live, RaftNode.algorithmName)
        #expect(contains(arguments, pairsOf: try textbookFlags(of: RaftNode.algorithmName)), "\(arguments)")
        let settings = textbook.live.timing[RaftNode.self]
        #expect(!settings.preVote && !settings.checkQuorum)
        #expect(settings.electionTimeoutMin == .milliseconds(300) && settings.electionTimeoutMax == .milliseconds(400))
        // The same timing flag at the defaults changes the timeouts only.
        let defaults = try #require(try crashLoop(["--election-timeout-ms", "300-400"]))
        #expect(defaults.live.timing[RaftNode.self].preVote == RaftNode.defaultSettings.preVote)
        #expect(defaults.live.timing[RaftNode.self].electionTimeoutMin == .milliseconds(300))
        // --variant textbook is --textbook.
        #expect(try crashLoop(["--variant", "textbook", "--election-timeout-ms", "300-400"]) == textbook)
    }

    @Test func crashLoopRefusesUnknownAndBullyOnlyVariants() {
        #expect(throws: BenchCommandLineError.self) { try crashLoop(["--variant", "no-such-variant"]) }
        let unknown = exitStatus(["crash-loop", "--variant", "no-such-variant"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("no-such-variant") && unknown.errors.contains("defaults, textbook"),
                "\(unknown.errors)")
        let bullyOnly = exitStatus(["crash-loop", "--variant", "sticky"])
        #expect(bullyOnly.status == 2)
        #expect(bullyOnly.errors.contains("crash-loop runs Raft only"), "\(bullyOnly.errors)")
        #expect(exitStatus(["crash-loop", "--textbook", "--variant", "no-hand-over"]).status == 2)
    }

    @Test func crashLoopReportNamesTheSettingsThatRan() throws {
        let defaults = CrashLoopReport(options: try #require(try crashLoop([])))
        #expect(defaults.lines.first?.contains("live, Raft (defaults), ") == true, "\(defaults.lines)")
        let textbook = CrashLoopReport(options: try #require(try crashLoop(["--textbook"])))
        #expect(textbook.lines.first?.contains("live, Raft textbook (--pre-vote off") == true, "\(textbook.lines)")
        #expect(textbook.options.settingsLabel.hasPrefix("Raft textbook"))
    }

    // MARK: chaos --live

    @Test func liveChaosNodesRunEachAlgorithmAsShippedByDefault() throws {
        let options = try #require(try liveChaos([]))
        #expect(options.settings == .defaults)
        #expect(try nodeArguments(options.live, RaftNode.algorithmName) == RaftNode.arguments(for: RaftNode.defaultSettings))
        #expect(try nodeArguments(options.live, BullyNode.algorithmName)
            == BullyNode.arguments(for: BullyNode.defaultSettings))
    }

    @Test func liveChaosTakesTextbookAndVariantsEveryChosenAlgorithmOffers() throws {
        let textbook = try #require(try liveChaos(["--textbook"]))
        for algorithm in [BullyNode.algorithmName, RaftNode.algorithmName] {
            let arguments = try nodeArguments(textbook.live, algorithm)
            #expect(contains(arguments, pairsOf: try textbookFlags(of: algorithm)), "\(algorithm): \(arguments)")
        }
        // A variant only Bully offers needs --algorithm bully, whichever comes first.
        let sticky = try #require(try liveChaos(["--variant", "sticky", "--algorithm", "bully"]))
        #expect(sticky.settings == .variant("sticky"))
        #expect(contains(try nodeArguments(sticky.live, BullyNode.algorithmName), pairsOf: ["--bully-variant", "sticky"]))
        let both = exitStatus(["chaos", "--live", "--variant", "sticky"])
        #expect(both.status == 2)
        #expect(both.errors.contains("--algorithm"), "\(both.errors)")
        let unknown = exitStatus(["chaos", "--live", "--variant", "no-such-variant"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("no-such-variant") && unknown.errors.contains("defaults"), "\(unknown.errors)")
    }

    @Test func liveChaosReportNamesTheSettingsThatRan() throws {
        let defaults = try #require(try liveChaos([]))
        for (algorithm, name) in [(BullyNode.algorithmName, "Bully (defaults)"), (RaftNode.algorithmName, "Raft (defaults)")] {
            let first = LiveChaosReport(algorithm: algorithm, options: defaults).lines.first ?? ""
            #expect(first.hasPrefix("chaos --live: \(name), "), "\(first)")
        }
        let textbook = try #require(try liveChaos(["--textbook"]))
        let first = LiveChaosReport(algorithm: RaftNode.algorithmName, options: textbook).lines.first ?? ""
        #expect(first.hasPrefix("chaos --live: Raft textbook (--pre-vote off"), "\(first)")
        #expect(textbook.settings.settingsName(of: BullyNode.algorithmName) == "Bully textbook")
    }

    // MARK: help

    @Test func helpTextsListTheVariantNames() {
        let console = RecordingConsole()
        let bench = ElectionBench(liveRunner: nil, console: console)
        #expect(bench.run(arguments: ["crash-loop", "--help"]) == 0)
        let crashLoop = console.output.joined(separator: "\n")
        #expect(crashLoop.contains("--textbook") && crashLoop.contains("Raft: defaults, textbook"))
        #expect(crashLoop.contains("Raft only") && !crashLoop.contains("Bully: defaults"))
        #expect(bench.run(arguments: ["chaos", "--live", "--help"]) == 0)
        let liveChaos = console.output.joined(separator: "\n")
        #expect(liveChaos.contains("Bully: defaults") && liveChaos.contains("--variant NAME"))
    }
}
