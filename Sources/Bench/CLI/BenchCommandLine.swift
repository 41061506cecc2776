import AlgorithmRegistry
import Election
import Raft

/// Turns `election-bench`'s arguments into a `BenchCommand`, or says in one sentence what
/// is wrong with them.
///
///     election-bench                                   the default suite
///     election-bench flapping --algorithm raft --trials 20
///     election-bench scale --nodes 3,5,7,9 --seed 42
///     election-bench figure16 --help
///
/// Options take their value as the next argument or after `=` (`--trials=20`). The first
/// argument that is not an option names the scenario (`--scenario NAME` works too).
enum BenchCommandLine {
    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(BenchCommandLineError) -> BenchCommand {
        if arguments.first == "chaos" { return try parseChaos(Array(arguments.dropFirst())) }
        var options = BenchOptions()
        var scenarioName: String?
        var wantsHelp = false
        var sawSim = false
        var sawLive = false
        var index = 0

        func setScenario(_ name: String) throws(BenchCommandLineError) {
            if let first = scenarioName { throw .secondScenario(name, first: first) }
            guard name == "all" || ScenarioDefinition.named(name) != nil else { throw .unknownScenario(name) }
            scenarioName = name
        }

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else {
                try setScenario(argument)
                continue
            }
            let (option, inlineValue) = split(argument)
            func value(_ expected: String) throws(BenchCommandLineError) -> String {
                try optionValue(option, inline: inlineValue, in: arguments, at: &index, expected: expected)
            }
            switch option {
            case "-h", "--help":
                wantsHelp = true
            case "--scenario":
                try setScenario(try value("a scenario name"))
            case "--trials":
                options.trials = try positiveInteger(try value("a whole number of trials"), option: option,
                                                     expected: "a whole number of trials from 1 to 1,000,000",
                                                     upTo: 1_000_000)
            case "--nodes":
                options.nodes = try clusterSizes(try value("a cluster size"), option: option)
            case "--seed":
                options.seed = try seed(try value("a whole number"), option: option)
            case "--heartbeat-ms":
                options.timing.heartbeat = try milliseconds(try value("milliseconds"), option: option)
            case "--election-timeout-ms":
                let (minimum, maximum) = try timeoutRange(try value("T or MIN-MAX in milliseconds"), option: option)
                options.timing.electionTimeoutMin = minimum
                options.timing.electionTimeoutMax = maximum
            case "--answer-timeout-ms":
                options.timing.answerTimeout = try milliseconds(try value("milliseconds"), option: option)
            case "--sim":
                sawSim = true
            case "--live":
                sawLive = true
            case "--algorithm":
                options.algorithms = try algorithms(try value(BenchCommandLine.algorithmChoicesInWords), option: option)
            case "--out":
                let directory = try value("a directory")
                guard !directory.isEmpty else {
                    throw .badValue(option: option, value: "\"\"", expected: "a directory name")
                }
                options.outputDirectory = directory
            case "--with":
                let text = try value(BenchPeer.expected)
                if text.lowercased() == "none" {
                    options.peers = options.peers ?? []
                } else if let peer = BenchPeer.parse(text) {
                    options.peers = (options.peers ?? []) + [peer]
                } else {
                    throw .badValue(option: option, value: text, expected: BenchPeer.expected)
                }
            case "--etcd-timeouts":
                let text = try value(EtcdTimeouts.expected)
                guard let timeouts = EtcdTimeouts.parse(text) else {
                    throw .badValue(option: option, value: text, expected: EtcdTimeouts.expected)
                }
                options.etcdTimeouts = timeouts
            case "--fault":
                let text = try value("kill, sigint or sigstop")
                let faults: [String: LiveFault] = ["kill": .kill, "sigint": .stop, "sigstop": .hang]
                guard let fault = faults[text.lowercased()] else {
                    throw .badValue(option: option, value: text, expected: "kill, sigint or sigstop")
                }
                options.shape.failoverFaults = [fault]
            case "--variant":
                let text = try value(Self.variantExpected)
                var names = options.variantNames ?? []
                for part in text.lowercased().split(separator: ",", omittingEmptySubsequences: false) {
                    guard !part.isEmpty else { throw .badValue(option: option, value: text, expected: Self.variantExpected) }
                    if !names.contains(String(part)) { names.append(String(part)) }
                }
                options.variantNames = names
            case "--textbook":
                // As in chaos: --textbook is --variant textbook.
                var names = options.variantNames ?? []
                if !names.contains(BenchPlan.textbookName) { names.append(BenchPlan.textbookName) }
                options.variantNames = names
            case "--quick":
                options.quick = true
            default:
                throw .unknownOption(argument)
            }
        }

        if wantsHelp {
            return .help(scenarioName.flatMap { $0 == "all" ? nil : ScenarioName($0) })
        }
        if sawSim && sawLive { throw .conflictingModes }
        options.mode = sawSim ? .sim : (sawLive ? .live : nil)
        switch scenarioName {
        case nil: options.selection = .defaultSuite
        case "all": options.selection = .everything
        case let name?: options.selection = .scenario(ScenarioName(name))
        }
        try validate(options)
        return .run(options)
    }

    // MARK: - Checks across options

    private static func validate(_ options: BenchOptions) throws(BenchCommandLineError) {
        if let names = options.variantNames {
            switch options.selection {
            case .defaultSuite: throw .variantInDefaultRun
            case .scenario(.figure16): throw .variantInFigure16
            default: break
            }
            if let unknown = VariantChoice.unknownNames(names, algorithms: options.algorithms).first {
                throw .unknownVariant(unknown, known: VariantChoice.namesInWords(algorithms: options.algorithms))
            }
        }
        if case .scenario(let name) = options.selection {
            if options.mode == .live, ScenarioDefinition.named(name.rawValue)?.runsLive == false {
                throw .scenarioNotLive(name)
            }
            if name == .figure16, !options.algorithms.contains(RaftNode.algorithmName) {
                throw .figure16NeedsRaft
            }
            if let nodes = options.nodes, nodes.count > 1, name != .scale { throw .nodeListOnlyForScale }
        } else if let nodes = options.nodes, nodes.count > 1 {
            throw .nodeListOnlyForScale
        }
        if options.mode == .live, options.selection == .everything { throw .scenarioNotLive("all") }
        if let peers = options.peers, !peers.isEmpty {
            let runsLiveFailover: Bool
            switch options.selection {
            case .defaultSuite: runsLiveFailover = options.mode != .sim
            case .everything: runsLiveFailover = false
            case .scenario(let name):
                runsLiveFailover = options.mode == .live && PeerScenarioRunner.supportedScenarios.contains(name)
            }
            if !runsLiveFailover { throw .peersNeedLiveFailover }
        }
        do {
            for entry in AlgorithmRegistry.standard.entries where options.algorithms.contains(entry.algorithmName) {
                try checkTiming(options.timing, of: entry)
            }
            for variant in options.chosenVariants {
                guard let entry = AlgorithmRegistry.standard.entry(named: variant.algorithm) else { continue }
                try checkTiming(options.timing, of: variant, entry)
            }
        } catch {
            throw .invalidTiming(error)
        }
    }

    /// Only the chosen algorithms' settings are checked: a flag one of them cannot use does
    /// not stop a run of the others.
    private static func checkTiming<Algorithm: RegisteredAlgorithm>(_ timing: BenchTiming, of _: Algorithm.Type)
        throws(BenchSettingsError)
    {
        _ = try Algorithm.settings(from: timing)
    }

    /// A chosen variant's flags over the timing flags must make settings that can run.
    private static func checkTiming<Algorithm: RegisteredAlgorithm>(_ timing: BenchTiming, of variant: BenchVariant,
                                                                    _: Algorithm.Type) throws(BenchSettingsError) {
        do {
            _ = try variant.settings(for: Algorithm.self, timing: timing)
        } catch let error as BenchSettingsError {
            throw error
        } catch {
            throw BenchSettingsError(algorithm: variant.name, reason: "\(error)")
        }
    }

    /// What `--variant` takes, for its error messages.
    static let variantExpected = "variant names separated by commas, such as defaults,textbook"

    // MARK: - Values

    /// The value of `option`: the part after `=`, or else the next argument, which then is
    /// used up (it may not be another option).
    static func optionValue(_ option: String, inline: String?, in arguments: [String], at index: inout Int,
                            expected: String) throws(BenchCommandLineError) -> String {
        if let inline { return inline }
        guard index < arguments.count, !arguments[index].hasPrefix("--") else {
            throw .missingValue(option: option, expected: expected)
        }
        index += 1
        return arguments[index - 1]
    }

    static func split(_ argument: String) -> (option: String, value: String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    static func positiveInteger(_ text: String, option: String, expected: String,
                                        upTo limit: Int) throws(BenchCommandLineError) -> Int {
        guard let number = Int(text), number >= 1, number <= limit else {
            throw .badValue(option: option, value: text, expected: expected)
        }
        return number
    }

    private static func clusterSizes(_ text: String, option: String) throws(BenchCommandLineError) -> [Int] {
        let expected = "a cluster size from 2 to 255, or for scale a list such as 3,5,7"
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var sizes: [Int] = []
        for part in parts {
            sizes.append(try positiveInteger(String(part), option: option, expected: expected, upTo: 255))
        }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 2 }) else {
            throw .badValue(option: option, value: text, expected: expected)
        }
        return sizes
    }

    static func seed(_ text: String, option: String) throws(BenchCommandLineError) -> UInt64 {
        let parsed = text.lowercased().hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let parsed else {
            throw .badValue(option: option, value: text, expected: "a whole number from 0 to 18446744073709551615 (or 0x hex)")
        }
        return parsed
    }

    static func milliseconds(_ text: String, option: String) throws(BenchCommandLineError) -> Duration {
        guard let value = Double(text), value.isFinite, value > 0, value <= 3_600_000 else {
            throw .badValue(option: option, value: text, expected: "a number of milliseconds above 0")
        }
        return .nanoseconds(Int64((value * 1_000_000).rounded()))
    }

    static func timeoutRange(_ text: String, option: String) throws(BenchCommandLineError)
        -> (Duration, Duration?)
    {
        let expected = "T or MIN-MAX in milliseconds, with MIN at most MAX"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            return (try milliseconds(parts[0], option: option), nil)
        case 2:
            guard let minimum = try? milliseconds(parts[0], option: option),
                  let maximum = try? milliseconds(parts[1], option: option), minimum <= maximum
            else { throw .badValue(option: option, value: text, expected: expected) }
            return (minimum, maximum)
        default:
            throw .badValue(option: option, value: text, expected: expected)
        }
    }

    /// One registered algorithm by name, or `both`: every one of them.
    static func algorithms(_ text: String, option: String) throws(BenchCommandLineError) -> [String] {
        let registry = AlgorithmRegistry.standard
        let name = text.lowercased()
        if name == everyAlgorithm { return registry.names }
        guard let entry = registry.entry(named: name) else {
            throw .badValue(option: option, value: text, expected: algorithmChoicesInWords)
        }
        return [entry.algorithmName]
    }

    /// The `--algorithm` value for every registered algorithm (the default).
    static let everyAlgorithm = "both"

    /// `bully, raft or both`, for error messages.
    static var algorithmChoicesInWords: String { FlagValue.choice(AlgorithmRegistry.standard.names + [everyAlgorithm]) }

    /// `bully|raft|both`, for the help texts.
    static var algorithmChoices: String { (AlgorithmRegistry.standard.names + [everyAlgorithm]).joined(separator: "|") }
}
