import AlgorithmRegistry

extension BenchCommandLine {
    /// Parses the arguments after `chaos`:
    ///
    ///     election-bench chaos --seeds 10000
    ///     election-bench chaos --algorithm raft --seed 123 --seeds 1 --trace
    ///     election-bench chaos --textbook
    ///     election-bench chaos --algorithm bully --variant sticky
    static func parseChaos(_ arguments: [String]) throws(BenchCommandLineError) -> BenchCommand {
        var options = ChaosOptions(algorithms: AlgorithmRegistry.standard.names)
        var sawSeeds = false
        var sawTextbook = false
        var variant: String?
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
            case "--trace":
                options.printsTrace = true
            case "--sim":
                break  // the only mode here; `chaos --live` is read by ReliabilityCommandLine first
            default:
                throw argument.hasPrefix("-") ? .unknownChaosOption(argument) : .unexpectedChaosArgument(argument)
            }
        }
        if let variant {
            options.settings = try chaosVariant(variant, of: options.algorithms, withTextbook: sawTextbook)
        }
        if options.printsTrace {
            if !sawSeeds { options.seedCount = 1 }
            guard options.seedCount <= 10 else { throw .chaosTraceNeedsFewSeeds(options.seedCount) }
        }
        return .chaos(options)
    }

    /// `--variant NAME` (one name: a chaos run has one choice of settings), which every
    /// chosen algorithm must offer (`VariantChoice`), and which `--textbook` excludes.
    private static func chaosVariant(_ name: String, of algorithms: [String],
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
