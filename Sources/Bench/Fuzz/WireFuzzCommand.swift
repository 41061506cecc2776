import ElectionLive

/// `election-bench fuzz`: the wire fuzzer for longer than `swift test` runs it.
///
///     election-bench fuzz --inputs 1000000 --seed 1
///
/// Prints the inputs run by kind, how each kind was answered, and every failure with the
/// seed and command that replays it. Exit status 0 when nothing failed, 1 when something
/// did, 2 for a command line it cannot run.
enum WireFuzzCommand {
    static let defaultInputs = 1_000_000
    static let defaultSeed: UInt64 = 1

    static let help = """
        election-bench fuzz: seeded garbage against everything a node reads from its port.

        Usage:
          election-bench fuzz [--inputs N] [--seed S]

        Kinds of input, in equal shares:
        \(WireFuzzKind.allCases.map { "  \($0.rawValue.padded(15)) \($0.summary)" }.joined(separator: "\n"))

        Each input must end in a verdict (a message or HTTP request accepted, or refused with
        an error the node can send back on one line), never a trap, and no buffer may grow past
        its bound (LineFramer, HTTPRequestReader, the 64 KiB line limit). Input i uses seed
        S + i, so a failure prints the one command that makes it again:
          election-bench fuzz --inputs 1 --seed <its seed>
        swift test runs 100,000 inputs (Tests/BenchTests/WireFuzzTests.swift).

        Options (defaults in brackets):
          --inputs N   how many inputs [\(defaultInputs)]
          --seed S     seed of the first input [\(defaultSeed)]
          --help       this text
        """

    /// Runs the command; `arguments` come after `fuzz`.
    static func run(_ arguments: [String], console: any BenchConsole) -> Int32 {
        var inputs = defaultInputs
        var seed = defaultSeed
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                console.write(help)
                return 0
            }
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let option = parts[0]
            guard option == "--inputs" || option == "--seed" else {
                console.writeError("election-bench fuzz: unknown option '\(argument)'; run election-bench fuzz --help")
                return 2
            }
            var value = parts.count == 2 ? parts[1] : nil
            if value == nil, index < arguments.count {
                value = arguments[index]
                index += 1
            }
            if option == "--inputs" {
                guard let text = value, let number = Int(text), (1...1_000_000_000).contains(number) else {
                    console.writeError("election-bench fuzz: --inputs needs a whole number from 1 to 1000000000")
                    return 2
                }
                inputs = number
            } else {
                guard let text = value, let number = UInt64(text) else {
                    console.writeError("election-bench fuzz: --seed needs a whole number from 0 to \(UInt64.max)")
                    return 2
                }
                seed = number
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let report = WireFuzzer.run(inputs: inputs, seed: seed)
        let duration = clock.now - start
        console.write(report.text + "time: \(duration.formattedSeconds) s on one thread")
        return report.failures.isEmpty ? 0 : 1
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

extension Duration {
    fileprivate var formattedSeconds: String {
        let (seconds, attoseconds) = components
        let tenths = attoseconds / 100_000_000_000_000_000
        return "\(seconds).\(tenths)"
    }
}
