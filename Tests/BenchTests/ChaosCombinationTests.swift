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

    /// 2^n distinct settings for an entry's n switches, each differing from the defaults in
    /// exactly the switches it names, and surviving the trip through `election-node` flags.
    func combinations_areEveryOnOffMixOfTheEntrysSwitches<Node: RegisteredAlgorithm>(_ entry: Node.Type) throws {
        let switches = Node.flags.filter { $0.negation != nil }
        #expect(!switches.isEmpty, "\(Node.algorithmName) has no on/off switch to combine")
        let choices = ChaosSettingsChoice.everyCombination(of: entry)
        #expect(choices.count == 1 << switches.count)
        #expect(choices.first == .switches([]))  // the shipped defaults first
        var seen = Set<Node.Settings>()
        for choice in choices {
            let settings = try choice.settings(of: entry)
            seen.insert(settings)
            #expect(try Node.settings(fromArguments: Node.arguments(for: settings)) == settings, "\(choice)")
            let off = Set(choice.switchesOff.split(separator: " ").map(String.init))
            for flag in Node.flags {
                let expected = off.contains(flag.name) ? FlagNegation.value : flag.value(in: Node.defaultSettings)
                #expect(flag.value(in: settings) == expected, "\(flag.name) in \(choice)")
            }
            // The words the report's replay command gives read back into the same choice.
            let parsed = try chaosOptions(["--algorithm", Node.algorithmName] + choice.arguments).settings
            #expect(try (parsed == .defaults ? Node.defaultSettings : parsed.settings(of: entry)) == settings)
        }
        #expect(seen.count == choices.count)
    }

    @Test func raftCombinations_comeFromItsRegistryEntry() throws {
        try combinations_areEveryOnOffMixOfTheEntrysSwitches(RaftNode.self)
    }

    @Test func bullyCombinations_comeFromItsRegistryEntry_classicThroughout() throws {
        try combinations_areEveryOnOffMixOfTheEntrysSwitches(BullyNode.self)
        for choice in ChaosSettingsChoice.everyCombination(of: BullyNode.self) {
            #expect(try choice.settings(of: BullyNode.self).variant == .classic)
        }
    }

    @Test func everyCombination_isParsed_andRefusedBesideAnotherChoiceOfSettings() throws {
        let options = try chaosOptions(["--every-combination", "--seeds", "50"])
        #expect(options.everyCombination && options.seedCount == 50 && options.settings == .defaults)
        for arguments in [["--every-combination", "--variant", "textbook"], ["--variant", "sticky", "--every-combination"],
                          ["--every-combination", "--textbook"], ["--every-combination", "--algorithm", "raft", "--no-pre-vote"],
                          ["--no-pre-vote"], ["--algorithm", "raft", "--pre-vote", "maybe"]] {
            let console = RecordingConsole()
            #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: ["chaos"] + arguments) == 2,
                    "\(arguments)")
            #expect(console.errors.count == 1 && console.output.isEmpty, "\(arguments)")
        }
        #expect(try chaosOptions(["--algorithm", "raft", "--no-pre-vote", "--hand-over", "off"]).settings
                == .switches(["--no-pre-vote", "--hand-over", "off"]))
        #expect(BenchHelp.chaos.contains("--every-combination"))
    }

    @Test func program_everyCombinationOnAFewSeeds_printsALineEachAndZeroViolations() {
        let console = RecordingConsole()
        let arguments = ["chaos", "--every-combination", "--seeds", "3", "--seed", "70"]
        #expect(ElectionBench(liveRunner: nil, console: console).run(arguments: arguments) == 0)
        let output = console.output.joined(separator: "\n").replacingOccurrences(of: "\n    ", with: " ")
            .split(separator: "\n").map(String.init)
        for (algorithm, entry) in [("raft", RaftNode.self as any RegisteredAlgorithm.Type), ("bully", BullyNode.self)] {
            let count = ChaosSettingsChoice.everyCombination(of: entry).count
            #expect(output.contains { $0.hasPrefix("\(algorithm): \(count) combinations of its on/off switches") })
            #expect(output.contains { $0.hasPrefix("  \(algorithm) total: \(count) combinations, \(3 * count) runs, 0 violations") })
        }
        #expect(output.filter { $0.hasPrefix("  0 violations in 3 runs, recovery p50") }.count
                == ChaosSettingsChoice.everyCombination(of: RaftNode.self).count
                    + ChaosSettingsChoice.everyCombination(of: BullyNode.self).count)
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
        #expect(summaries.count == ChaosSettingsChoice.everyCombination(of: RaftNode.self).count)
        let caught = summaries.filter { summary in summary.violations.contains { $0.sentence.contains("voted twice in term") } }
        #expect(!caught.isEmpty)
        let report = ChaosReportText(options: options, summaries: summaries).lines
        #expect(report.last != "violations: 0")
        if let offending = caught.first(where: { $0.choice != .switches([]) }), case .switches(let flags) = offending.choice {
            #expect(report.contains { $0.contains("replay: ") && $0.contains(flags.joined(separator: " ")) })
        }
    }
}
