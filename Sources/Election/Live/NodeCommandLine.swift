import Election
import Foundation

/// `election-node`'s command line: parsing, checking and the `--help` text.
///
/// It lives in the library (not in the executable) so that tests can call it. Parsing
/// stops at the first problem and reports it as one `NodeCommandLineError` sentence; the
/// executable prints that on one line and exits with status 2.
public enum NodeCommandLine {
    /// What the command line asks for.
    public enum Request: Hashable, Sendable {
        case run(NodeOptions)
        case help
        case version
    }

    /// The version `--version` prints.
    public static let version = "0.1.0"

    /// Parses the arguments after the program name, for a node that can run any of
    /// `algorithms` (the first is the default). `environment` supplies `XDG_STATE_HOME` and
    /// `HOME`, and `workingDirectory` the last fallback, for the default `--data-dir` (see
    /// `defaultDataDirectory`).
    ///
    /// Flags take their value as the next argument (`--id 1`) or after `=` (`--id=1`); a
    /// switch's negation takes none (`--no-pre-vote` is `--pre-vote off`).
    /// `--help` or `--version` anywhere wins over everything else.
    public static func parse(_ arguments: [String], algorithms: [any RegisteredAlgorithm.Type],
                             environment: [String: String] = [:],
                             workingDirectory: String = currentDirectory())
        throws(NodeCommandLineError) -> Request
    {
        precondition(!algorithms.isEmpty, "election-node needs at least one algorithm")
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        if arguments.contains("--version") { return .version }
        let known = commonFlags + algorithms.flatMap { $0.flagNames }
        var negations: [String: String] = [:]
        for algorithm in algorithms { negations.merge(algorithm.negatedFlags) { first, _ in first } }
        let values = try collectValues(arguments, known: Set(known), negations: negations)
        return .run(try options(from: values, algorithms: algorithms, environment: environment,
                                workingDirectory: workingDirectory))
    }

    /// The flags every node takes whatever its algorithm, in the order `--help` lists them;
    /// each algorithm adds its own (`RegisteredAlgorithm.flags`).
    public static let commonFlags = [
        "--id", "--nodes", "--port", "--bind", "--algorithm",
        "--data-dir", "--log-format", "--seed", "--delay-ms", "--control",
    ]

    /// Where an algorithm that keeps state keeps it unless `--data-dir` says otherwise: one
    /// directory per algorithm, node and port, `<algorithm>-node-<id>-port-<port>`, so
    /// several local clusters do not share votes, inside `stateRoot`.
    ///
    /// Not under /tmp: /tmp is emptied at boot on many systems (a tmpfs on Debian 13,
    /// Fedora and Arch), and a node that forgets its vote can vote twice in one term.
    public static func defaultDataDirectory(algorithm: String, id: NodeID, port: UInt16,
                                            environment: [String: String],
                                            workingDirectory: String = currentDirectory()) -> String
    {
        stateRoot(environment, workingDirectory: workingDirectory) + "/\(algorithm)-node-\(id)-port-\(port)"
    }

    /// The XDG Base Directory place for state that must outlive restarts and reboots but
    /// is not worth backing up: `$XDG_STATE_HOME/swift-election`, else
    /// `$HOME/.local/state/swift-election`. With neither set (a bare container, a
    /// service without a home), `swift-election-state` in the working directory, the way
    /// etcd keeps `NAME.etcd` beside where it was started. As the XDG rules say, a
    /// relative `XDG_STATE_HOME` or `HOME` is ignored.
    static func stateRoot(_ environment: [String: String], workingDirectory: String) -> String {
        func absolute(_ name: String) -> String? {
            guard var value = environment[name], value.hasPrefix("/") else { return nil }
            while value.count > 1, value.hasSuffix("/") { value.removeLast() }
            return value == "/" ? "" : value
        }
        if let stateHome = absolute("XDG_STATE_HOME") { return stateHome + "/swift-election" }
        if let home = absolute("HOME") { return home + "/.local/state/swift-election" }
        var directory = workingDirectory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        return (directory == "/" ? "" : directory) + "/swift-election-state"
    }

    /// The process's working directory (`/` if it cannot be read).
    public static func currentDirectory() -> String {
        FileManager.default.currentDirectoryPath
    }

    // MARK: - Collecting flag values

    /// `negations` maps each switch's negation (`--no-pre-vote`) to its flag (`--pre-vote`).
    private static func collectValues(_ arguments: [String], known: Set<String>, negations: [String: String])
        throws(NodeCommandLineError) -> [String: String]
    {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-") else { throw .unexpectedArgument(argument) }
            var flag = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            if let switchFlag = negations[flag] {
                guard value == nil else { throw .valueAfterNegation(flag, switchFlag: switchFlag) }
                guard values[switchFlag] == nil else { throw .repeatedFlag(switchFlag) }
                values[switchFlag] = FlagNegation.value
                continue
            }
            guard known.contains(flag) else { throw .unknownFlag(flag) }
            guard values[flag] == nil else { throw .repeatedFlag(flag) }
            if value == nil {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw .missingValue(flag)
                }
                value = arguments[index]
                index += 1
            }
            values[flag] = value
        }
        return values
    }

    // MARK: - Checking values

    private static func options(from values: [String: String], algorithms: [any RegisteredAlgorithm.Type],
                                environment: [String: String], workingDirectory: String)
        throws(NodeCommandLineError) -> NodeOptions
    {
        // 1) Who this node is and who else is in the cluster.
        guard let idText = values["--id"] else { throw .missingFlag("--id", example: "--id 1") }
        guard let number = Int(idText), let id = NodeID(rawValue: number) else {
            throw .badValue(flag: "--id", value: idText, expected: "a positive whole number")
        }
        guard let nodesText = values["--nodes"] else {
            throw .missingFlag("--nodes", example: "--nodes 1:8001,2:8002,3:8003")
        }
        let membership: Membership
        do {
            membership = try Membership.parse(nodesText)
        } catch {
            throw .badNodes(error)
        }
        guard let ownEntry = membership.member(id) else { throw .notAMember(id, membership) }

        // 2) Where it listens: --port, if given, must agree with its own entry.
        var port = ownEntry.port
        if let portText = values["--port"] {
            guard let given = UInt16(portText), given > 0 else {
                throw .badValue(flag: "--port", value: portText, expected: "a port number from 1 to 65535")
            }
            guard given == ownEntry.port else { throw .portDisagrees(port: given, entry: ownEntry) }
            port = given
        }
        let bindHost = values["--bind"] ?? "127.0.0.1"
        guard !bindHost.isEmpty else {
            throw .badValue(flag: "--bind", value: bindHost, expected: "an address such as 127.0.0.1 or 0.0.0.0")
        }

        // 3) The algorithm; a flag of another algorithm is a mistake worth naming.
        var algorithm = algorithms[0]
        if let name = values["--algorithm"] {
            guard let chosen = algorithms.first(where: { $0.algorithmName == name }) else {
                throw .badValue(flag: "--algorithm", value: name,
                                expected: FlagValue.choice(algorithms.map { $0.algorithmName }))
            }
            algorithm = chosen
        }
        let ownFlags = Set(algorithm.flagNames)
        for flag in values.keys.sorted() where !commonFlags.contains(flag) && !ownFlags.contains(flag) {
            throw .onlyFor(flag: flag, algorithms: algorithms.filter { $0.flagNames.contains(flag) }.map { $0.algorithmName })
        }
        if !algorithm.keepsDurableState, values["--data-dir"] != nil {
            throw .onlyFor(flag: "--data-dir",
                           algorithms: algorithms.filter { $0.keepsDurableState }.map { $0.algorithmName })
        }
        let algorithmFlags = values.filter { ownFlags.contains($0.key) }
        do {
            try check(algorithmFlags, of: algorithm)
        } catch {
            throw .flagValue(error)
        }

        // 4) Everything else.
        let delay: Duration
        do {
            delay = try values["--delay-ms"].map { text throws(FlagValueError) in
                try FlagValue.milliseconds(text, flag: "--delay-ms", allowZero: true)
            } ?? .zero
        } catch {
            throw .flagValue(error)
        }
        var logFormat = EventLog.Format.text
        if let text = values["--log-format"] {
            guard let chosen = EventLog.Format(rawValue: text) else {
                throw .badValue(flag: "--log-format", value: text, expected: "text or json")
            }
            logFormat = chosen
        }
        let seed = try values["--seed"].map { text throws(NodeCommandLineError) in
            guard let seed = UInt64(text) else {
                throw .badValue(flag: "--seed", value: text, expected: "a whole number from 0 to \(UInt64.max)")
            }
            return seed
        }
        var dataDirectory: String?
        if algorithm.keepsDurableState {
            let directory = values["--data-dir"]
                ?? defaultDataDirectory(algorithm: algorithm.algorithmName, id: id, port: port,
                                        environment: environment, workingDirectory: workingDirectory)
            guard !directory.isEmpty else {
                throw .badValue(flag: "--data-dir", value: directory, expected: "a directory path")
            }
            dataDirectory = directory
        }

        var options = NodeOptions(
            id: id, port: port, membership: membership, algorithm: algorithm.algorithmName,
            algorithmFlags: algorithmFlags, bindHost: bindHost, dataDirectory: dataDirectory,
            logFormat: logFormat, seed: seed, delay: delay)
        options.controlOnStandardInput = try controlChannel(values["--control"])
        return options
    }

    /// `--control stdin` turns the control channel on; standard input is the only channel,
    /// so that no command ever comes from the network.
    private static func controlChannel(_ text: String?) throws(NodeCommandLineError) -> Bool {
        guard let text else { return false }
        guard text == "stdin" else {
            throw .badValue(flag: "--control", value: text, expected: "stdin (the only control channel)")
        }
        return true
    }

    /// Builds (and drops) the settings, so a bad value is refused before the node starts.
    private static func check<Algorithm: RegisteredAlgorithm>(_ flags: [String: String], of _: Algorithm.Type)
        throws(FlagValueError)
    {
        _ = try Algorithm.settings(from: flags)
    }
}

/// A command-line mistake, as one sentence that names the flag and says what would work.
public enum NodeCommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownFlag(String)
    case unexpectedArgument(String)
    case repeatedFlag(String)
    /// A switch's negation (`--no-pre-vote`) given a value; `switchFlag` is the flag that takes one.
    case valueAfterNegation(String, switchFlag: String)
    case missingValue(String)
    case missingFlag(String, example: String)
    case badValue(flag: String, value: String, expected: String)
    /// A value the flag's reader refused, or settings the algorithm cannot run with.
    case flagValue(FlagValueError)
    case badNodes(MembershipError)
    case notAMember(NodeID, Membership)
    case portDisagrees(port: UInt16, entry: Member)
    /// A flag of other algorithms than the chosen one (`algorithms` names them).
    case onlyFor(flag: String, algorithms: [String])

    public var description: String {
        switch self {
        case .unknownFlag(let flag):
            return "unknown flag '\(flag)'; run election-node --help to see every flag"
        case .unexpectedArgument(let argument):
            return "unexpected argument '\(argument)'; every value follows its flag, as in --id 1"
        case .repeatedFlag(let flag):
            return "\(flag) is given twice; give it once"
        case .valueAfterNegation(let flag, let switchFlag):
            return "\(flag) takes no value; write \(switchFlag) on or \(switchFlag) off to give one"
        case .missingValue(let flag):
            return "\(flag) needs a value after it; run election-node --help for examples"
        case .missingFlag(let flag, let example):
            return "\(flag) is required, for example \(example)"
        case .badValue(let flag, let value, let expected):
            return "\(flag): '\(value)' is not \(expected)"
        case .flagValue(let error):
            return error.description
        case .badNodes(let error):
            return "--nodes: \(error)"
        case .notAMember(let id, let membership):
            return "--id \(id) has no entry in --nodes \(membership); add one such as \(id):<port>"
        case .portDisagrees(let port, let entry):
            return "--port \(port) disagrees with this node's --nodes entry \(entry); leave --port out or make them agree"
        case .onlyFor(let flag, let algorithms):
            return "\(flag) applies only to --algorithm \(FlagValue.choice(algorithms))"
        }
    }
}
