import AlgorithmRegistry
import Election
import Testing

/// The conformance suite, run for every registered algorithm (`AlgorithmRegistry.conformance`:
/// the shipped ones and the test-only toy), every check and every settings profile (the
/// defaults, every on|off switch on, every one off): `ElectionProtocol`'s promises, checked the same way
/// for each, so that a new algorithm is held to them by adding its registry entry and
/// nothing else. Findings that stand on main and await their owner are listed, one by one,
/// in `KnownFinding.all`.
struct ConformanceTests {
    @Test(arguments: ConformanceCheck.allCases, AlgorithmRegistry.conformance.names)
    func everyRegisteredAlgorithm_keepsEveryPromise(check: ConformanceCheck, algorithm: String) throws {
        for profile in SettingsProfile.allCases {
            let entry = try #require(AlgorithmRegistry.conformance.entry(named: algorithm))
            guard let all = try Self.findings(check, entry, profile) else { continue }
            let findings = KnownFinding.untolerated(all, algorithm: algorithm, profile: profile, check: check)
            #expect(findings.isEmpty,
                    "\(algorithm), \(profile.rawValue): \(findings.count) findings; the first: \(findings.prefix(3))")
        }
    }

    /// The registry lists the toy beside the shipped algorithms, and the conformance run covers them all.
    @Test func theConformanceRegistry_isTheStandardOnePlusTheToy() {
        #expect(AlgorithmRegistry.conformance.names == AlgorithmRegistry.standard.names + [LowestIDNode.algorithmName])
        #expect(AlgorithmRegistry.standard.entry(named: LowestIDNode.algorithmName) == nil)
    }

    /// A clean result means something only if the runs did what the checks look at: nodes
    /// crashed, stopped both ways and restarted, timers fired, messages flowed, leaders were
    /// elected, and an algorithm with a disk wrote to it.
    @Test(arguments: AlgorithmRegistry.conformance.names)
    func theFaultyRuns_exerciseWhatTheChecksLookAt(algorithm: String) throws {
        let entry = try #require(AlgorithmRegistry.conformance.entry(named: algorithm))
        let tally = try Self.tally(entry)
        #expect(tally.gracefulStops > 5 && tally.forcedStops > 5, "\(tally)")
        #expect(tally.restarts > 20 && tally.timersFired > 500 && tally.messagesReceived > 1_000, "\(tally)")
        #expect(tally.leaderships > 10, "\(tally)")
        #expect(entry.keepsDurableState ? tally.persists > 20 : tally.persists == 0, "\(tally)")
    }

    /// The trace comparison means something only if a trace shows the run: two seeds give
    /// two different ones (seeds 1 and 4 both run four nodes).
    @Test(arguments: AlgorithmRegistry.conformance.names)
    func twoSeeds_giveTwoTraces(algorithm: String) throws {
        let entry = try #require(AlgorithmRegistry.conformance.entry(named: algorithm))
        #expect(try Self.tracesDiffer(entry))
    }

    static func tracesDiffer<Node: RegisteredAlgorithm>(_ entry: Node.Type) throws -> Bool {
        let suite = try ConformanceSuite(Node.self, describedBy: Node.self)
        return suite.trace(seed: 1) != suite.trace(seed: 4)
    }

    static func tally<Node: RegisteredAlgorithm>(_ entry: Node.Type) throws -> RunTally {
        let suite = try ConformanceSuite(Node.self, describedBy: Node.self)
        var tally = RunTally()
        for seed in suite.seeds {
            let steps = suite.journaledRun(seed: seed)
            for step in steps { tally.add(step) }
            tally.restarts -= FaultScript(seed: seed).members.count  // the first starts
        }
        return tally
    }

    /// The findings of `check` for the algorithm `entry` (opened from the registry's list)
    /// with the settings of `profile`; `nil` when the profile does not apply to it.
    static func findings<Node: RegisteredAlgorithm>(_ check: ConformanceCheck, _ entry: Node.Type,
                                                    _ profile: SettingsProfile) throws -> [String]? {
        guard let values = profile.flagValues(for: Node.self) else { return nil }
        return try ConformanceSuite(Node.self, describedBy: Node.self, flagValues: values).findings(check)
    }
}
