import Election
import Testing
@testable import Raft

/// The seeded chaos of `RaftChaosRun`, graceful stops included, under every combination of
/// the five options beyond the textbook (2^5 = 32), 200 seeds each: no term ever has two
/// leaders, no term goes back, only a candidate makes a new term (so a failed pre-vote
/// never raised anyone's), and with PreVote every real election follows a won pre-vote or a
/// hand-over. Once the faults stop, a leader must be agreed on.
@Suite struct RaftOptionsChaosTests {
    /// Bit 0 PreVote, 1 CheckQuorum, 2 lease, 3 hand-over on stop, 4 fast detection.
    static func settings(_ combination: Int) -> RaftSettings {
        RaftSettings.with(preVote: combination & 1 != 0, checkQuorum: combination & 2 != 0,
                          leaderLease: combination & 4 != 0, handOverOnStop: combination & 8 != 0,
                          fastDetection: combination & 16 != 0)
    }

    static let seedsPerCombination: UInt64 = 200

    @Test(arguments: 0..<32)
    func everyCombination_safeUnderFaults_andElectsOnceFaultsStop(combination: Int) {
        let settings = Self.settings(combination)
        let name = settings.enabledOptions.isEmpty ? "the textbook" : settings.enabledOptions.joined(separator: ", ")
        var runsWithFailover = 0
        for seed in UInt64(1)...Self.seedsPerCombination {
            let outcome = RaftChaosRun(seed: seed, settings: settings, gracefulStops: true).run()
            #expect(outcome.safetyViolations.isEmpty,
                    "with \(name): \(outcome.safetyViolations.joined(separator: "\n"))")
            #expect(outcome.recovery != nil, """
                reproduce with seed \(seed), with \(name): no leader within \
                \(RaftChaosRun.agreementBound) after the faults stopped; \(outcome.finalStatuses)
                """)
            if settings.preVote {
                let unasked = outcome.electionStories.filter {
                    !$0.contains("won the pre-vote") && !$0.contains("handed leadership over")
                }
                #expect(unasked.isEmpty, "reproduce with seed \(seed), with \(name): \(unasked)")
            }
            if !outcome.safetyViolations.isEmpty || outcome.recovery == nil { return }
            if outcome.termsLed > 1 { runsWithFailover += 1 }
        }
        // The faults bit: leadership changed in most runs.
        #expect(runsWithFailover > Int(Self.seedsPerCombination) / 2,
                "with \(name): only \(runsWithFailover) runs changed leader")
    }
}
