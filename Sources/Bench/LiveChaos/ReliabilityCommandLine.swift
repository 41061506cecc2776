import AlgorithmRegistry
import Election
import Raft

/// Reads the command lines of `election-bench crash-loop` and `election-bench chaos --live`:
///
///     election-bench crash-loop --rounds 200 --seed 7
///     election-bench crash-loop --textbook
///     election-bench chaos --live --duration-s 180 --algorithm both
///     election-bench chaos --live --algorithm raft --variant no-hand-over
///
/// Options take their value as the next argument or after `=`, as everywhere in
/// `election-bench`, and bad values get the same one-line errors. The settings are chosen
/// as in the simulated chaos: the shipped defaults, `--textbook` or `--variant NAME`.
enum ReliabilityCommandLine {
    /// The command `arguments` ask for, or `nil` when they are not one of these two (they
    /// then go to `BenchCommandLine`).
    static func parse(_ arguments: [String]) throws(BenchCommandLineError) -> ReliabilityCommand? {
        guard let first = arguments.first else { return nil }
        let rest = Array(arguments.dropFirst())
        if first == "crash-loop" { return try parseCrashLoop(rest) }
        if first == "chaos", rest.contains("--live") { return try parseLiveChaos(rest.filter { $0 != "--live" }) }
        return nil
    }

    private static func parseCrashLoop(_ arguments: [String]) throws(BenchCommandLineError) -> ReliabilityCommand {
        var options = CrashLoopOptions()
        var timing = BenchTiming()
        var wantsHelp = false
        var choice = SettingsChoiceWords()
        try walk(arguments) { (option, value) throws(BenchCommandLineError) in
            if try choice.read(option, value) { return }
            switch option {
            case "-h", "--help": wantsHelp = true
            case "--rounds":
                options.rounds = try BenchCommandLine.positiveInteger(
                    try value("a whole number of rounds"), option: option,
                    expected: "a whole number of rounds from 1 to 1,000,000", upTo: 1_000_000)
            case "--nodes": options.clusterSize = try clusterSize(try value("a cluster size"), option: option)
            case "--seed": options.live.seed = try BenchCommandLine.seed(try value("a whole number"), option: option)
            default: try timingOption(option, value, into: &timing)
            }
        }
        if wantsHelp { return .help(ReliabilityHelp.crashLoop) }
        let settings = try choice.crashLoopChoice()
        try settingsError { () throws(BenchSettingsError) in try options.use(settings, timing: timing) }
        return .crashLoop(options)
    }

    private static func parseLiveChaos(_ arguments: [String]) throws(BenchCommandLineError) -> ReliabilityCommand {
        var options = LiveChaosOptions()
        var timing = BenchTiming()
        var wantsHelp = false
        var choice = SettingsChoiceWords()
        try walk(arguments) { (option, value) throws(BenchCommandLineError) in
            if try choice.read(option, value) { return }
            switch option {
            case "-h", "--help": wantsHelp = true
            case "--duration-s", "--duration":  // --duration as in the simulated chaos
                let text = try value("seconds")
                guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                    throw .badValue(option: option, value: text, expected: "a number of seconds above 0, at most 86,400")
                }
                options.duration = .milliseconds(Int64((seconds * 1000).rounded()))
            case "--algorithm":
                options.algorithms = try BenchCommandLine.algorithms(try value(BenchCommandLine.algorithmChoicesInWords), option: option)
            case "--nodes": options.clusterSize = try clusterSize(try value("a cluster size"), option: option)
            case "--seed": options.live.seed = try BenchCommandLine.seed(try value("a whole number"), option: option)
            case "--sim": throw .conflictingModes
            default: try timingOption(option, value, into: &timing)
            }
        }
        if wantsHelp { return .help(ReliabilityHelp.liveChaos) }
        let settings = try choice.chaosChoice(of: options.algorithms)
        try settingsError { () throws(BenchSettingsError) in try options.use(settings, timing: timing) }
        return .liveChaos(options)
    }

    // MARK: - Shared pieces

    /// Calls `handle` with each option and a function that takes its value.
    private static func walk(
        _ arguments: [String],
        _ handle: (String, (String) throws(BenchCommandLineError) -> String) throws(BenchCommandLineError) -> Void
    ) throws(BenchCommandLineError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else { throw .unknownOption(argument) }
            let (option, inlineValue) = BenchCommandLine.split(argument)
            try handle(option) { (expected: String) throws(BenchCommandLineError) -> String in
                if let inlineValue { return inlineValue }
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw .missingValue(option: option, expected: expected)
                }
                index += 1
                return arguments[index - 1]
            }
        }
    }

    private static func timingOption(_ option: String, _ value: (String) throws(BenchCommandLineError) -> String,
                                     into timing: inout BenchTiming) throws(BenchCommandLineError) {
        switch option {
        case "--heartbeat-ms":
            timing.heartbeat = try BenchCommandLine.milliseconds(try value("milliseconds"), option: option)
        case "--election-timeout-ms":
            let (minimum, maximum) = try BenchCommandLine.timeoutRange(
                try value("T or MIN-MAX in milliseconds"), option: option)
            timing.electionTimeoutMin = minimum
            timing.electionTimeoutMax = maximum
        case "--answer-timeout-ms":
            timing.answerTimeout = try BenchCommandLine.milliseconds(try value("milliseconds"), option: option)
        default:
            throw .unknownOption(option)
        }
    }

    private static func clusterSize(_ text: String, option: String) throws(BenchCommandLineError) -> Int {
        guard let size = Int(text), (3...51).contains(size) else {
            throw .badValue(option: option, value: text, expected: "a cluster size from 3 to 51")
        }
        return size
    }

    /// Settings the timing flags and the chosen variant cannot make get the timing flags' error.
    private static func settingsError(_ body: () throws(BenchSettingsError) -> Void) throws(BenchCommandLineError) {
        do {
            try body()
        } catch {
            throw .invalidTiming(error)
        }
    }

    /// `--textbook` and `--variant NAME` as the command line gave them, read into a choice
    /// once every option is in (`chaos --live` needs its `--algorithm` first).
    private struct SettingsChoiceWords {
        var sawTextbook = false
        var variant: String?

        /// Takes `option` if it is one of the two, and says whether it was.
        mutating func read(_ option: String, _ value: (String) throws(BenchCommandLineError) -> String)
            throws(BenchCommandLineError) -> Bool
        {
            switch option {
            case "--textbook": sawTextbook = true
            case "--variant": variant = try value("a variant name such as textbook")
            default: return false
            }
            return true
        }

        /// The simulated chaos's reading: one variant every chosen algorithm offers.
        func chaosChoice(of algorithms: [String]) throws(BenchCommandLineError) -> ChaosSettingsChoice {
            guard let variant else { return sawTextbook ? .textbook : .defaults }
            return try BenchCommandLine.chaosVariant(variant, of: algorithms, withTextbook: sawTextbook)
        }

        /// The same for Raft alone; a name only another algorithm offers is refused as such,
        /// since crash-loop runs Raft only.
        func crashLoopChoice() throws(BenchCommandLineError) -> ChaosSettingsChoice {
            let raft = [RaftNode.algorithmName]
            if let variant, !sawTextbook, ChaosSettingsChoice.algorithmLacking(variant, among: raft) != nil,
               VariantChoice.unknownNames([variant], algorithms: AlgorithmRegistry.standard.names).isEmpty {
                throw .badValue(option: "--variant", value: variant,
                                expected: "one of Raft's variants: crash-loop runs Raft only ("
                                    + VariantChoice.namesInWords(algorithms: raft) + ")")
            }
            return try chaosChoice(of: raft)
        }
    }
}
