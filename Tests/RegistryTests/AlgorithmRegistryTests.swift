import AlgorithmRegistry
import Election
import ElectionLive
import Testing

/// Every entry of the standard registry keeps its promises: its flags read back what they
/// write, the node's command line and `--help` know every one of them, and names are unique.
@Suite struct AlgorithmRegistryTests {
    static let entries = AlgorithmRegistry.standard.entries

    /// Settings other than the defaults, for any algorithm: what the bench's timing flags
    /// give it.
    private func nonDefaultSettings<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) throws -> Algorithm.Settings {
        let timing = BenchTiming(heartbeat: .milliseconds(20), electionTimeoutMin: .milliseconds(170),
                                 electionTimeoutMax: .milliseconds(410), answerTimeout: .milliseconds(30))
        return try Algorithm.settings(from: timing)
    }

    @Test func namesAreUniqueLowerCaseAndTitled() {
        let names = Self.entries.map { $0.algorithmName }
        #expect(Set(names).count == names.count)
        for entry in Self.entries {
            #expect(entry.algorithmName == entry.algorithmName.lowercased() && !entry.algorithmName.contains(" "))
            #expect(!entry.title.isEmpty && !entry.helpSummary.isEmpty)
            #expect(AlgorithmRegistry.standard.entry(named: entry.algorithmName) == entry)
        }
        #expect(AlgorithmRegistry.standard.entry(named: "paxos") == nil)
        #expect(AlgorithmRegistry.standard.position(of: "etcd") == nil)
    }

    @Test(arguments: entries.indices)
    func defaultsAreUsableAndEveryFlagIsDocumented(index: Int) {
        func check<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) {
            #expect(Algorithm.problem(with: Algorithm.defaultSettings) == nil)
            #expect(Set(Algorithm.flagNames).count == Algorithm.flags.count, "\(Algorithm.title) repeats a flag")
            for flag in Algorithm.flags {
                #expect(flag.name.hasPrefix("--") && !flag.placeholder.isEmpty)
                #expect(!flag.help.isEmpty && !flag.cost.isEmpty, "\(flag.name) of \(Algorithm.title) lacks help")
                #expect(!NodeCommandLine.commonFlags.contains(flag.name), "\(flag.name) is a common flag")
            }
        }
        check(Self.entries[index])
    }

    @Test(arguments: entries.indices)
    func argumentsReproduceTheSettings(index: Int) throws {
        func check<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) throws {
            let changed = try nonDefaultSettings(Algorithm.self)
            #expect(changed != Algorithm.defaultSettings, "the bench's timing flags change nothing of \(Algorithm.title)")
            for settings in [Algorithm.defaultSettings, changed] {
                let arguments = Algorithm.arguments(for: settings)
                #expect(try Algorithm.settings(fromArguments: arguments) == settings)
            }
        }
        try check(Self.entries[index])
    }

    @Test(arguments: entries.indices)
    func theNodeCommandLineReadsWhatTheEntryWrites(index: Int) throws {
        func check<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) throws {
            let settings = try nonDefaultSettings(Algorithm.self)
            let arguments = ["--algorithm", Algorithm.algorithmName, "--id", "1", "--nodes", "1:8001,2:8002"]
                + Algorithm.arguments(for: settings)
            let request = try NodeCommandLine.parse(arguments, algorithms: Self.entries, workingDirectory: "/work")
            guard case .run(let options) = request else {
                Issue.record("expected a node to run for \(arguments)")
                return
            }
            #expect(options.algorithm == Algorithm.algorithmName)
            #expect(try Algorithm.settings(from: options.algorithmFlags) == settings)
            #expect((options.dataDirectory != nil) == Algorithm.keepsDurableState)
        }
        try check(Self.entries[index])
    }

    @Test func aFlagOfAnotherAlgorithmIsRefusedByTheEntry() throws {
        for entry in Self.entries {
            #expect(throws: FlagValueError.notAFlagOf(algorithm: entry.algorithmName, flag: "--no-such-flag")) {
                _ = try entry.settings(from: ["--no-such-flag": "1"])
            }
        }
    }

    @Test func helpListsEveryFlagOfEveryAlgorithmWithItsDefault() {
        let help = NodeCommandLine.helpText(algorithms: Self.entries)
        // Words only: a description wraps wherever a line fills up.
        let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        func check<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) {
            #expect(help.contains("--algorithm \(Algorithm.algorithmName)"))
            for flag in Algorithm.flags {
                let shown = "Default: \(flag.value(in: Algorithm.defaultSettings))."
                #expect(words.contains("\(flag.name) \(flag.placeholder)"), "--help lacks \(flag.name)")
                #expect(help.contains(shown), "--help lacks \(flag.name)'s \(shown)")
                if let negation = flag.negation {
                    #expect(words.contains(negation.name), "--help lacks \(negation.name)")
                }
            }
        }
        for entry in Self.entries { check(entry) }
        // Every flag --help names is one the command line accepts.
        let accepted = Set(NodeCommandLine.commonFlags + Self.entries.flatMap { $0.flagNames }
                           + Self.entries.flatMap { $0.negatedFlags.keys } + ["--help", "--version"])
        let named = help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," || $0 == "(" || $0 == ")" })
            .filter { $0.hasPrefix("--") }
            .map { String($0.split(separator: "=")[0].prefix { $0.isLetter || $0.isNumber || $0 == "-" }) }
        for flag in named { #expect(accepted.contains(flag), "--help names \(flag), which election-node refuses") }
    }

    @Test func openHandsTheVisitorEachStandardEntrysOwnType_once() {
        for entry in Self.entries {
            var visitor = TypeRecordingVisitor()
            let opened = AlgorithmRegistry.open(entry, with: &visitor)
            #expect(opened == ObjectIdentifier(entry), "\(entry.algorithmName) opened as another type")
            #expect(visitor.visited == [entry.algorithmName], "the visitor's own state comes back")
        }
    }
}

/// Records the type it is opened with: what `AlgorithmRegistry.open` tests look at.
private struct TypeRecordingVisitor: AlgorithmVisitor {
    var visited: [String] = []

    mutating func visit<Algorithm: RegisteredAlgorithm>(_ algorithm: Algorithm.Type) -> ObjectIdentifier {
        visited.append(Algorithm.algorithmName)
        return ObjectIdentifier(algorithm)
    }
}
