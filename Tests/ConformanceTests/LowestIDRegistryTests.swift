import AlgorithmRegistry
import Election
import ElectionLive
import Testing

/// The toy goes through the programs' own paths, as Bully and Raft do: election-node's
/// command line (given the conformance registry) reads its flags and lists them in --help,
/// the registry turns the flag values into its settings and back, and the suite runs it with
/// the settings the flags gave.
struct LowestIDRegistryTests {
    private let registry = AlgorithmRegistry.conformance

    @Test func electionNodesCommandLine_readsTheToysFlags_andListsThemInItsHelp() throws {
        let request = try NodeCommandLine.parse(
            ["--id", "2", "--nodes", "1:7101,2:7102,3:7103", "--algorithm", "lowest-id",
             "--claim-timeout-ms", "300", "--heartbeat-ms", "40"],
            algorithms: registry.entries, environment: ["HOME": "/home/learner"])
        guard case .run(let options) = request else {
            Issue.record("expected a node to run, got \(request)")
            return
        }
        #expect(options.algorithm == "lowest-id")
        #expect(options.algorithmFlags == ["--claim-timeout-ms": "300", "--heartbeat-ms": "40"])
        let settings = try LowestIDNode.settings(from: options.algorithmFlags)
        #expect(settings.claimTimeout == .milliseconds(300) && settings.heartbeatInterval == .milliseconds(40))
        // The toy keeps its term on disk, so the node gets a data directory of its own.
        #expect(options.dataDirectory?.hasSuffix("/lowest-id-node-2-port-7102") == true, "\(options)")

        let help = NodeCommandLine.helpText(algorithms: registry.entries, environment: [:])
        #expect(help.contains("--claim-timeout-ms") && help.contains(LowestIDNode.helpSummary), "\(help)")
    }

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
