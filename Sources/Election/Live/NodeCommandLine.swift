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

    /// Parses the arguments after the program name. `environment` supplies
    /// `XDG_STATE_HOME` and `HOME`, and `workingDirectory` the last fallback, for the
    /// default `--data-dir` (see `defaultDataDirectory`).
    ///
    /// Flags take their value as the next argument (`--id 1`) or after `=` (`--id=1`).
    /// `--help` or `--version` anywhere wins over everything else.
    public static func parse(_ arguments: [String], environment: [String: String] = [:],
                             workingDirectory: String = currentDirectory())
        throws(NodeCommandLineError) -> Request
    {
        if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) { return .help }
        if arguments.contains("--version") { return .version }
        let values = try collectValues(arguments)
        return .run(try options(from: values, environment: environment, workingDirectory: workingDirectory))
    }

    /// Every flag that takes a value, in the order `--help` lists them.
    static let valueFlags = [
        "--id", "--port", "--nodes", "--algorithm", "--bind", "--heartbeat-ms",
        "--election-timeout-ms", "--answer-timeout-ms", "--coordinator-timeout-ms",
        "--data-dir", "--log-format", "--seed", "--delay-ms", "--control",
    ]

    /// The longest timing value accepted: one hour, far beyond any sensible timeout, and
    /// small enough that doubling it cannot overflow.
    static let longestMilliseconds = 3_600_000

    /// Where Raft keeps its term and vote unless `--data-dir` says otherwise: one directory
    /// per node and port, `raft-node-<id>-port-<port>`, so several local clusters do not
    /// share votes, inside `stateRoot`.
    ///
    /// Not under /tmp: /tmp is emptied at boot on many systems (a tmpfs on Debian 13,
    /// Fedora and Arch), and a node that forgets its vote can vote twice in one term.
    public static func defaultDataDirectory(id: NodeID, port: UInt16, environment: [String: String],
                                            workingDirectory: String = currentDirectory()) -> String
    {
        stateRoot(environment, workingDirectory: workingDirectory) + "/raft-node-\(id)-port-\(port)"
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

    private static func collectValues(_ arguments: [String]) throws(NodeCommandLineError) -> [String: String] {
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
            guard valueFlags.contains(flag) else { throw .unknownFlag(flag) }
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

    private static func options(from values: [String: String], environment: [String: String],
                                workingDirectory: String) throws(NodeCommandLineError) -> NodeOptions
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

        // 3) The algorithm, and the flags that only make sense for one of them.
        var algorithm = NodeOptions.Algorithm.bully
        if let text = values["--algorithm"] {
            guard let chosen = NodeOptions.Algorithm(rawValue: text) else {
                throw .badValue(flag: "--algorithm", value: text, expected: "bully or raft")
            }
            algorithm = chosen
        }
        let bullyOnly = ["--answer-timeout-ms", "--coordinator-timeout-ms"]
        for flag in bullyOnly where algorithm != .bully && values[flag] != nil {
            throw .onlyFor(flag: flag, algorithm: .bully)
        }
        if algorithm != .raft, values["--data-dir"] != nil {
            throw .onlyFor(flag: "--data-dir", algorithm: .raft)
        }

        // 4) Timing.
        let heartbeat = try values["--heartbeat-ms"].map { text throws(NodeCommandLineError) in
            try milliseconds(text, flag: "--heartbeat-ms")
        }
        let electionTimeout = try values["--election-timeout-ms"].map { text throws(NodeCommandLineError) in
            try parseElectionTimeout(text, algorithm: algorithm)
        }
        let answerTimeout = try values["--answer-timeout-ms"].map { text throws(NodeCommandLineError) in
            try milliseconds(text, flag: "--answer-timeout-ms")
        }
        let coordinatorTimeout = try values["--coordinator-timeout-ms"].map { text throws(NodeCommandLineError) in
            try milliseconds(text, flag: "--coordinator-timeout-ms")
        }
        let delay = try values["--delay-ms"].map { text throws(NodeCommandLineError) in
            try milliseconds(text, flag: "--delay-ms", allowZero: true)
        } ?? .zero

        // 5) Everything else.
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
        let dataDirectory = values["--data-dir"]
            ?? defaultDataDirectory(id: id, port: port, environment: environment, workingDirectory: workingDirectory)
        guard !dataDirectory.isEmpty else {
            throw .badValue(flag: "--data-dir", value: dataDirectory, expected: "a directory path")
        }

        var options = NodeOptions(
            id: id, port: port, membership: membership, algorithm: algorithm, bindHost: bindHost,
            heartbeat: heartbeat, electionTimeout: electionTimeout, answerTimeout: answerTimeout,
            coordinatorTimeout: coordinatorTimeout, dataDirectory: dataDirectory,
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

    private static func milliseconds(_ text: String, flag: String, allowZero: Bool = false)
        throws(NodeCommandLineError) -> Duration
    {
        guard let value = Int(text) else { throw .notMilliseconds(flag: flag, value: text) }
        let lowest = allowZero ? 0 : 1
        guard (lowest...longestMilliseconds).contains(value) else {
            throw .millisecondsOutOfRange(flag: flag, value: value, lowest: lowest, highest: longestMilliseconds)
        }
        return .milliseconds(value)
    }

    private static func parseElectionTimeout(_ text: String, algorithm: NodeOptions.Algorithm)
        throws(NodeCommandLineError) -> NodeOptions.ElectionTimeout
    {
        let flag = "--election-timeout-ms"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // A leading minus is a negative number, not a range; `milliseconds` refuses it.
        if parts.count == 1 || parts[0].isEmpty { return .single(try milliseconds(text, flag: flag)) }
        guard parts.count == 2 else { throw .notMilliseconds(flag: flag, value: text) }
        guard algorithm == .raft else { throw .rangeNeedsRaft(value: text) }
        let minimum = try milliseconds(parts[0], flag: flag)
        let maximum = try milliseconds(parts[1], flag: flag)
        guard minimum < maximum else { throw .emptyRange(value: text) }
        return .range(minimum: minimum, maximum: maximum)
    }
}

/// A command-line mistake, as one sentence that names the flag and says what would work.
public enum NodeCommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownFlag(String)
    case unexpectedArgument(String)
    case repeatedFlag(String)
    case missingValue(String)
    case missingFlag(String, example: String)
    case badValue(flag: String, value: String, expected: String)
    case notMilliseconds(flag: String, value: String)
    case millisecondsOutOfRange(flag: String, value: Int, lowest: Int, highest: Int)
    case rangeNeedsRaft(value: String)
    case emptyRange(value: String)
    case badNodes(MembershipError)
    case notAMember(NodeID, Membership)
    case portDisagrees(port: UInt16, entry: Member)
    case onlyFor(flag: String, algorithm: NodeOptions.Algorithm)
    /// The values parse but cannot work together (for example a heartbeat longer than the
    /// timeout); `reason` comes from the algorithm's settings check.
    case settingsRejected(String)

    public var description: String {
        switch self {
        case .unknownFlag(let flag):
            return "unknown flag '\(flag)'; run election-node --help to see every flag"
        case .unexpectedArgument(let argument):
            return "unexpected argument '\(argument)'; every value follows its flag, as in --id 1"
        case .repeatedFlag(let flag):
            return "\(flag) is given twice; give it once"
        case .missingValue(let flag):
            return "\(flag) needs a value after it; run election-node --help for examples"
        case .missingFlag(let flag, let example):
            return "\(flag) is required, for example \(example)"
        case .badValue(let flag, let value, let expected):
            return "\(flag): '\(value)' is not \(expected)"
        case .notMilliseconds(let flag, let value):
            return "\(flag): '\(value)' is not a number of milliseconds"
        case .millisecondsOutOfRange(let flag, let value, let lowest, let highest):
            return "\(flag): \(value) ms is out of range; give \(lowest) to \(highest) milliseconds"
        case .rangeNeedsRaft(let value):
            return "--election-timeout-ms: the range '\(value)' needs --algorithm raft; Bully takes one failure timeout, such as 200"
        case .emptyRange(let value):
            return "--election-timeout-ms: in '\(value)' the minimum must be below the maximum, as in 150-300"
        case .badNodes(let error):
            return "--nodes: \(error)"
        case .notAMember(let id, let membership):
            return "--id \(id) has no entry in --nodes \(membership); add one such as \(id):<port>"
        case .portDisagrees(let port, let entry):
            return "--port \(port) disagrees with this node's --nodes entry \(entry); leave --port out or make them agree"
        case .onlyFor(let flag, let algorithm):
            return "\(flag) applies only to --algorithm \(algorithm.rawValue)"
        case .settingsRejected(let reason):
            return reason
        }
    }
}
