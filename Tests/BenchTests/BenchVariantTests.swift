import AlgorithmRegistry
import Bully
import Election
import Foundation
import Raft
import Testing

@testable import Bench

/// A variant's flags reach the settings the simulator builds and the command line a live
/// node gets; a series' results become rows of one table, named by their variants.
struct BenchVariantTests {
    private let preVoteOn = BenchVariant("raft", "Raft with PreVote", flags: ["--pre-vote", "on", "--check-quorum", "on"])

    @Test func flags_applyOverTheTimingFlags() throws {
        let timing = BenchTiming(heartbeat: .milliseconds(40))
        let settings = try preVoteOn.settings(for: RaftNode.self, timing: timing)
        #expect(settings.preVote && settings.checkQuorum)
        #expect(settings.heartbeatInterval == .milliseconds(40))
        let off = try BenchVariant("raft", "off", flags: ["--pre-vote", "off"]).settings(for: RaftNode.self, timing: timing)
        #expect(!off.preVote)
        // No flags: the algorithm as shipped, with the timing flags' values.
        var shipped = RaftNode.defaultSettings
        shipped.heartbeatInterval = .milliseconds(40)
        #expect(try BenchVariant.defaults(of: RaftNode.self).settings(for: RaftNode.self, timing: timing) == shipped)
        let window = BenchTiming(electionTimeoutMin: .milliseconds(500))
        let timed = try BenchVariant.defaults(of: RaftNode.self).settings(for: RaftNode.self, timing: window)
        let windowMax = try RaftNode.settings(from: window).electionTimeoutMax
        #expect(timed.electionTimeoutMin == .milliseconds(500) && timed.electionTimeoutMax == windowMax)
        #expect(timed.preVote == RaftNode.defaultSettings.preVote)
    }

    @Test func aFlagOfAnotherAlgorithm_isRefused() {
        #expect(throws: (any Error).self) {
            try BenchVariant("raft", "wrong", flags: ["--bully-variant", "sticky"]).settings(for: RaftNode.self,
                                                                                               timing: BenchTiming())
        }
    }

    @Test func simulator_givesTheVariantToItsAlgorithmOnly() throws {
        var configuration = SimBenchConfiguration()
        configuration.variant = BenchVariant("bully", "Bully sticky", flags: ["--bully-variant", "sticky"])
        let runner = SimScenarioRunner(configuration: configuration)
        #expect(try runner.settings(of: BullyNode.self).variant == .sticky)
        #expect(try runner.settings(of: RaftNode.self) == RaftNode.settings(from: BenchTiming()))
        configuration.variant = preVoteOn
        #expect(try SimScenarioRunner(configuration: configuration).settings(of: RaftNode.self).preVote)
    }

    @Test func liveNodes_getTheVariantsFlagsOnTheirCommandLine() throws {
        var bench = BenchOptions()
        bench.variant = preVoteOn
        let live = try LiveBenchOptions(bench)
        let arguments = try LiveAlgorithm.named("raft", timing: live.timing).nodeArguments
        #expect(flagValue("--pre-vote", in: arguments) == "on")
        #expect(flagValue("--check-quorum", in: arguments) == "on")
        // The arguments give the variant's settings back, as election-node reads them.
        #expect(try RaftNode.settings(fromArguments: arguments) == preVoteOn.settings(for: RaftNode.self,
                                                                                         timing: BenchTiming()))
        let bully = try LiveAlgorithm.named("bully", timing: live.timing).nodeArguments
        let textbookBully = try BullyNode.settings(from: BenchTiming())
        #expect(bully == BullyNode.arguments(for: textbookBully))
        bench.variant = BenchVariant("raft", "off", flags: ["--pre-vote", "off"])
        let off = try LiveAlgorithm.named("raft", timing: LiveBenchOptions(bench).timing).nodeArguments
        #expect(flagValue("--pre-vote", in: off) == "off")
    }

    @Test func everyOfferedVariant_parsesForItsAlgorithm_inEverySeriesOfItsComparison() throws {
        let suite = VariantSeries.defaultSuite(liveMode: .live, quick: false)
        for entry in AlgorithmRegistry.standard.entries {
            for comparison in BenchComparison.allCases {
                for offer in entry.benchVariants(for: comparison) {
                    #expect(offer.comparison == comparison, "\(offer.name) is offered for another comparison")
                    let variant = BenchVariant(entry, offer)
                    let series = suite.filter { $0.variants.contains(variant) }
                    #expect(!series.isEmpty, "\(variant) is in no series of the default run")
                    for series in series {
                        let bench = series.options(for: variant, from: BenchOptions())
                        // Building the live options builds the variant's settings from its flags.
                        #expect(throws: Never.self, "\(variant) in \(series.title ?? "a single scenario")") {
                            _ = try LiveBenchOptions(bench)
                        }
                    }
                }
            }
        }
    }

    /// The default run's tables, row by row, as they were when the series named their
    /// variants themselves: moving the variants into the registry entries changed no row.
    @Test func defaultSuite_keepsItsRowsAndFlags() {
        let textbook = ["--pre-vote", "off", "--check-quorum", "off", "--leader-lease", "off",
                        "--hand-over", "off", "--fast-detect", "off"]
        let bully = BenchVariant("bully", "Bully (defaults)"), raft = BenchVariant("raft", "Raft (defaults)")
        let raftTextbook = BenchVariant("raft", "Raft textbook", flags: textbook)
        let sticky = BenchVariant("bully", "Bully sticky", flags: ["--bully-variant", "sticky"])
        let expected: [(title: String, variants: [BenchVariant])] = [
            ("kill -9 · each option on (defaults) and off",
             [bully, BenchVariant("bully", "Bully no fast detect", flags: ["--fast-detect", "off"]), raft, raftTextbook]),
            ("Ctrl+C (SIGINT; etcd SIGTERM) · hand-over on and off",
             [bully, BenchVariant("bully", "Bully no hand-over", flags: ["--hand-over", "off"]),
              raft, BenchVariant("raft", "Raft no hand-over", flags: ["--hand-over", "off"])]),
            ("kill -9 · timeouts only, heartbeat 50 ms, election 500 ms",
             [BenchVariant("bully", "Bully timeouts only", flags: ["--fast-detect", "off"]),
              BenchVariant("raft", "Raft timeouts only", flags: ["--fast-detect", "off"])]),
            ("SIGSTOP of the leader · timeouts find it", [bully, raft]),
            ("a follower flaps every 1 s for 30 s · options on and off", [raft, raftTextbook]),
            ("2x · options on and off", [raft, raftTextbook]),
            ("2x, watched for 30 s · classic and sticky", [bully, sticky]),
            ("options on and off", [raft, raftTextbook]),
            ("the highest id flaps every 1 s for 30 s · classic and sticky",
             [bully, sticky, BenchVariant("bully", "Bully textbook",
                                          flags: ["--bully-variant", "classic", "--fast-detect", "off", "--hand-over", "off"])]),
        ]
        let suite = VariantSeries.defaultSuite(liveMode: .live, quick: false)
        #expect(suite.map(\.title) == expected.map { $0.title as String? })
        for (series, expected) in zip(suite, expected) {
            #expect(series.variants == expected.variants, "\(expected.title)")
        }
        #expect(suite.map(\.scenario) == [.failover, .failover, .failover, .failover, .flapping, .slowHighest,
                                          .slowHighest, .partition, .flapping])
        #expect(suite[3].shape.failoverFaults == [.hang] && !suite[3].withPeers && suite[3].mode == .live)
        // etcd follows the Raft row of each live series, not the first row.
        #expect(suite.filter(\.withPeers).map { $0.peersFollow?.algorithm } == ["raft", "raft", "raft"])
    }

    @Test func aComparisonNoEntryOffersVariantsFor_isLeftOut() {
        let suite = VariantSeries.defaultSuite(liveMode: .live, quick: false,
                                               registry: AlgorithmRegistry([BullyNode.self]))
        #expect(!suite.isEmpty)
        #expect(suite.allSatisfy { series in series.variants.allSatisfy { $0.algorithm == "bully" } })
        #expect(!suite.contains { $0.title == "options on and off" })
    }

    @Test func shape_changesTheScenarioVariants() {
        var configuration = SimBenchConfiguration()
        configuration.shape = ScenarioShape(slowFactors: [2], slowObservation: .seconds(30), flappingNodes: [.follower],
                                            flappingPeriod: .seconds(1), flappingCycles: 30)
        let plan = SimScenarioRunner(configuration: configuration).variantPlan
        let slow = plan.variants(of: .slowHighest)?.compactMap { $0.scenario as? SlowHighestScenario }
        #expect(slow?.map(\.factor) == [2] && slow?.first?.observation == .seconds(30))
        let flapping = plan.variants(of: .flapping)?.compactMap { $0.scenario as? FlappingScenario }
        #expect(flapping?.map(\.node) == [.follower])
        #expect(flapping?.first?.period == .seconds(1) && flapping?.first?.cycles == 30)
    }

    @Test func seriesRows_areTheVariantsInTheOrderTheyRan_andFitTheTerminal() {
        let series = VariantSeries.defaultSuite(liveMode: .live, quick: false)[0]
        let rows = [("bully", 3.0, 1), ("bully", 205, 1), ("raft", 4, 1), ("raft", 180, 2)]
        var results = zip(series.variants, rows).map { variant, row in
            series.stamp(result(row.0, failoverMs: row.1, terms: row.2), as: variant.name,
                         flags: variant.flags.isEmpty ? nil : variant.flagsSummary)
        }
        results.append(series.stamp(result("etcd", failoverMs: 150, terms: 1), as: "etcd", flags: "pre-vote on"))
        let run = BenchRun(startedAt: "now", machine: .current(), commandLine: [], seed: 1, durationSeconds: 1,
                           results: results, figure16: nil, references: [], notes: [])
        let lines = ConsoleComparison(run: run).lines
        #expect(lines.allSatisfy { $0.count <= ConsoleComparison.width }, "\(lines.filter { $0.count > 100 })")
        let names = ["Bully (defaults)", "Bully no fast detect", "Raft (defaults)", "Raft textbook", "etcd "]
        let rowLines = names.map { name in lines.firstIndex { $0.hasPrefix("  " + name) && $0.contains("1/1") } }
        #expect(rowLines.allSatisfy { $0 != nil })
        #expect(rowLines.compactMap { $0 } == rowLines.compactMap { $0 }.sorted())
        #expect(lines.contains { $0.contains(series.title ?? "no title") })
        #expect(lines.contains { $0.contains("Raft textbook: --pre-vote off") })
        // The split-vote column: Raft textbook's one trial took two terms.
        #expect(lines.contains { $0.contains("splitvote") })
        #expect(lines.first { $0.hasPrefix("  Raft textbook") && $0.contains("1/1") }?.hasSuffix("100%") == true)
        let headline = ReportHeadline(run: run, charts: [])
        #expect(headline.sentences.first?.contains("Bully no fast detect 205 ms") == true)
    }

    @Test func splitVoteRate_isTheShareOfFailoversThatTookMoreThanOneTerm() {
        let samples = [TrialSample(trial: 1, failoverMs: 10, termIncrements: 1),
                       TrialSample(trial: 2, failoverMs: 12, termIncrements: 2),
                       TrialSample(trial: 3, failoverMs: 11, termIncrements: 1),
                       TrialSample(trial: 4, failoverMs: nil, termIncrements: 5)]
        #expect(ScenarioMetrics(samples: samples).splitVoteRate == 1.0 / 3)
        #expect(ScenarioMetrics(samples: [TrialSample(trial: 1, failoverMs: 10)]).splitVoteRate == nil)
    }

    @Test func exitSentence_countsCleanExitsAndSaysHowTheOthersEnded() {
        func stop(_ ending: ProcessEnding?) -> FaultRecord {
            var record = FaultRecord(node: 1, fault: .stop, issuedMs: 0, signalReturnedMs: 0)
            record.ending = ending
            return record
        }
        let sentence = FaultRecord.exitSentence([stop(.exited(0)), stop(.exited(0)), stop(.signalled(15)), stop(nil)])
        #expect(sentence?.hasPrefix(FaultRecord.exitSentencePrefix + "2 of 4 trials") == true)
        #expect(sentence?.contains("1 ended on signal 15") == true)
        #expect(sentence?.contains("1 did not exit") == true)
        #expect(FaultRecord.exitSentence([FaultRecord(node: 1, fault: .kill, issuedMs: 0, signalReturnedMs: 0)]) == nil)
    }

    @Test func etcd_runsPreVoteWhenOurRaftDoes_andSaysSo() throws {
        var timing = LiveBenchOptions.Timing()
        for preVote in [true, false] {
            var raft = RaftNode.defaultSettings
            raft.preVote = preVote
            timing[RaftNode.self] = raft
            let etcd = try EtcdPeer(executable: URL(fileURLWithPath: "/nonexistent/etcd"), timeouts: .same, raft: timing)
            let member = PeerMember(id: 1, ports: [1, 2])
            let arguments = etcd.command(for: member, in: [member], directory: "/nonexistent").1
            #expect(arguments.contains("--pre-vote=\(preVote)"))
            #expect(etcd.setupNotes[0].contains(preVote ? "PreVote on" : "PreVote off"))
            #expect(etcd.options["pre-vote"] == (preVote ? "on" : nil))
        }
    }

    @Test func peersAreStoppedWithSIGTERMWhenOursAreStopped() throws {
        var options = LiveBenchOptions()
        let system = try EtcdPeer(executable: URL(fileURLWithPath: "/nonexistent/etcd"), timeouts: .same,
                                  raft: options.timing)
        options.failoverFaults = [.stop]
        #expect(PeerScenarioRunner(system: system, options: options).fault == .terminate)
        options.failoverFaults = [.kill]
        #expect(PeerScenarioRunner(system: system, options: options).fault == .kill)
        #expect(LiveFault.terminate.signalNumber == 15 && LiveFault.terminate.isGraceful && !LiveFault.kill.isGraceful)
    }

    private func result(_ algorithm: String, failoverMs: Double, terms: Int) -> ScenarioResult {
        ScenarioResult(scenario: .failover, algorithm: algorithm, mode: .live, clusterSize: 3,
                       timing: TimingSettings(), trials: 1,
                       measurement: TimeMeasurement(method: .nodeEventTimestamps, resolutionMs: 1),
                       samples: [TrialSample(trial: 1, failoverMs: failoverMs, termIncrements: terms)])
    }

    private func flagValue(_ flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).map { arguments[$0 + 1] }
    }
}
