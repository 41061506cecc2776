import AlgorithmRegistry
import Election

/// A command line `election-bench` cannot run. Each description is one sentence that says
/// what to type instead; the tool prints it on stderr and exits with status 2.
enum BenchCommandLineError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownOption(String)
    case missingValue(option: String, expected: String)
    case badValue(option: String, value: String, expected: String)
    case unknownScenario(String)
    case secondScenario(String, first: String)
    case conflictingModes
    case nodeListOnlyForScale
    case scenarioNotLive(ScenarioName)
    case figure16NeedsRaft
    case invalidTiming(BenchSettingsError)
    case unknownChaosOption(String)
    case unexpectedChaosArgument(String)
    case chaosTraceNeedsFewSeeds(Int)
    /// `--with` asked for a peer where no live failover or rejoin runs.
    case peersNeedLiveFailover
    /// `--variant` named a variant none of the chosen algorithms offers; `known` lists theirs.
    case unknownVariant(String, known: String)
    /// `--variant` without a scenario: the default run puts every variant beside its baseline.
    case variantInDefaultRun
    /// `--variant` with figure16, which is the paper's textbook setup.
    case variantInFigure16

    var description: String {
        switch self {
        case .unknownOption(let option):
            "unknown option \(option); run election-bench --help for the list of options"
        case .missingValue(let option, let expected):
            "\(option) needs a value (\(expected)), as in \(option) \(Self.example(for: option))"
        case .badValue(let option, let value, let expected):
            "\(option) \(value) is not \(expected); for example \(option) \(Self.example(for: option))"
        case .unknownScenario(let name):
            "there is no scenario called '\(name)'; the scenarios are "
                + ScenarioDefinition.all.map(\.name.rawValue).joined(separator: ", ") + " (and all)"
        case .secondScenario(let second, let first):
            "only one scenario per run: got '\(first)' and then '\(second)'; run them one after the other, or use all"
        case .conflictingModes:
            "--sim and --live exclude each other; give one of them"
        case .nodeListOnlyForScale:
            "a list of cluster sizes (--nodes 3,5,7) only makes sense for the scale scenario; give one size"
        case .scenarioNotLive(let name):
            "\(name) runs only in the simulator; drop --live"
        case .figure16NeedsRaft:
            "figure16 is the Raft paper's experiment and runs Raft only; drop --algorithm bully"
        case .invalidTiming(let error):
            "\(error.description)"
        case .unknownChaosOption(let option):
            "unknown option \(option) for chaos; run election-bench chaos --help for its options"
        case .unexpectedChaosArgument(let argument):
            "chaos takes no scenario or other word ('\(argument)'); run election-bench chaos --help"
        case .chaosTraceNeedsFewSeeds(let seeds):
            "--trace prints every event of every run, too much for \(seeds) seeds; give --seeds 1 (at most 10)"
        case .unknownVariant(let name, let known):
            "there is no variant called '\(name)'; the variants are \(known) (election-bench --help says what each changes)"
        case .variantInDefaultRun:
            "--variant picks the rows of one scenario, and the default run already puts every variant beside its "
                + "baseline; name a scenario, as in election-bench failover --variant defaults,textbook"
        case .variantInFigure16:
            "figure16 is the Raft paper's experiment and runs its textbook setup only; drop --variant"
        case .peersNeedLiveFailover:
            "--with runs etcd or the workshop node beside our live failover and rejoin only; use it with "
                + "failover --live, rejoin --live, or the default run"
        }
    }

    private static func example(for option: String) -> String {
        switch option {
        case "--trials": "20"
        case "--rounds": "200"
        case "--duration-s": "180"
        case "--nodes": "5"
        case "--seed": "42"
        case "--heartbeat-ms": "50"
        case "--election-timeout-ms": "150-300"
        case "--answer-timeout-ms": "50"
        case "--algorithm": AlgorithmRegistry.standard.names[0]
        case "--out": "bench-results"
        case "--with": "etcd"
        case "--etcd-timeouts": "defaults"
        case "--scenario": "failover"
        case "--seeds": "10000"
        case "--duration": "2"
        case "--variant": "textbook"
        default: "VALUE"
        }
    }
}
