import AlgorithmRegistry
import Election
import ElectionLive
import Testing

/// The toy runs through `election-node`'s command line and `--help` with nothing added but
/// its registry entry: its flags are read by its entry, shown with their defaults, and kept
/// apart from the other algorithms' flags.
@Suite struct LowestIDCommandLineTests {
    let algorithms = AlgorithmRegistry.conformance.entries
    let nodes = "1:8001,2:8002,3:8003"

    private func parse(_ arguments: String) throws(NodeCommandLineError) -> NodeOptions? {
        let request = try NodeCommandLine.parse(arguments.split(separator: " ").map(String.init),
                                                algorithms: algorithms, environment: ["HOME": "/home/ada"],
                                                workingDirectory: "/work")
        guard case .run(let options) = request else { return nil }
        return options
    }

    @Test func itsOwnFlagsBuildItsSettingsAndItGetsADataDirectory() throws {
        let options = try #require(try parse("--algorithm lowest-id --id 2 --nodes \(nodes) --claim-timeout-ms 700"))
        #expect(options.algorithm == LowestIDNode.algorithmName)
        let settings = try LowestIDNode.settings(from: options.algorithmFlags)
        #expect(settings.claimTimeout == .milliseconds(700))
        #expect(settings.heartbeatInterval == LowestIDSettings().heartbeatInterval)
        #expect(options.dataDirectory == "/home/ada/.local/state/swift-election/lowest-id-node-2-port-8002")
    }

    @Test func flagsOfOtherAlgorithmsAreRefusedEitherWay() throws {
        let otherFlag = try #require(AlgorithmRegistry.standard.entries.flatMap { $0.flagNames }
            .first { !LowestIDNode.flagNames.contains($0) })
        let owners = algorithms.filter { $0.flagNames.contains(otherFlag) }.map { $0.algorithmName }
        #expect(throws: NodeCommandLineError.onlyFor(flag: otherFlag, algorithms: owners)) {
            try parse("--algorithm lowest-id --id 1 --nodes \(nodes) \(otherFlag) 50")
        }
        for entry in AlgorithmRegistry.standard.entries {
            #expect(throws: NodeCommandLineError.onlyFor(flag: "--claim-timeout-ms", algorithms: ["lowest-id"])) {
                try parse("--algorithm \(entry.algorithmName) --id 1 --nodes \(nodes) --claim-timeout-ms 50")
            }
        }
        #expect(throws: NodeCommandLineError.self) { try parse("--algorithm lowest-id --id 1 --nodes \(nodes) --claim-timeout-ms 0") }
    }

    @Test func helpListsItWithItsDefaults() {
        let help = NodeCommandLine.helpText(algorithms: algorithms)
        #expect(help.contains("--algorithm lowest-id"))
        #expect(help.contains(LowestIDNode.helpSummary.split(separator: " ").prefix(4).joined(separator: " ")))
        for flag in LowestIDNode.flags {
            #expect(help.contains("\(flag.name) \(flag.placeholder)"))
        }
        #expect(help.contains("Default: \(FlagValue.text(LowestIDSettings().claimTimeout))."))
    }
}
