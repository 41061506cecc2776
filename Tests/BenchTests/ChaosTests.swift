import Bully
import Election
import Raft
import Testing

@testable import Bench

/// The seeded chaos of `election-bench chaos`: both algorithms keep their promises under a
/// few hundred seeds of faults (storage faults included), the checks do catch a Raft that
/// breaks its promise, and a seed replays its run exactly.
struct ChaosTests {
    func campaign(seeds: Int, first: UInt64 = 1, storageFaults: Bool = true,
                  settings: ChaosSettingsChoice = .defaults) -> ChaosCampaign {
        var options = ChaosOptions(algorithms: ["bully", "raft"])
        options.settings = settings
        options.injectsStorageFaults = storageFaults
        options.firstSeed = first
        options.seedCount = seeds
        return ChaosCampaign(options: options)
    }

    @Test func raft_300Seeds_keepsEverySafetyRuleAndRecovers_underStorageFaultsToo() throws {
        let summary = try campaign(seeds: 300).run(RaftNode.self)
        #expect(summary.violations.isEmpty, "\(replayable(summary.violations, of: summary))")
        #expect(summary.recoveryMilliseconds.count == 300)
        // The faults really did bite, so the checks had something to check.
        #expect(summary.faults.crashesWithinInput > 20)
        #expect(summary.faults.slowWrites > 600)  // fewer at the defaults: PreVote writes no term
        #expect(summary.faults.failedWrites > 10)
        #expect(summary.faults.gracefulStops > 300 && summary.faults.handOvers > 40, "\(summary.faults)")
        #expect(summary.leaderships > 450, "only \(summary.leaderships) leaderships in 300 runs")  // ~2 a run
        let checked = Dictionary(uniqueKeysWithValues: summary.checked.map { ($0.what, $0.count) })
        #expect(checked["terms with a leader"] == summary.leaderships)  // one leadership per term
        #expect((checked["granted vote replies"] ?? 0) > 300 && (checked["durable writes"] ?? 0) > 1_000)
    }

    /// The campaign runs the shipped defaults unless told otherwise; the textbook baseline
    /// (every option off) keeps its promises too, and each summary says which ran.
    @Test func theTextbookBaseline_150SeedsEach_keepsEveryRuleToo() throws {
        let textbook = campaign(seeds: 150, first: 5_000, settings: .textbook)
        for summary in [try textbook.run(BullyNode.self), try textbook.run(RaftNode.self)] {
            #expect(summary.violations.isEmpty, "\(replayable(summary.violations, of: summary))")
            #expect(summary.recoveryMilliseconds.count == 150)
            #expect(summary.settings.hasPrefix("the variant textbook"))
            #expect(!summary.settings.contains("fast detection"))
        }
        let defaults = try campaign(seeds: 1).run(BullyNode.self)
        #expect(defaults.settings.hasPrefix("the shipped defaults"))
        #expect(defaults.settings.hasSuffix("fast detection, hand-over"))
    }

    /// Sticky lets a lower leader keep its place: its recovery wants one agreed leader, and
    /// its watch no two leaders, not the highest id.
    @Test func theStickyVariant_150Seeds_recoversToOneLeader() throws {
        let summary = try campaign(seeds: 150, settings: .variant("sticky")).run(BullyNode.self)
        #expect(summary.violations.isEmpty, "\(replayable(summary.violations, of: summary))")
        #expect(summary.recoveryMilliseconds.count == 150)
        #expect(summary.settings.contains("sticky variant"))
        #expect(summary.invariants.allSatisfy { !$0.contains("highest") })
        #expect(throws: ChaosSettingsError.self) { try campaign(seeds: 1, settings: .variant("sticky")).run(RaftNode.self) }
    }

    /// The first few violations, each with the command that replays it.
    func replayable(_ violations: [ChaosSummary.Violation], of summary: ChaosSummary) -> String {
        let report = ChaosReportText(options: campaign(seeds: summary.runs).options, summaries: [summary])
        return violations.prefix(5).map {
            "\($0.sentence); replay: " + report.replayCommand(algorithm: summary.algorithm, seed: $0.seed)
        }.joined(separator: "\n")
    }

    @Test func bully_300Seeds_recoversToTheHighestRunningId_andItsSplitBrainIsMeasured() throws {
        let summary = try campaign(seeds: 300).run(BullyNode.self)
        #expect(summary.violations.isEmpty, "\(summary.violations.prefix(5))")
        #expect(summary.recoveryMilliseconds.count == 300)
        // Recovery, and the recovered cluster (BullyChaosTests): split brain while the faults go
        // on is expected, not a violation.
        #expect(summary.invariants.count == 3)
        #expect(summary.runsWithSplitBrain > 100)
        #expect(summary.splitBrain > .zero && summary.longestSplitBrain <= summary.splitBrain)
    }

    /// A Raft that sends its vote reply before persisting the vote looks fine while writes
    /// are instant and crashes come only between inputs; crashes within an input catch it.
    @Test func aRaftThatRepliesBeforeItPersists_isCaughtByTheStorageFaults() throws {
        let caught: (ChaosSummary) -> Bool = {
            $0.violations.contains { $0.sentence.contains("before the vote was on disk") }
        }
        #expect(caught(try campaign(seeds: 300).run(BuggyRaft<RepliesBeforePersisting>.self)))
        #expect(!caught(try campaign(seeds: 300, storageFaults: false).run(BuggyRaft<RepliesBeforePersisting>.self)))
    }

    /// A Raft that never persists forgets its vote on restart and votes again.
    @Test func aRaftThatForgetsItsVote_isCaughtVotingTwice() throws {
        let summary = try campaign(seeds: 300).run(BuggyRaft<ForgetsItsVotes>.self)
        #expect(summary.violations.contains { $0.sentence.contains("voted twice in term") })
    }

    @Test func aSeedReplaysItsRunExactly_andThreadsDoNotChangeTheSummary() throws {
        let first = ChaosRun<RaftNode>(seed: 17, nodes: 5, faultDuration: .seconds(2), recordsTrace: true).run()
        let again = ChaosRun<RaftNode>(seed: 17, nodes: 5, faultDuration: .seconds(2), recordsTrace: true).run()
        #expect(first.trace == again.trace && first.trace?.isEmpty == false)
        #expect(first.faults == again.faults && first.recovery == again.recovery)

        let parallel = try campaign(seeds: 60, first: 1_000).run(BullyNode.self)
        var sequential = ChaosSummary(algorithm: "bully", invariants: parallel.invariants)
        for seed in UInt64(1_000)..<1_060 {
            sequential.add(ChaosRun<BullyNode>(seed: seed, nodes: 3 + Int(seed % 3), faultDuration: .seconds(2),
                                               recordsTrace: false).run())
        }
        #expect(parallel.faults == sequential.faults)
        #expect(parallel.recoveryMilliseconds == sequential.recoveryMilliseconds)
        #expect(parallel.splitBrain == sequential.splitBrain)
    }

    @Test func splitBrainMeter_addsUpTheSpansWithTwoOrMoreLeaders() {
        let meter = SplitBrainMeter()
        meter.update(actingLeaders: 1, at: .start)
        meter.update(actingLeaders: 2, at: .start + .milliseconds(10))
        meter.update(actingLeaders: 3, at: .start + .milliseconds(20))  // the same episode
        meter.update(actingLeaders: 1, at: .start + .milliseconds(40))
        meter.update(actingLeaders: 2, at: .start + .milliseconds(100))
        meter.finish(at: .start + .milliseconds(105))
        #expect(meter.episodes == 2)
        #expect(meter.total == .milliseconds(35))
        #expect(meter.longest == .milliseconds(30))
    }

    @Test func raftCheck_reportsTwoLeadersInATermAndATermBelowWhatWasPersisted() {
        let check = RaftChaosCheck<RaftNode>(highestRunningIdLeads: false)
        let leader1 = NodeStatus(id: 1, role: .leader, leader: 1, term: 4)
        let leader2 = NodeStatus(id: 2, role: .leader, leader: 2, term: 4)
        check.observe(transitionOf: 1, at: .start, before: nil, after: leader1, persisted: nil)
        #expect(check.violations.isEmpty)
        check.observe(transitionOf: 2, at: .start, before: nil, after: leader2,
                      persisted: RaftPersistentState(currentTerm: 4, votedFor: 2))
        #expect(check.violations.count == 1 && check.violations[0].hasPrefix("two leaders in term 4"))
        // Node 2 restarts at term 3, below the term 4 it persisted.
        check.observe(transitionOf: 2, at: .start, before: nil,
                      after: NodeStatus(id: 2, role: .follower, leader: nil, term: 3), persisted: nil)
        #expect(check.violations.count == 2 && check.violations[1].contains("below term 4"))
    }
}

// MARK: - Broken Rafts, to show the checks can fail

/// A broken `RaftNode`, checked by the Raft rules.
protocol BrokenRaft: ChaosVariant where Original == RaftNode, SafetyCheck == RaftChaosCheck<Self> {}

/// A deliberate bug: a change to the effects a correct `RaftNode` returns.
protocol RaftBug {
    static var name: String { get }
    static func inflict(on effects: [Effect<RaftMessage, RaftPersistentState>]) -> [Effect<RaftMessage, RaftPersistentState>]
}

/// Moves every `.persist` after the messages of the same input.
enum RepliesBeforePersisting: RaftBug {
    static let name = "raft-replies-before-persisting"
    static func inflict(on effects: [Effect<RaftMessage, RaftPersistentState>]) -> [Effect<RaftMessage, RaftPersistentState>] {
        effects.filter { !$0.isPersist } + effects.filter(\.isPersist)
    }
}

/// Never persists anything: every restart begins at term 0 with no vote.
enum ForgetsItsVotes: RaftBug {
    static let name = "raft-forgets-its-votes"
    static func inflict(on effects: [Effect<RaftMessage, RaftPersistentState>]) -> [Effect<RaftMessage, RaftPersistentState>] {
        effects.filter { !$0.isPersist }
    }
}

/// `RaftNode` with `Bug`.
struct BuggyRaft<Bug: RaftBug>: BrokenRaft {
    typealias SafetyCheck = RaftChaosCheck<BuggyRaft<Bug>>
    static var algorithmName: String { Bug.name }
    var inner: RaftNode

    mutating func handle(_ input: Input<RaftMessage>, at now: Instant) -> [Effect<RaftMessage, RaftPersistentState>] {
        Bug.inflict(on: inner.handle(input, at: now))
    }
}

extension Effect {
    var isPersist: Bool { if case .persist = self { true } else { false } }
}
