import Testing

@testable import Bench

/// `election-bench chaos`: its options, its refusals, and the program on a few seeds.
struct ChaosCommandLineTests {
    /// The options `chaos ARGUMENTS` parses into (also for `ChaosCombinationTests`).
    func chaosOptions(_ arguments: [String]) throws -> ChaosOptions {
        guard case .chaos(let options) = try BenchCommandLine.parse(["chaos"] + arguments) else {
            Issue.record("expected a chaos run for \(arguments)")
            return ChaosOptions(algorithms: [])
        }
        return options
    }

    @Test func chaos_defaults() throws {
        let options = try chaosOptions([])
        #expect(options.firstSeed == 1 && options.seedCount == 1_000)
        #expect(options.algorithms == ["bully", "raft"])
        #expect(options.nodes == nil && options.faultDuration == .seconds(2))
        #expect(options.injectsStorageFaults && !options.printsTrace)
        #expect(options.seeds.first == 1 && options.seeds.last == 1_000)
        #expect(options.settings == .defaults)
    }

    @Test func chaos_settingsAreTheDefaults_theTextbookOrAVariant() throws {
        #expect(try chaosOptions(["--textbook"]).settings == .textbook)
        #expect(try chaosOptions(["--algorithm", "bully", "--variant", "sticky"]).settings == .variant("sticky"))
        #expect(try chaosOptions(["--variant=no-hand-over"]).settings == .variant("no-hand-over"))  // both offer it
        // A variant every chosen algorithm offers, and one choice of settings at a time.
        for arguments in [["--variant", "sticky"], ["--algorithm", "raft", "--variant", "sticky"],
                          ["--algorithm", "bully", "--variant", "fast"], ["--textbook", "--variant", "textbook"],
                          ["--variant", "defaults,textbook"]] {
            #expect(throws: BenchCommandLineError.self, "\(arguments)") { try chaosOptions(arguments) }
        }
        // The names a single scenario's --variant takes, `defaults` included.
        #expect(try chaosOptions(["--variant", "defaults"]).settings == .defaults)
        #expect(try chaosOptions(["--variant", "textbook"]).settings == .textbook)
        #expect(BenchHelp.chaos.contains("--textbook") && BenchHelp.chaos.contains("sticky"))
    }

    @Test func chaos_everyOptionIsRead() throws {
        let options = try chaosOptions(["--seeds", "10000", "--seed=0x20", "--algorithm", "raft", "--nodes", "7",
                                        "--duration", "0.5", "--no-storage-faults"])
        #expect(options.seedCount == 10_000 && options.firstSeed == 32)
        #expect(options.algorithms == ["raft"] && options.nodes == 7)
        #expect(options.faultDuration == .milliseconds(500) && !options.injectsStorageFaults)
        #expect(options.clusterSize(seed: 4) == 7)
    }

    @Test func chaos_traceRunsOneSeedUnlessToldOtherwise_andRefusesMany() throws {
        #expect(try chaosOptions(["--seed", "123", "--trace"]).seedCount == 1)
        #expect(try chaosOptions(["--seeds", "3", "--trace"]).seedCount == 3)
        #expect(throws: BenchCommandLineError.chaosTraceNeedsFewSeeds(100)) {
            try BenchCommandLine.parse(["chaos", "--seeds", "100", "--trace"])
        }
    }

    @Test(arguments: [["--seeds", "0"], ["--nodes", "1"], ["--duration", "-1"], ["--algorithm", "paxos"],
                      ["--trials", "3"], ["failover"], ["--seeds"]])
    func chaos_badArguments_areRefusedInOneSentence(arguments: [String]) {
        let console = RecordingConsole()
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos"] + arguments) == 2)
        #expect(console.errors.count == 1 && console.output.isEmpty)
        #expect(console.errors.first?.hasPrefix("election-bench: ") == true)
    }

    @Test func chaos_help() throws {
        #expect(try BenchCommandLine.parse(["chaos", "--help"]) == .chaosHelp)
        let console = RecordingConsole()
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos", "-h"]) == 0)
        #expect(console.output.first?.hasPrefix("election-bench chaos:") == true)
        #expect(BenchHelp.general.contains("election-bench chaos"))
    }

    @Test func program_chaosOnAFewSeeds_printsWhatItRanAndZeroViolations() {
        let console = RecordingConsole()
        let status = ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos", "--seeds", "8", "--seed", "40"])
        #expect(status == 0)
        let output = console.output
        #expect(output.first?.hasPrefix("election-bench chaos: seeds 40 to 47 (8 runs per algorithm)") == true)
        #expect(output.contains { $0.hasPrefix("bully: 8 runs") })
        #expect(output.contains { $0.hasPrefix("raft: 8 runs") })
        #expect(output.allSatisfy { $0.count <= ConsoleComparison.width })
        #expect(output.contains { $0.hasPrefix("  faults injected: ") })
        #expect(output.joined(separator: " ").contains("failed writes"))
        #expect(output.contains("    - at most one leader per term"))
        #expect(output.contains { $0.hasPrefix("  settings: the shipped defaults (what election-node runs with no flags)") })
        #expect(output.filter { $0 == "  violations: 0" }.count == 2)
        #expect(output.last == "violations: 0")
    }

    @Test func program_chaosTrace_printsTheEventsOfTheSeed() {
        let console = RecordingConsole()
        let arguments = ["chaos", "--algorithm", "raft", "--seed", "123", "--seeds", "1", "--trace"]
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: arguments) == 0)
        #expect(console.output.first == "trace of raft seed 123:")
        #expect(console.output.contains { $0.contains("log became_leader") })
        #expect(console.output.last == "violations: 0")
    }

    @Test func replayCommand_namesTheAlgorithmSeedAndEveryNonDefaultOption() throws {
        let plain = ChaosReportText(options: try chaosOptions([]), summaries: [])
        #expect(plain.replayCommand(algorithm: "raft", seed: 123)
            == "election-bench chaos --algorithm raft --seed 123 --seeds 1 --trace")
        let special = ChaosReportText(options: try chaosOptions(["--nodes", "4", "--duration", "1.5",
                                                                "--no-storage-faults"]), summaries: [])
        #expect(special.replayCommand(algorithm: "bully", seed: 9)
            == "election-bench chaos --algorithm bully --seed 9 --seeds 1 --nodes 4 --no-storage-faults --duration 1.5 --trace")
        let textbook = ChaosReportText(options: try chaosOptions(["--textbook"]), summaries: [])
        #expect(textbook.replayCommand(algorithm: "raft", seed: 5)
            == "election-bench chaos --algorithm raft --seed 5 --seeds 1 --variant textbook --trace")
        let sticky = ChaosReportText(options: try chaosOptions(["--algorithm", "bully", "--variant", "sticky"]),
                                     summaries: [])
        #expect(sticky.replayCommand(algorithm: "bully", seed: 5)
            == "election-bench chaos --algorithm bully --seed 5 --seeds 1 --variant sticky --trace")
    }

    @Test func program_chaosLive_goesToTheLiveChaos() {
        let console = RecordingConsole()
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos", "--live", "--help"]) == 0)
        #expect(console.output.first?.hasPrefix("election-bench chaos --live:") == true)
    }
}
