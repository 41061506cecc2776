import Election
import Testing

/// The toy's flags, as Bully's and Raft's: its entry turns their values into its settings
/// and back, refuses what cannot work, and the suite runs it with the settings they gave.
/// (election-node's command line reading them: `LowestIDCommandLineTests`.)
struct LowestIDRegistryTests {
    @Test func theToysFlags_roundTrip_andRefuseSettingsThatCannotWork() throws {
        var settings = LowestIDSettings()
        settings.claimTimeout = .milliseconds(450)
        let arguments = LowestIDNode.arguments(for: settings)
        #expect(arguments == ["--heartbeat-ms", "50", "--claim-timeout-ms", "450"])
        let values = Dictionary(uniqueKeysWithValues: stride(from: 0, to: arguments.count, by: 2).map {
            (arguments[$0], arguments[$0 + 1])
        })
        #expect(try LowestIDNode.settings(from: values) == settings)
        #expect(throws: FlagValueError.self) {
            try LowestIDNode.settings(from: ["--heartbeat-ms": "300", "--claim-timeout-ms": "200"])
        }
        #expect(throws: FlagValueError.self) { try LowestIDNode.settings(from: ["--answer-timeout-ms": "20"]) }
    }

    @Test func theToy_withTheSettingsItsFlagsGive_convergesAfterFaults() throws {
        let suite = try ConformanceSuite(LowestIDNode.self, describedBy: LowestIDNode.self,
                                         flagValues: ["--claim-timeout-ms": "300", "--heartbeat-ms": "40"])
        #expect(suite.settings.claimTimeout == .milliseconds(300))
        #expect(suite.findings(.convergesAfterFaults).isEmpty)
    }
}
