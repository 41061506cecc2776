import AlgorithmRegistry
import Bully
import Election
import Foundation
import Raft
import Synchronization
import Testing

@testable import Bench

/// A single scenario runs what users run: each algorithm at its shipped defaults unless
/// `--variant` names others, every row named by the settings it ran, and the split-vote
/// column only where votes decide elections.
struct SingleScenarioVariantTests {
    private func options(_ arguments: [String]) throws -> BenchOptions {
        guard case .run(let options) = try BenchCommandLine.parse(arguments) else {
            Issue.record("expected a run for \(arguments)")
            return BenchOptions()
        }
        return options
    }

    /// The one series a single-scenario command line plans.
    private func rows(_ arguments: [String]) throws -> [BenchVariant] {
        let steps = BenchPlan(options: try options(arguments)).steps
        guard case .series(let series)? = steps.first else {
            Issue.record("\(arguments) planned \(steps), not a series first")
            return []
        }
        #expect(series.title == nil, "a single scenario's table is the scenario's own")
        return series.variants
    }

    private func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("benchvariant-\(UUID().uuidString)", isDirectory: true).path
    }

    // MARK: - The command line

    @Test func noVariant_runsEveryAlgorithmAtItsShippedDefaults() throws {
        let variants = try rows(["failover", "--live"])
        #expect(variants == AlgorithmRegistry.standard.entries.map { BenchVariant.defaults(of: $0) })
        #expect(variants.map(\.name) == ["Bully (defaults)", "Raft (defaults)"])
        #expect(variants.allSatisfy { $0.flags.isEmpty })
        // No flags means the settings election-node runs with when given none.
        let raft = try variants[1].settings(for: RaftNode.self, timing: BenchTiming())
        #expect(raft == RaftNode.defaultSettings)
        let bully = try variants[0].settings(for: BullyNode.self, timing: BenchTiming())
        #expect(bully == BullyNode.defaultSettings)
        // Every per-algorithm scenario, live and simulated, plans the same rows.
        for scenario in ScenarioVariants.scenarios {
            #expect(try rows([scenario.rawValue]) == variants, "\(scenario)")
            #expect(try rows([scenario.rawValue, "--live"]) == variants, "\(scenario) --live")
        }
        #expect(try rows(["failover", "--fault", "sigstop"]) == variants)
    }

    @Test func variantTextbook_picksEachAlgorithmsOwnTextbook() throws {
        let variants = try rows(["failover", "--live", "--variant", "textbook"])
        #expect(variants.map(\.name) == ["Bully textbook", "Raft textbook"])
        let raft = try variants[1].settings(for: RaftNode.self, timing: BenchTiming())
        #expect(raft == RaftSettings.textbook)
        let bully = try variants[0].settings(for: BullyNode.self, timing: BenchTiming())
        #expect(bully == BullySettings.textbook)
        // --textbook is the same, as in chaos, and adds to --variant.
        #expect(try rows(["failover", "--live", "--textbook"]) == variants)
        #expect(try rows(["rejoin", "--variant", "defaults", "--textbook"]).map(\.name)
            == ["Bully (defaults)", "Bully textbook", "Raft (defaults)", "Raft textbook"])
        #expect(throws: BenchCommandLineError.variantInDefaultRun) { try BenchCommandLine.parse(["--textbook"]) }
    }

    @Test func severalVariants_areRowsPerAlgorithmInTheOrderGiven_andOnlyWhereOffered() throws {
        let variants = try rows(["partition", "--variant", "TEXTBOOK,defaults", "--algorithm", "raft"])
        #expect(variants.map(\.name) == ["Raft textbook", "Raft (defaults)"])
        // sticky is Bully's alone: Raft has no row, and the run says so.
        let sticky = try rows(["flapping", "--variant=sticky,defaults"])
        #expect(sticky.map(\.name) == ["Bully sticky", "Bully (defaults)", "Raft (defaults)"])
        #expect(try rows(["flapping", "--variant", "sticky"]).map(\.name) == ["Bully sticky"])
        #expect(try rows(["flapping", "--variant", "defaults", "--variant", "defaults"]).count == 2)
    }

    @Test(arguments: [
        (["failover", "--variant", "fast"], "fast", ["bully", "raft"]),
        (["failover", "--variant", "sticky", "--algorithm", "raft"], "sticky", ["raft"]),
        (["zombie", "--variant", "defaults,nope"], "nope", ["bully", "raft"]),
    ])
    func anUnknownVariant_isRefusedNamingTheValidOnes(arguments: [String], unknown: String, algorithms: [String]) {
        let expected = BenchCommandLineError.unknownVariant(
            unknown, known: VariantChoice.namesInWords(algorithms: algorithms))
        #expect(throws: expected) { try BenchCommandLine.parse(arguments) }
        #expect(!expected.description.contains("\n"))
        for entry in AlgorithmRegistry.standard.entries where algorithms.contains(entry.algorithmName) {
            for choice in VariantChoice.choices(of: entry) {
                #expect(expected.description.contains(choice.name))
            }
        }
    }

    @Test func variant_isRefusedWhereItDoesNotApply() {
        #expect(throws: BenchCommandLineError.variantInDefaultRun) { try BenchCommandLine.parse(["--variant", "textbook"]) }
        #expect(throws: BenchCommandLineError.variantInFigure16) {
            try BenchCommandLine.parse(["figure16", "--variant", "textbook"])
        }
        #expect(throws: BenchCommandLineError.badValue(option: "--variant", value: "defaults,,textbook",
                                                       expected: BenchCommandLine.variantExpected)) {
            try BenchCommandLine.parse(["failover", "--variant", "defaults,,textbook"])
        }
        #expect(throws: BenchCommandLineError.missingValue(option: "--variant", expected: BenchCommandLine.variantExpected)) {
            try BenchCommandLine.parse(["failover", "--variant"])
        }
    }

    @Test func program_unknownVariant_printsOneLineAndExits2() {
        let console = RecordingConsole()
        let status = ElectionBench(liveRunner: nil, console: console).run(arguments: ["rejoin", "--variant", "quick"])
        #expect(status == 2)
        #expect(console.errors.count == 1)
        #expect(console.errors.first?.hasPrefix("election-bench: there is no variant called 'quick'") == true)
        #expect(console.errors.first?.contains("Raft: defaults, textbook") == true)
        #expect(console.output.isEmpty)
    }

    // MARK: - Names and help

    @Test func everyEntrysChoices_startWithItsDefaults_andHaveTypeableUniqueNames() {
        for entry in AlgorithmRegistry.standard.entries {
            let choices = VariantChoice.choices(of: entry)
            #expect(choices.first?.name == VariantChoice.defaultsName && choices.first?.variant.flags.isEmpty == true)
            #expect(Set(choices.map(\.name)).count == choices.count)
            #expect(choices.count > 1, "\(entry.title) offers the bench no variant")
            for choice in choices {
                #expect(choice.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(choice.name)")
                #expect(choice.variant.algorithm == entry.algorithmName)
                var timing = LiveBenchOptions.Timing()
                #expect(throws: Never.self, "\(choice.name)") { try timing.use(choice.variant, over: BenchTiming()) }
            }
            // A row offered to several comparisons under one name has one set of flags, so
            // the name means the same thing wherever it appears.
            for comparison in BenchComparison.allCases {
                for offer in entry.benchVariants(for: comparison) {
                    let name = VariantChoice.shortName(of: offer.name, title: entry.title)
                    #expect(choices.first { $0.name == name }?.variant.flags == offer.flags, "\(offer.name)")
                }
            }
        }
        #expect(VariantChoice.shortName(of: "Bully no fast detect", title: "Bully") == "no-fast-detect")
        #expect(VariantChoice.shortName(of: "Raft textbook", title: "Raft") == "textbook")
    }

    @Test func help_listsEveryVariantOfEveryAlgorithmWithWhatItChanges() {
        let help = BenchHelp.general
        #expect(help.contains("--variant NAME[,NAME...]"))
        let lines = help.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= ConsoleComparison.width }, "\(lines.filter { $0.count > 100 })")
        for entry in AlgorithmRegistry.standard.entries {
            for choice in VariantChoice.choices(of: entry) {
                // The line names the variant and, after it, the first flag it sets.
                let meaning = choice.variant.flags.first ?? "with no flags"
                #expect(lines.contains { $0.contains("  \(choice.name)  ") && $0.contains(meaning) },
                        "help lacks \(entry.title)'s \(choice.name)")
            }
        }
        #expect(BenchHelp.scenario(.failover).contains("--variant"))
        for definition in ScenarioDefinition.all {
            let text = BenchHelp.scenario(definition.name)
            #expect(text.split(separator: "\n").allSatisfy { $0.count <= ConsoleComparison.width }, "\(definition.name)")
        }
        #expect(!BenchHelp.scenario(.figure16).contains("--variant"))
    }

    // MARK: - Running and labels

    @Test func program_singleLiveScenario_givesEachRunnerItsVariant_andNamesEveryRow() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let made = Mutex<[BenchCommandLineTests.FakeLiveRunner]>([])
        let bench = ElectionBench(liveRunner: { options in
            let runner = BenchCommandLineTests.FakeLiveRunner(options: options)
            made.withLock { $0.append(runner) }
            return runner
        }, console: console, searchPath: "/nonexistent")
        for (arguments, names) in [(["failover", "--live"], ["Bully (defaults)", "Raft (defaults)"]),
                                   (["failover", "--live", "--variant", "defaults,textbook", "--algorithm", "raft"],
                                    ["Raft (defaults)", "Raft textbook"])] {
            made.withLock { $0.removeAll() }
            #expect(bench.run(arguments: arguments + ["--trials", "1", "--out", directory]) == 0)
            let runners = made.withLock { $0 }
            #expect(runners.map { $0.options.variant?.name } == names)
            #expect(runners.allSatisfy { $0.options.algorithms == [$0.options.variant?.algorithm ?? ""] })
            let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
            let run = try BenchJSON.decodeRun(from: data)
            #expect(run.results.map(\.variant) == names)
            #expect(run.results.allSatisfy { $0.series == nil })
            let report = try String(contentsOfFile: directory + "/report.md", encoding: .utf8)
            #expect(report.contains("| metric | " + names.joined(separator: " | ") + " |"))
        }
        // The progress lines and the table name the settings, never a bare algorithm.
        let printed = console.output.joined(separator: "\n")
        #expect(printed.contains("done: live failover · Raft textbook · 3 nodes"))
        #expect(printed.contains("\n  Raft textbook "))
        #expect(!printed.contains("\n  Raft  "))
    }

    @Test func program_simulatedScenarioWithSeveralVariants_labelsEachRowWithItsSettingsAndFactor() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let status = ElectionBench(liveRunner: nil, console: console).run(arguments: [
            "slow-highest", "--algorithm", "raft", "--variant", "defaults,textbook", "--trials", "1", "--out", directory,
        ])
        #expect(status == 0)
        let lines = console.output.flatMap { $0.split(separator: "\n").map(String.init) }
        for name in ["Raft (defaults)", "Raft textbook"] {
            for factor in ["0.5x", "1x", "2x"] {
                #expect(lines.contains { $0.hasPrefix("  \(name) \(factor) = ") }, "no row \(name) \(factor)")
            }
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        let run = try BenchJSON.decodeRun(from: data)
        let textbook = run.results.filter { $0.variant == "Raft textbook" }
        #expect(textbook.count == 3 && textbook.allSatisfy { $0.options[ConsoleComparison.variantFlagsKey]?.contains("--pre-vote off") == true })
        // report.md tells the columns apart by name and factor.
        let report = try String(contentsOfFile: directory + "/report.md", encoding: .utf8)
        #expect(report.contains("Raft textbook (extra_delay=2x = "))
        #expect(report.contains("Raft (defaults) (extra_delay=0.5x = "))
        // So does every row of both CSV files.
        for file in ["results.csv", "trials.csv"] {
            let rows = try String(contentsOfFile: directory + "/" + file, encoding: .utf8).split(separator: "\n").dropFirst()
            #expect(!rows.isEmpty && rows.allSatisfy { $0.hasPrefix("slow-highest,raft,Raft textbook,")
                || $0.hasPrefix("slow-highest,raft,Raft (defaults),") }, "\(file)")
        }
    }

    @Test func program_anAlgorithmWithoutTheVariant_isLeftOutAndTheRunSaysSo() throws {
        let console = RecordingConsole()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let status = ElectionBench(liveRunner: nil, console: console)
            .run(arguments: ["zombie", "--variant", "sticky", "--trials", "1", "--out", directory])
        #expect(status == 0)
        #expect(console.output.contains { $0.hasPrefix("note: Raft offers no variant called sticky") })
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("results.json"))
        #expect(try BenchJSON.decodeRun(from: data).results.map(\.variant) == ["Bully sticky"])
    }

    @Test func figure16_saysItIsTheTextbook() {
        let figure16 = Figure16Result(mode: .sim, measurement: TimeMeasurement(method: .virtualClock, resolutionMs: 0),
                                      rows: [])
        #expect(figure16.rowName == "Raft textbook")
        let run = BenchRun(startedAt: "now", machine: .current(), commandLine: [], seed: 1, durationSeconds: 1,
                           results: [], figure16: figure16, references: [], notes: [])
        let text = ConsoleComparison(run: run).lines.joined(separator: "\n")
        #expect(text.contains("figure16 · Raft textbook · simulated"))
        #expect(text.contains("not the defaults"))
        #expect(ComparisonTable(run: run).groups.contains { $0.title.hasPrefix("figure 16 · Raft textbook") })
    }

    // MARK: - The split-vote column

    @Test func splitVotes_areCountedOnlyWhereVotesDecideElections() {
        for entry in AlgorithmRegistry.standard.entries {
            let result = failover(entry.algorithmName, terms: [2, 1])
            #expect(result.hasVoteRounds == entry.promisesOneLeaderPerTerm)
            #expect(result.metrics.splitVoteRate == (entry.promisesOneLeaderPerTerm ? 0.5 : nil), "\(entry.title)")
        }
        // etcd is outside the registry and reports Raft's terms: its rate stands.
        #expect(failover("etcd", terms: [1, 1, 2, 1]).metrics.splitVoteRate == 0.25)
        #expect(ScenarioMetrics(samples: [TrialSample(trial: 1, failoverMs: 3, termIncrements: 2)],
                                hasVoteRounds: false).splitVoteRate == nil)
    }

    @Test func splitVoteColumn_saysNoVotesForAnAlgorithmWithout_andKeepsRaftsRate() throws {
        let bully = try #require(AlgorithmRegistry.standard.entries.first { !$0.promisesOneLeaderPerTerm })
        let raft = try #require(AlgorithmRegistry.standard.entries.first { $0.promisesOneLeaderPerTerm })
        // A hung leader's failover: the voteless algorithm's epochs climbed by two in every
        // trial; the other split one vote in three.
        var results = [failover(bully.algorithmName, terms: [2, 2, 2]), failover(raft.algorithmName, terms: [1, 2, 1])]
        results = results.map { result in
            var named = result
            named.variant = result.algorithmDisplayName + " (defaults)"
            return named
        }
        let run = BenchRun(startedAt: "now", machine: .current(), commandLine: [], seed: 1, durationSeconds: 1,
                           results: results, figure16: nil, references: [], notes: [])
        let lines = ConsoleComparison(run: run).lines
        let bullyRow = try #require(lines.first { $0.hasPrefix("  \(bully.title) (defaults)") })
        let raftRow = try #require(lines.first { $0.hasPrefix("  \(raft.title) (defaults)") })
        #expect(bullyRow.hasSuffix(ConsoleMetricColumn.noVotes) && !bullyRow.contains("%"))
        #expect(raftRow.hasSuffix(" 33%"))
        let legend = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(legend.contains("\"no votes\": the algorithm elects without votes"))
        let table = ComparisonTable(run: run)
        let row = try #require(table.groups.first?.rows.first { $0.label == "split votes (share of failovers)" })
        #expect(row.cells == [ConsoleMetricColumn.noVotes, "33%"])
        // Alone, the voteless algorithm's table has no split-vote column at all.
        let alone = BenchRun(startedAt: "now", machine: .current(), commandLine: [], seed: 1, durationSeconds: 1,
                             results: [results[0]], figure16: nil, references: [], notes: [])
        #expect(!ConsoleComparison(run: alone).lines.contains { $0.contains("splitvote") })
    }

    private func failover(_ algorithm: String, terms: [Int]) -> ScenarioResult {
        ScenarioResult(scenario: .failover, algorithm: algorithm, mode: .live, clusterSize: 3,
                       timing: TimingSettings(), trials: terms.count,
                       measurement: TimeMeasurement(method: .nodeEventTimestamps, resolutionMs: 1),
                       samples: terms.enumerated().map { index, terms in
                           TrialSample(trial: index + 1, failoverMs: 10 + Double(index), termIncrements: terms)
                       })
    }
}
