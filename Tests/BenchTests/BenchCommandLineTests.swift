import Bully
import Election
import Foundation
import Raft
import Synchronization
import Testing

@testable import Bench

/// Parsing `election-bench`'s arguments, its refusals, and the program end to end on tiny
/// simulated runs.
struct BenchCommandLineTests {
    private func options(_ arguments: [String]) throws -> BenchOptions {
        guard case .run(let options) = try BenchCommandLine.parse(arguments) else {
            Issue.record("expected a run for \(arguments)")
            return BenchOptions()
        }
        return options
    }

    @Test func noArguments_isTheDefaultSuiteWithDocumentedDefaults() throws {
        let parsed = try options([])
        #expect(parsed.selection == .defaultSuite)
        #expect(parsed.trials == nil && parsed.nodes == nil && parsed.mode == nil)
        #expect(parsed.seed == BenchOptions.defaultSeed)
        #expect(parsed.algorithms == ["bully", "raft"])
        #expect(parsed.outputDirectory == "bench-results")
        #expect(!parsed.quick)
        let series = VariantSeries.defaultSuite(liveMode: .live, quick: false)
        // The workshop's challenges as published close the run: each algorithm's textbook,
        // named so.
        let textbook = [BenchVariant("bully", "Bully textbook",
                                     flags: ["--bully-variant", "classic", "--fast-detect", "off", "--hand-over", "off"]),
                        BenchVariant("raft", "Raft textbook",
                                     flags: ["--pre-vote", "off", "--check-quorum", "off", "--leader-lease", "off",
                                             "--hand-over", "off", "--fast-detect", "off"])]
        let challenges: [BenchPlan.Step] = [
            .series(.single(.slowHighest, mode: .sim, variants: textbook, shape: ScenarioShape())),
            .series(.single(.zombie, mode: .sim, variants: textbook, shape: ScenarioShape())),
            .figure16(trialsPerRange: 100), .throughput(trials: 2000),
        ]
        #expect(BenchPlan(options: parsed).steps == series.map(BenchPlan.Step.series) + challenges)
        // The live series first: kill -9, Ctrl+C, timeouts only (beside etcd), a hung leader
        // (ours only); then the simulated storms.
        #expect(series.prefix(4).allSatisfy { $0.scenario == .failover && $0.mode == .live })
        #expect(series.prefix(4).map(\.withPeers) == [true, true, true, false])
        #expect(series.prefix(4).map { $0.shape.failoverFaults } == [[.kill], [.stop], [.kill], [.hang]])
        #expect(series[2].timing == BenchTiming(heartbeat: .milliseconds(50), electionTimeoutMin: .milliseconds(500)))
        #expect(series.dropFirst(4).allSatisfy { $0.mode == .sim })
    }

    @Test func everyOption_isRead() throws {
        let parsed = try options([
            "flapping", "--trials", "20", "--nodes=7", "--seed", "0x10", "--heartbeat-ms", "40",
            "--election-timeout-ms", "120-240", "--answer-timeout-ms", "30", "--sim", "--algorithm", "raft",
            "--out", "somewhere", "--quick",
        ])
        #expect(parsed.selection == .scenario(.flapping))
        #expect(parsed.trials == 20)
        #expect(parsed.nodes == [7] && parsed.clusterSize == 7)
        #expect(parsed.seed == 16)
        #expect(parsed.timing == BenchTiming(heartbeat: .milliseconds(40), electionTimeoutMin: .milliseconds(120),
                                             electionTimeoutMax: .milliseconds(240), answerTimeout: .milliseconds(30)))
        #expect(parsed.mode == .sim)
        #expect(parsed.algorithms == ["raft"])
        #expect(parsed.outputDirectory == "somewhere")
        #expect(parsed.quick)
        #expect(try RaftNode.settings(from: parsed.timing).electionTimeoutMax == .milliseconds(240))
        #expect(try BullyNode.settings(from: parsed.timing).failureTimeout == .milliseconds(120))
    }

    @Test func singleElectionTimeout_meansTToTPlusTheWindowForRaft() throws {
        let timing = try options(["--election-timeout-ms", "500"]).timing
        let raft = try RaftNode.settings(from: timing)
        #expect(raft.electionTimeoutMin == .milliseconds(500) && raft.electionTimeoutMax == .milliseconds(600))
        #expect(try BullyNode.settings(from: timing).failureTimeout == .milliseconds(500))
    }

    @Test func scaleTakesAListAndAllRunsEverything() throws {
        let scale = try options(["scale", "--nodes", "3,5,7"])
        #expect(scale.nodes == [3, 5, 7])
        #expect(scale.simConfiguration.scaleSizesToRun == [3, 5, 7])
        let everything = try options(["all", "--quick"])
        #expect(everything.selection == .everything)
        #expect(BenchPlan(options: everything).steps.contains(.figure16(trialsPerRange: 10)))
        #expect(try options(["--scenario", "zombie"]).selection == .scenario(.zombie))
    }

    @Test func help_generalAndPerScenario() throws {
        #expect(try BenchCommandLine.parse(["--help"]) == .help(nil))
        #expect(try BenchCommandLine.parse(["-h"]) == .help(nil))
        #expect(try BenchCommandLine.parse(["figure16", "--help"]) == .help(.figure16))
        #expect(try BenchCommandLine.parse(["--help", "zombie"]) == .help(.zombie))
        for definition in ScenarioDefinition.all {
            #expect(BenchHelp.general.contains(definition.name.rawValue))
            #expect(BenchHelp.scenario(definition.name).contains(definition.summary))
        }
        for flag in ["--trials", "--nodes", "--seed", "--heartbeat-ms", "--election-timeout-ms",
                     "--answer-timeout-ms", "--fault", "--sim", "--live", "--algorithm", "--out", "--quick"] {
            #expect(BenchHelp.general.contains(flag), "help does not mention \(flag)")
        }
    }

    @Test func fault_picksHowTheFailoverLeaderGoesDown_andASIGSTOPRunsNoPeers() throws {
        guard case .run(let options) = try BenchCommandLine.parse(["failover", "--live", "--fault", "sigstop"]) else {
            Issue.record("not a run")
            return
        }
        #expect(options.shape.failoverFaults == [.hang])
        #expect(options.peers(for: .failover, mode: .live).isEmpty)
        guard case .run(let stopped) = try BenchCommandLine.parse(["failover", "--fault=SIGINT"]) else {
            Issue.record("not a run")
            return
        }
        #expect(stopped.shape.failoverFaults == [.stop])
        #expect(throws: BenchCommandLineError.badValue(option: "--fault", value: "nap",
                                                       expected: "kill, sigint or sigstop")) {
            try BenchCommandLine.parse(["--fault", "nap"])
        }
    }

    @Test(arguments: [
        (["--frobnicate"], BenchCommandLineError.unknownOption("--frobnicate")),
        (["--trials"], .missingValue(option: "--trials", expected: "a whole number of trials")),
        (["--trials", "--quick"], .missingValue(option: "--trials", expected: "a whole number of trials")),
        (["--trials", "many"], .badValue(option: "--trials", value: "many",
                                         expected: "a whole number of trials from 1 to 1,000,000")),
        (["--nodes", "1"], .badValue(option: "--nodes", value: "1",
                                     expected: "a cluster size from 2 to 255, or for scale a list such as 3,5,7")),
        (["--algorithm", "paxos"], .badValue(option: "--algorithm", value: "paxos", expected: "bully, raft or both")),
        (["--election-timeout-ms", "300-150"], .badValue(option: "--election-timeout-ms", value: "300-150",
                                                         expected: "T or MIN-MAX in milliseconds, with MIN at most MAX")),
        (["--sim", "--live"], .conflictingModes),
        (["flapping", "--nodes", "3,5"], .nodeListOnlyForScale),
        (["figure16", "--live"], .scenarioNotLive(.figure16)),
        (["figure16", "--algorithm", "bully"], .figure16NeedsRaft),
        (["elections"], .unknownScenario("elections")),
        (["zombie", "flapping"], .secondScenario("flapping", first: "zombie")),
    ])
    func badCommandLines_areRefusedWithOneSentence(arguments: [String], expected: BenchCommandLineError) {
        #expect(throws: expected) { try BenchCommandLine.parse(arguments) }
        #expect(!expected.description.contains("\n"))
    }

    @Test func everyScenarioButFigure16_runsLive() throws {
        for name in ScenarioVariants.scenarios {
            guard case .run(let options) = try BenchCommandLine.parse([name.rawValue, "--live"]) else {
                Issue.record("\(name) --live did not parse as a run")
                continue
            }
            #expect(options.mode == .live)
        }
    }

    @Test func timingThatCannotWork_isRefused() {
        #expect(throws: BenchCommandLineError.self) {
            try BenchCommandLine.parse(["--heartbeat-ms", "300"])
        }
        // Only the chosen algorithm's settings are checked.
        #expect(throws: BenchCommandLineError.self) {
            try BenchCommandLine.parse(["--answer-timeout-ms", "500", "--algorithm", "bully"])
        }
        #expect(throws: Never.self) {
            try BenchCommandLine.parse(["--answer-timeout-ms", "500", "--algorithm", "raft"])
        }
    }

    // MARK: - The program

    @Test func program_badFlag_printsOneLineOnStderrAndExits2() {
        let console = RecordingConsole()
        let status = ElectionBench(liveRunner: nil, console: console).run(arguments: ["--trials", "0"])
        #expect(status == 2)
        #expect(console.errors.count == 1)
        #expect(console.errors.first?.hasPrefix("election-bench: --trials 0 is not") == true)
        #expect(console.output.isEmpty)
    }

    @Test func program_help_exits0() {
        let console = RecordingConsole()
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["zombie", "--help"]) == 0)
        #expect(console.output.first?.hasPrefix("election-bench zombie:") == true)
    }

    @Test func program_liveWithoutARunner_isRefused() {
        let console = RecordingConsole()
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["failover", "--live"]) == 2)
        #expect(console.errors.count == 1)
    }

    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("benchsim-\(UUID().uuidString)", isDirectory: true).path
    }

    @Test func program_runsAScenario_printsTheTable_writesTheFiles() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let status = ElectionBench(liveRunner: nil, console: console)
            .run(arguments: ["zombie", "--trials", "2", "--out", directory])
        #expect(status == 0)
        #expect(console.errors.isEmpty)
        let done = console.output.filter { $0.hasPrefix("done: sim zombie") }
        #expect(done.count == 2)
        #expect(done.allSatisfy { $0.contains("4 nodes") && $0.contains("2 trials") })
        let table = console.output.joined(separator: "\n")
        #expect(table.contains("zombie · simulated · 4 nodes"))
        #expect(table.contains("\n  Bully: heartbeat 50 ms"))
        #expect(table.contains("\n  Raft: heartbeat 75 ms"))
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        let run = try BenchJSON.decodeRun(from: data)
        #expect(run.results.count == 2)
        #expect(run.commandLine.first == "election-bench")
        #expect(FileManager.default.fileExists(atPath: directory + "/report.html"))
    }

    /// Stands in for `LiveScenarioRunner`: its `progress` is not `@Sendable`, as the live
    /// runner's is announced, to show that such a method still satisfies the protocol.
    final class FakeLiveRunner: ScenarioRunning, @unchecked Sendable {
        let calls = Mutex<[String]>([])
        let options: BenchOptions

        init(options: BenchOptions) { self.options = options }

        func run(_ scenario: ScenarioName, algorithm: String,
                 progress: @escaping (String) -> Void) throws -> ScenarioResult {
            calls.withLock { $0.append("\(scenario)/\(algorithm)") }
            progress("live · \(scenario) · \(algorithm)")
            let measurement = TimeMeasurement(method: .statusPolling, resolutionMs: 5)
            return ScenarioResult(scenario: scenario, algorithm: algorithm, mode: .live,
                                  clusterSize: options.clusterSize ?? 0, timing: TimingSettings(), trials: 1,
                                  measurement: measurement,
                                  samples: [TrialSample(trial: 1, failoverMs: 300)])
        }
    }

    /// An outside system that starts and then fails (here an `etcd` that exits at once) is
    /// reported like a failure of ours, but the exit status says it was the peer: 3, not 1.
    @Test func program_aPeerThatFailsAfterItStarted_exitsThreeNotOne() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        let fakeBin = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: fakeBin)
        }
        try FileManager.default.createDirectory(atPath: fakeBin, withIntermediateDirectories: true)
        let fakeEtcd = fakeBin + "/etcd"
        try Data("#!/bin/sh\necho 'this etcd refuses to run' >&2\nexit 1\n".utf8)
            .write(to: URL(fileURLWithPath: fakeEtcd))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeEtcd)
        let bench = ElectionBench(liveRunner: { FakeLiveRunner(options: $0) }, console: console, searchPath: fakeBin)
        let status = bench.run(arguments: ["failover", "--live", "--with", "etcd", "--trials", "1",
                                           "--algorithm", "bully", "--out", directory])
        #expect(status == 3, "\(console.errors)")
        #expect(console.errors.contains { $0.contains("live failover (etcd) failed") }, "\(console.errors)")
        // The same run with nothing beside ours exits 0: the 3 is the peer's doing.
        let alone = ElectionBench(liveRunner: { FakeLiveRunner(options: $0) }, console: RecordingConsole(),
                                  searchPath: fakeBin)
        #expect(alone.run(arguments: ["failover", "--live", "--trials", "1", "--algorithm", "bully",
                                      "--out", directory]) == 0)
    }

    @Test func program_defaultSuite_sendsFailoverToTheLiveRunner() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = Mutex<[FakeLiveRunner]>([])
        let bench = ElectionBench(liveRunner: { options in
            let runner = FakeLiveRunner(options: options)
            made.withLock { $0.append(runner) }
            return runner
        }, console: console, searchPath: "/nonexistent")
        let status = bench.run(arguments: ["--quick", "--trials", "1", "--out", directory])
        // The default run adds etcd beside each live series when it can; without it, one line
        // per series says how to get it.
        #expect(status == 0)
        #expect(console.errors == Array(repeating: PeerAvailability.etcdMissing, count: 3))
        let runners = made.withLock { $0 }
        let series = VariantSeries.defaultSuite(liveMode: .live, quick: true).filter { $0.mode == .live }
        let variants = series.flatMap(\.variants)
        // One live runner per variant, given the variant, its series' shape and timing, 3 nodes.
        #expect(runners.map(\.options.variant) == variants)
        #expect(runners.allSatisfy { $0.options.nodes == [3] })
        #expect(runners.map { $0.calls.withLock { $0 } } == variants.map { ["failover/\($0.algorithm)"] })
        #expect(runners.map(\.options.shape) == series.flatMap { one in one.variants.map { _ in one.shape } })
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        let run = try BenchJSON.decodeRun(from: data)
        let live = run.results.filter { $0.mode == .live }
        #expect(live.map(\.variant) == variants.map(\.name))
        #expect(live.map(\.series) == series.flatMap { one in one.variants.map { _ in one.title } })
        #expect(Set(run.results.filter { $0.mode == .sim }.map(\.scenario)) == [.slowHighest, .flapping, .partition, .zombie])
        // Every simulated storm variant ran, named, beside its baseline.
        let storms = VariantSeries.defaultSuite(liveMode: .live, quick: true).filter { $0.mode == .sim }
        #expect(run.results.filter { $0.mode == .sim && $0.series != nil }.map(\.variant)
            == storms.flatMap(\.variants).map(\.name))
        #expect(run.figure16 != nil)
        #expect(run.notes.contains { $0.hasPrefix("sim throughput: Bully") })
        #expect(console.output.contains { $0.hasPrefix("note: sim throughput: Raft") })
        #expect(FileManager.default.fileExists(atPath: directory + "/figure16.json"))
        // What the default run prints fits a 100-column terminal, line by line.
        let printed = console.output.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        #expect(printed.filter { $0.count > ConsoleComparison.width }.isEmpty)
    }

    @Test func program_defaultSuiteWithoutALiveRunner_runsFailoverInTheSimulatorAndSaysSo() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let status = ElectionBench(liveRunner: nil, console: console)
            .run(arguments: ["--quick", "--trials", "1", "--algorithm", "bully", "--out", directory])
        #expect(status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        let run = try BenchJSON.decodeRun(from: data)
        let failover = try #require(run.results.first { $0.scenario == .failover })
        #expect(failover.mode == .sim && failover.clusterSize == 3)
        #expect(run.notes.contains { $0.contains("no live runner") })
    }
}

/// The command lines of crash-loop and chaos --live.
@Suite struct ReliabilityCommandLineTests {
    @Test func crashLoopTakesRoundsNodesAndSeed() throws {
        let command = try ReliabilityCommandLine.parse(["crash-loop", "--rounds", "7", "--nodes=3", "--seed", "9"])
        guard case .crashLoop(let options)? = command else { Issue.record("not a crash loop: \(String(describing: command))"); return }
        #expect(options.rounds == 7)
        #expect(options.clusterSize == 3)
        #expect(options.seed == 9)
        guard case .crashLoop(let defaults)? = try ReliabilityCommandLine.parse(["crash-loop"]) else { return }
        #expect(defaults.rounds == 200 && defaults.clusterSize == 5)
    }

    @Test func liveChaosTakesDurationAndAlgorithm() throws {
        let command = try ReliabilityCommandLine.parse(["chaos", "--duration-s", "2.5", "--live", "--algorithm", "bully"])
        guard case .liveChaos(let options)? = command else { Issue.record("not live chaos"); return }
        #expect(options.duration == .milliseconds(2500))
        #expect(options.algorithms == ["bully"])
        #expect(options.maxImpaired == 2)
    }

    @Test func otherCommandLinesAreLeftToTheScenarioParser() throws {
        #expect(try ReliabilityCommandLine.parse([]) == nil)
        #expect(try ReliabilityCommandLine.parse(["failover", "--live"]) == nil)
        #expect(try ReliabilityCommandLine.parse(["chaos", "--seeds", "10"]) == nil)
    }

    @Test func badValuesGetOneLineErrors() {
        #expect(throws: BenchCommandLineError.badValue(option: "--rounds", value: "0",
                                                       expected: "a whole number of rounds from 1 to 1,000,000")) {
            try ReliabilityCommandLine.parse(["crash-loop", "--rounds", "0"])
        }
        #expect(throws: BenchCommandLineError.unknownOption("--trials")) {
            try ReliabilityCommandLine.parse(["crash-loop", "--trials", "3"])
        }
        #expect(throws: BenchCommandLineError.conflictingModes) {
            try ReliabilityCommandLine.parse(["chaos", "--live", "--sim"])
        }
        #expect(throws: BenchCommandLineError.missingValue(option: "--duration-s", expected: "seconds")) {
            try ReliabilityCommandLine.parse(["chaos", "--live", "--duration-s"])
        }
    }

    @Test func helpIsPrintedNotRun() {
        let console = RecordingConsole()
        let status = ElectionBench(liveRunner: nil, console: console).run(arguments: ["crash-loop", "--help"])
        #expect(status == 0)
        #expect(console.output.joined().contains("--rounds N"))
        let bad = ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos", "--live", "--nodes", "2"])
        #expect(bad == 2)
        #expect(console.errors.last?.contains("--nodes 2 is not a cluster size from 3 to 51") == true)
    }
}
