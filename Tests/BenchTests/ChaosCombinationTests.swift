import Bully
import Election
import Foundation
import Raft
import Testing

@testable import Bench

/// `election-bench chaos --every-combination`: the combinations come from each registry
/// entry's on/off switches, each is the settings its flags say and replays from them, the
/// mode excludes another choice of settings, and it runs clean but catches a broken Raft.
struct ChaosCombinationTests {
    private func chaosOptions(_ arguments: [String]) throws -> ChaosOptions {
        try ChaosCommandLineTests().chaosOptions(arguments)
    }

    /// Distinct settings for every combination, each differing from the defaults in exactly
    /// the flags its words set, surviving the trip through `election-node` flags, and read
    /// back from the words of its replay command.
    func combinations_areDistinctAndReplayable<Node: RegisteredAlgorithm>(_ entry: Node.Type) throws -> [ChaosSettingsChoice] {
        let choices = ChaosCombinations.all(of: entry)
        #expect(choices.first == .switches([]))  // the shipped defaults first
        var seen = Set<Node.Settings>()
        for choice in choices {
            guard case .switches(let words) = choice else {
                Issue.record("\(choice) is not a combination of switches")
                continue
            }
            let settings = try choice.settings(of: entry)
            seen.insert(settings)
            #expect(try Node.settings(fromArguments: Node.arguments(for: settings)) == settings, "\(choice)")
            for flag in Node.flags {
                var expected = flag.value(in: Node.defaultSettings)
                if let negation = flag.negation, words.contains(negation.name) { expected = FlagNegation.value }
                if let index = words.firstIndex(of: flag.name) { expected = words[index + 1] }
                #expect(flag.value(in: settings) == expected, "\(flag.name) in \(choice)")
            }
            let parsed = try chaosOptions(["--algorithm", Node.algorithmName] + choice.arguments).settings
            #expect(try (parsed == .defaults ? Node.defaultSettings : parsed.settings(of: entry)) == settings)
        }
        #expect(seen.count == choices.count)
        return choices
    }

    /// Raft's switches are on/off only: 2^n combinations for its n switches.
    @Test func raftCombinations_areEveryOnOffMixOfItsSwitches() throws {
        let switches = RaftNode.flags.filter { $0.negation != nil }
        #expect(switches.count >= 5)
        #expect(try combinations_areDistinctAndReplayable(RaftNode.self).count == 1 << switches.count)
        #expect(ChaosCombinations.varied(of: RaftNode.self) == switches.map(\.name).joined(separator: ", "))
    }

    /// Bully's: its on/off switches, crossed with each --bully-variant, each held to the
    /// recovery rule of its variant.
    @Test func bullyCombinations_crossItsSwitchesWithEachVariant() throws {
        let switches = BullyNode.flags.filter { $0.negation != nil }
        let choices = try combinations_areDistinctAndReplayable(BullyNode.self)
        #expect(choices.count == (1 << switches.count) * BullyVariant.allCases.count)
        let variants = try choices.map { try $0.settings(of: BullyNode.self).variant }
        for variant in BullyVariant.allCases {
            #expect(variants.filter { $0 == variant }.count == 1 << switches.count)
        }
        let mustLead = try choices.map { BullyNode.highestRunningIdLeads(with: try $0.settings(of: BullyNode.self)) }
        #expect(mustLead.contains(true) && mustLead.contains(false))
    }

    @Test func everyCombination_isParsed_andRefusedBesideAnotherChoiceOfSettings() throws {
        let options = try chaosOptions(["--every-combination", "--seeds", "50"])
        #expect(options.everyCombination && options.seedCount == 50 && options.settings == .defaults)
        for arguments in [["--every-combination", "--variant", "textbook"], ["--variant", "sticky", "--every-combination"],
                          ["--every-combination", "--textbook"], ["--every-combination", "--algorithm", "raft", "--no-pre-vote"],
                          ["--no-pre-vote"], ["--algorithm", "raft", "--pre-vote", "maybe"],
                          ["--algorithm", "raft", "--bully-variant", "sticky"]] {
            let console = RecordingConsole()
            #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos"] + arguments) == 2,
                    "\(arguments)")
            #expect(console.errors.count == 1 && console.output.isEmpty, "\(arguments)")
        }
        #expect(try chaosOptions(["--algorithm", "raft", "--no-pre-vote", "--hand-over", "off"]).settings
                == .switches(["--no-pre-vote", "--hand-over", "off"]))
        #expect(try chaosOptions(["--algorithm", "bully", "--bully-variant", "sticky"]).settings
                == .switches(["--bully-variant", "sticky"]))
        #expect(BenchHelp.chaos.contains("--every-combination"))
    }

    @Test func program_everyCombinationOnAFewSeeds_printsALineEachAndZeroViolations() {
        let console = RecordingConsole()
        let arguments = ["chaos", "--every-combination", "--seeds", "3", "--seed", "70"]
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: arguments) == 0)
        let output = console.output.joined(separator: "\n").replacingOccurrences(of: "\n    ", with: " ")
            .split(separator: "\n").map(String.init)
        for (algorithm, entry) in [("raft", RaftNode.self as any RegisteredAlgorithm.Type), ("bully", BullyNode.self)] {
            let count = ChaosCombinations.all(of: entry).count
            #expect(output.contains { $0.hasPrefix("\(algorithm): \(count) combinations of its switches") })
            #expect(output.contains { $0.hasPrefix("  \(algorithm) total: \(count) combinations, \(3 * count) runs, 0 violations") })
        }
        #expect(output.filter { $0.hasPrefix("  0 violations in 3 runs, recovery p50") }.count
                == ChaosCombinations.all(of: RaftNode.self).count
                    + ChaosCombinations.all(of: BullyNode.self).count)
        #expect(output.contains { $0.hasSuffix("; off: none") })
        #expect(console.output.allSatisfy { $0.count <= ConsoleComparison.width })
        #expect(console.output.last == "violations: 0")
    }

    /// A Raft that never persists votes twice after a restart, in some combination at least;
    /// the report names that combination's switches in the command that replays it.
    @Test func aRaftThatForgetsItsVote_isCaughtUnderEveryCombination() throws {
        var options = ChaosOptions(algorithms: ["raft"])
        options.everyCombination = true
        options.seedCount = 40
        let summaries = try ChaosCampaign(options: options)
            .runEveryCombination(BuggyRaft<ForgetsItsVotes>.self, switchesOf: RaftNode.self)
        #expect(summaries.count == ChaosCombinations.all(of: RaftNode.self).count)
        let caught = summaries.filter { summary in summary.violations.contains { $0.sentence.contains("voted twice in term") } }
        #expect(!caught.isEmpty)
        let report = ChaosReportText(options: options, summaries: summaries).lines
        #expect(report.last != "violations: 0")
        if let offending = caught.first(where: { $0.choice != .switches([]) }), case .switches(let flags) = offending.choice {
            #expect(report.contains { $0.contains("replay: ") && $0.contains(flags.joined(separator: " ")) })
        }
    }
}
