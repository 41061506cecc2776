import Election

/// The command line of `election-watch`, parsed and checked once.
public struct WatchOptions: Hashable, Sendable {
    /// The nodes to watch (`--nodes`).
    public var membership: Membership
    /// Time between two rounds of questions (`--interval-ms`, default 100 ms): ten redraws
    /// a second, so a failover of a few hundred milliseconds is seen as it happens.
    public var interval: Duration = .milliseconds(100)
    /// How long to wait for each node's answer (`--timeout-ms`; by default 200 ms, or the
    /// interval when that is shorter, so that by default a round never outlasts its
    /// interval and a node that hangs does not slow the redraws).
    public var timeout: Duration = .milliseconds(200)
    /// Print one snapshot and exit (`--once`).
    public var once = false
    /// Print a snapshot on every change instead of redrawing, even on a terminal (`--plain`).
    public var plain = false
    /// Colour was not switched off with `--no-color` (the `NO_COLOR` variable also does).
    public var colorAllowed = true

    public init(membership: Membership) {
        self.membership = membership
    }

    /// What the command line asks for.
    public enum Command: Hashable, Sendable {
        case help
        case watch(WatchOptions)
    }

    /// Parses the arguments after the program name. Flags take their value as the next
    /// argument or after `=` (`--nodes=1:8001,2:8002`).
    public static func parse(_ arguments: [String]) throws(WatchUsageError) -> Command {
        var nodes: String?
        var intervalMs: Int?
        var timeoutMs: Int?
        var once = false, plain = false, colorAllowed = true
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws(WatchUsageError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst(), !next.hasPrefix("--") else {
                    throw WatchUsageError("option \(name) needs a value, for example \(name) \(example(for: name))")
                }
                return next
            }
            func noValue() throws(WatchUsageError) {
                if inlineValue != nil { throw WatchUsageError("option \(name) takes no value") }
            }
            switch name {
            case "-h", "--help": return .help
            case "--nodes": nodes = try value()
            case "--interval-ms": intervalMs = try milliseconds(try value(), for: name, in: 10...60_000)
            case "--timeout-ms": timeoutMs = try milliseconds(try value(), for: name, in: 1...60_000)
            case "--once": try noValue(); once = true
            case "--plain": try noValue(); plain = true
            case "--no-color", "--no-colour": try noValue(); colorAllowed = false
            default:
                throw WatchUsageError("unknown option '\(argument)'; run election-watch --help to see the options")
            }
        }
        guard let nodes else {
            throw WatchUsageError("--nodes is required: say which nodes to watch, for example --nodes 1:8001,2:8002,3:8003")
        }
        let membership: Membership
        do {
            membership = try Membership.parse(nodes)
        } catch {
            throw WatchUsageError("--nodes: \(error)")
        }
        var options = WatchOptions(membership: membership)
        if let intervalMs { options.interval = .milliseconds(intervalMs) }
        options.timeout = timeoutMs.map { .milliseconds($0) } ?? min(options.timeout, options.interval)
        options.once = once
        options.plain = plain
        options.colorAllowed = colorAllowed
        return .watch(options)
    }

    /// Whether to colour the output: only on a terminal, never with `--no-color` or when
    /// the `NO_COLOR` environment variable is set to anything but the empty string
    /// (https://no-color.org).
    public func usesColor(stdoutIsTerminal: Bool, environment: [String: String]) -> Bool {
        colorAllowed && stdoutIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    private static func milliseconds(_ text: String, for name: String, in range: ClosedRange<Int>)
        throws(WatchUsageError) -> Int
    {
        guard let value = Int(text), range.contains(value) else {
            throw WatchUsageError("\(name) wants a whole number of milliseconds from \(range.lowerBound) "
                + "to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    private static func example(for name: String) -> String {
        switch name {
        case "--nodes": return "1:8001,2:8002,3:8003"
        case "--interval-ms": return "100"
        case "--timeout-ms": return "200"
        default: return "VALUE"
        }
    }

    public static let helpText = """
        election-watch: a live view of a running election cluster.

        It asks every node for its status (the {"type":"status"} line on the node's own
        TCP port) ten times a second and shows, for each node: whether it answers,
        its role, the leader it believes in, its term or epoch, and how
        long ago that last changed. Below the table, one line says whether the answering
        nodes agree on a leader, and a log lists the latest leader changes and nodes
        going down or coming back, with times (HH:MM:SS.mmm, local time).

        Usage:
          election-watch --nodes LIST [--interval-ms N] [--timeout-ms N] [--once]
                         [--plain] [--no-color]

        Options:
          --nodes LIST       The nodes to watch, as given to election-node: comma-separated
                             id:port (host 127.0.0.1) or id:host:port entries. Required.
          --interval-ms N    Time between two rounds of questions, 10-60000. Default 100
                             (ten redraws a second). A round starts only when the last
                             one has ended, so a slow node never makes rounds pile up.
          --timeout-ms N     How long to wait for each node's answer, 1-60000. Default 200,
                             or the interval when that is shorter (so 100 by default). A
                             node that does not answer in time counts as down.
          --once             Ask once, print one plain snapshot and exit.
          --plain            Print a timestamped snapshot each time something changes
                             instead of redrawing the screen. This is what happens anyway
                             when the output is not a terminal (a pipe or a file).
          --no-color         No colours. Setting the NO_COLOR environment variable to a
                             non-empty value does the same. Colours are only used on a
                             terminal: leaders green, candidates yellow, down nodes red.
          -h, --help         Show this help.

        Reading the table:
          never answered     The node has not answered once since the watch started.
          down since T       The node answered before, but not since T.
          SINCE              How long ago the node's state, role, leader or term last
                             changed; "≥" means it was already so when the watch began.
          NOTE               Why a node does not answer, or a warning such as a node
                             configured with a different member list.

        The summary line says "Leader: node N ..." when every answering node follows the
        same live leader, "No agreement: ..." with each node's belief when they differ,
        and "SPLIT BRAIN" when two answering nodes both say they lead.

        Exit status: 0 when stopped with Ctrl-C (SIGINT) or SIGTERM, and after --once
        whether or not the nodes answered (read the snapshot to know); 2 for a bad
        command line, with one line on standard error.

        Examples:
          election-watch --nodes 1:8001,2:8002,3:8003
          election-watch --nodes 1:8001,2:8002,3:8003 --once
          election-watch --nodes 1:8001,2:8002,3:8003 --interval-ms 500 | tee watch.log
          NO_COLOR=1 election-watch --nodes 1:10.0.0.5:8001,2:10.0.0.6:8001,3:10.0.0.7:8001
        """
}

/// A command-line mistake, as one sentence for standard error.
public struct WatchUsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
