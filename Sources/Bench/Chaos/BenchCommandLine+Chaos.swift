import AlgorithmRegistry

extension BenchCommandLine {
    /// Parses the arguments after `chaos`:
    ///
    ///     election-bench chaos --seeds 10000
    ///     election-bench chaos --algorithm raft --seed 123 --seeds 1 --trace
    ///     election-bench chaos --textbook
    ///     election-bench chaos --algorithm bully --variant sticky
    ///     election-bench chaos --every-combination --seeds 2000
    ///     election-bench chaos --algorithm raft --no-pre-vote --no-hand-over --seed 7 --seeds 1 --trace
    static func parseChaos(_ arguments: [String]) throws(BenchCommandLineError) -> BenchCommand {
        var options = ChaosOptions(algorithms: AlgorithmRegistry.standard.names)
        var sawSeeds = false
        var sawTextbook = false
        var variant: String?
        var switches: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            let (option, inlineValue) = split(argument)
            func value(_ expected: String) throws(BenchCommandLineError) -> String {
                try optionValue(option, inline: inlineValue, in: arguments, at: &index, expected: expected)
            }
            switch option {
            case "-h", "--help":
                return .chaosHelp
            case "--seeds":
                options.seedCount = try positiveInteger(try value("a number of seeds"), option: option,
                                                        expected: "a number of seeds from 1 to 10,000,000",
                                                        upTo: 10_000_000)
                sawSeeds = true
            case "--seed":
                options.firstSeed = try seed(try value("a whole number"), option: option)
            case "--algorithm":
                options.algorithms = try algorithms(try value(BenchCommandLine.algorithmChoicesInWords), option: option)
            case "--nodes":
                let text = try value("a cluster size")
                guard let nodes = Int(text), (2...15).contains(nodes) else {
                    throw .badValue(option: option, value: text, expected: "a cluster size from 2 to 15")
                }
                options.nodes = nodes
            case "--duration":
                let text = try value("seconds of faults")
                guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 3_600 else {
                    throw .badValue(option: option, value: text, expected: "a number of seconds above 0, at most 3600")
                }
                options.faultDuration = .nanoseconds(Int64((seconds * 1e9).rounded()))
            case "--no-storage-faults":
                options.injectsStorageFaults = false
            case "--textbook":
                options.settings = .textbook
                sawTextbook = true
            case "--variant":
                variant = try value("a variant name such as sticky")
            case "--every-combination":
                options.everyCombination = true
            case _ where Self.switchWords.contains(option) && option.hasPrefix("--no-"):
                switches.append(option)
            case _ where Self.switchWords.contains(option):
                switches += [option, try value("a value such as on or off")]
            case "--trace":
                options.printsTrace = true
            case "--sim":
                break  // the only mode here; `chaos --live` is read by ReliabilityCommandLine first
            default:
                throw argument.hasPrefix("-") ? .unknownChaosOption(argument) : .unexpectedChaosArgument(argument)
            }
        }
        if options.everyCombination, variant != nil || sawTextbook {
            throw .badValue(option: "--variant", value: variant ?? "textbook",
                            expected: "a choice beside --every-combination, which runs every combination of the "
                                + "switches; give one of them")
        }
        if let variant {
            options.settings = try chaosVariant(variant, of: options.algorithms, withTextbook: sawTextbook)
        }
        if !switches.isEmpty {
            options.settings = try chaosSwitches(switches, of: options.algorithms,
                                                 besideOtherChoice: variant != nil || sawTextbook || options.everyCombination)
        }
        if options.printsTrace {
            if !sawSeeds { options.seedCount = 1 }
            guard options.seedCount <= 10 else { throw .chaosTraceNeedsFewSeeds(options.seedCount) }
        }
        return .chaos(options)
    }

    /// An algorithm's own switches (`--no-pre-vote`, `--hand-over on`, `--bully-variant sticky`): what a replay
    /// command of `--every-combination` gives. Every chosen algorithm must have them all, and
    /// they are a choice of settings of their own, so no other choice may come with them.
    private static func chaosSwitches(_ switches: [String], of algorithms: [String],
                                      besideOtherChoice: Bool) throws(BenchCommandLineError) -> ChaosSettingsChoice {
        let flag = switches[0]
        guard !besideOtherChoice else {
            throw .badValue(option: flag, value: "with --variant, --textbook or --every-combination",
                            expected: "a choice of its own: give the switches or one of those")
        }
        let choice = ChaosSettingsChoice.switches(switches)
        for algorithm in algorithms {
            guard let entry = AlgorithmRegistry.standard.entry(named: algorithm) else { continue }
            // Checked here too, so that the refusal can list the algorithm's own switches.
            let own = ChaosCombinations.flagWords(of: entry)
            if let stranger = switches.first(where: { $0.hasPrefix("--") && !own.contains($0) }) {
                throw .badValue(option: stranger, value: "for \(algorithm)",
                                expected: "one of its switches (\(own.sorted().joined(separator: ", ")))"
                                    + (algorithms.count > 1 ? "; pick one algorithm with --algorithm" : ""))
            }
            do {
                _ = try choice.settings(of: entry)
            } catch {
                throw .badValue(option: flag, value: switches.joined(separator: " "),
                                expected: "switches \(algorithm) runs (\(error.reason))"
                                    + (algorithms.count > 1 ? "; pick one algorithm with --algorithm" : ""))
            }
        }
        return choice
    }

    /// Every registered algorithm's switches and choices (`--pre-vote`, `--bully-variant`)
    /// and the switches' negations (`--no-pre-vote`), which chaos takes as `election-node` does.
    private static var switchWords: Set<String> {
        Set(AlgorithmRegistry.standard.entries.flatMap { ChaosCombinations.flagWords(of: $0) })
    }

    /// `--variant NAME` (one name: a chaos run has one choice of settings), which every
    /// chosen algorithm must offer (`VariantChoice`), and which `--textbook` excludes; `chaos
    /// --live` and `crash-loop` read theirs the same way (`ReliabilityCommandLine`).
    static func chaosVariant(_ name: String, of algorithms: [String],
                                     withTextbook: Bool) throws(BenchCommandLineError) -> ChaosSettingsChoice {
        let option = "--variant"
        guard !withTextbook else {
            throw .badValue(option: option, value: name,
                            expected: "a choice beside --textbook, which is --variant textbook; give one of them")
        }
        if let lacking = ChaosSettingsChoice.algorithmLacking(name, among: algorithms) {
            throw .badValue(option: option, value: name,
                            expected: "one variant that \(lacking) offers (\(VariantChoice.namesInWords(algorithms: [lacking])))"
                                + (algorithms.count > 1 ? "; pick one algorithm with --algorithm" : ""))
        }
        return ChaosSettingsChoice(variantName: name)
    }
}
