import Election

extension NodeCommandLine {
    /// The `--version` line.
    public static var versionText: String { "election-node \(version) (swift-election)\n" }

    /// The `--help` text: the common flags, then each algorithm's own flags with the
    /// defaults of its settings, then examples. Everything about an algorithm comes from
    /// its registry entry.
    public static func helpText(algorithms: [any RegisteredAlgorithm.Type], environment: [String: String] = [:],
                                workingDirectory: String = currentDirectory()) -> String {
        let names = algorithms.map { $0.algorithmName }
        let titles = algorithms.map { $0.title }
        let first = names[0]
        let keepers = algorithms.filter { $0.keepsDurableState }
        var text = """
        election-node: one member of a leader-election cluster (\(FlagValue.choice(titles))) over TCP.

        USAGE
          election-node --id ID --nodes LIST [--port PORT] [--algorithm \(names.joined(separator: "|"))] [options]

        CLUSTER

        """
        text += row("--id ID", "This node's id, a positive whole number. Required.")
        text += row("--nodes LIST", "Every member, this node included: comma-separated id:port (host 127.0.0.1) "
                    + "or id:host:port entries. Required.")
        text += row("--port PORT", "Port to listen on. Default: the port of this node's own --nodes entry; "
                    + "if given, it must agree with that entry.")
        text += row("--bind HOST", "Address to listen on. Default: 127.0.0.1.")
        text += row("--algorithm NAME", "\(FlagValue.choice(names)). Default: \(first).")
        for algorithm in algorithms { text += "\n" + algorithmSection(algorithm) }
        text += "\nOTHER\n"
        if !keepers.isEmpty {
            let kept = keepers.map { entry -> String in
                guard case .file(let what) = entry.durableStatePolicy else { return entry.algorithmName }
                return "\(entry.algorithmName): its \(what)"
            }
            let root = stateRoot(environment, workingDirectory: workingDirectory)
            text += row("--data-dir DIR", "Only for an algorithm that keeps state (\(kept.joined(separator: "; "))): "
                        + "where it is kept across restarts and reboots. Default here:")
            // Each path alone on its line, never broken: in the description column when it
            // fits, else from column 4.
            for keeper in keepers {
                let path = root + "/\(keeper.algorithmName)-node-<id>-port-<port>"
                text += (indent.count + path.count <= width ? indent : "    ") + path + "\n"
            }
            text += wrap("that is $XDG_STATE_HOME/swift-election/..., else $HOME/.local/state/swift-election/..., "
                         + "else ./swift-election-state/... (never /tmp, which many systems empty at boot: a node "
                         + "that forgets its vote could vote twice in one term). One process per directory (it is "
                         + "locked); the node refuses state saved by another --id or for other --nodes.")
        }
        text += row("--log-format FORMAT", "text (one sentence per line) or json (one object per line, with ts in "
                    + "Unix epoch milliseconds). Default: text.")
        text += row("--seed N", "Seed for the node's random choices (such as randomised timeouts). Default: derived "
                    + "from the id and the clock, and printed in the first log line so a run can be repeated.")
        text += row("--delay-ms N", "Slow-node emulation: delay every message this node sends and receives by "
                    + "N ms. Default: 0.")
        text += row("--control stdin", "For a parent process such as election-bench: read fault commands from "
                    + "standard input, one JSON object per line ({\"cmd\":\"partition\",\"peers\":[2,3]} drops all "
                    + "traffic to and from those peers, {\"cmd\":\"heal\"} ends it), each answered by an event line "
                    + "on standard output. Only the parent holds that pipe; no command is ever taken from the "
                    + "network. Default: off.")
        text += row("--help, -h", "Show this text.")
        text += row("--version", "Show the version.")
        let nodes = "1:8001,2:8002,3:8003"
        text += """

        STATUS
          The node's port also answers a status query and plain HTTP:
            echo '{"type":"status"}' | nc -q1 127.0.0.1 8001
            curl -s localhost:8001/          (also /health and /status)

        EXAMPLES
          The workshop's three-node \(algorithms[0].title) cluster, one terminal each:
            election-node --port 8001 --id 1 --nodes \(nodes)
            election-node --port 8002 --id 2 --nodes \(nodes)
            election-node --port 8003 --id 3 --nodes \(nodes)

        """
        for algorithm in algorithms.dropFirst() {
            text += "  The same cluster running \(algorithm.title):\n"
                + "    election-node --algorithm \(algorithm.algorithmName) --id 1 --nodes \(nodes)\n"
        }
        for algorithm in algorithms where !algorithm.flagNames.isEmpty {
            text += "  \(algorithm.title) with every one of its flags at its default, spelled out:\n"
                + wrap("election-node --algorithm \(algorithm.algorithmName) --id 1 --nodes \(nodes) "
                       + defaultArguments(algorithm).joined(separator: " "), indent: "    ", continuation: "        ",
                       lineEnd: " \\")
        }
        text += """

        Stop a node with Ctrl-C (SIGINT) or SIGTERM; it exits with status 0. A bad flag
        exits with status 2. A node that cannot start exits with status 1 and one line
        saying why: a port already in use, a data directory another process holds, or
        saved state that is unreadable, corrupt, or another node's (never reset for you).

        """
        return text
    }

    /// One algorithm's heading and flags, each with what it costs and its default.
    private static func algorithmSection<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> String {
        var text = "\(Algorithm.title.uppercased()) (--algorithm \(Algorithm.algorithmName))\n"
        text += wrap(Algorithm.helpSummary, indent: "  ", continuation: "  ")
        if Algorithm.flags.isEmpty { return text + wrap("No flags of its own.", indent: "  ", continuation: "  ") }
        for flag in Algorithm.flags {
            let shown = flag.value(in: Algorithm.defaultSettings)
            // A switch that is on by default is listed under the spelling that turns it off.
            if let negation = flag.negation, shown != FlagNegation.value {
                text += row(negation.name, "Turn \(negation.option) off. \(flag.help) \(flag.cost) "
                            + "Also written \(flag.name) \(flag.placeholder). Default: \(shown).")
            } else if let negation = flag.negation {
                text += row("\(flag.name) \(flag.placeholder)", "\(flag.help) \(flag.cost) "
                            + "\(negation.name) is \(flag.name) off. Default: \(shown).")
            } else {
                text += row("\(flag.name) \(flag.placeholder)", "\(flag.help) \(flag.cost) Default: \(shown).")
            }
        }
        return text
    }

    private static func defaultArguments<Algorithm: RegisteredAlgorithm>(_: Algorithm.Type) -> [String] {
        Algorithm.arguments(for: Algorithm.defaultSettings)
    }

    /// The column where every flag's description starts.
    private static let indent = String(repeating: " ", count: 30)
    private static let width = 92

    /// `  --flag VALUE` then its description from column 30, wrapped; a flag too long for
    /// its column puts the description on the next line.
    private static func row(_ flag: String, _ description: String) -> String {
        let head = "  " + flag
        if head.count < indent.count - 1 {
            let first = head + String(repeating: " ", count: indent.count - head.count)
            return wrap(description, indent: first, continuation: indent)
        }
        return head + "\n" + wrap(description)
    }

    /// `text` in lines of at most `width` characters, the first starting with `indent`;
    /// `lineEnd` ends every line but the last (` \` keeps a shell command one command).
    private static func wrap(_ text: String, indent first: String = indent, continuation: String = indent,
                             lineEnd: String = "") -> String {
        var lines: [String] = []
        var line = first
        var lineHasWords = false
        for word in text.split(separator: " ") {
            if lineHasWords, line.count + 1 + word.count + lineEnd.count > width {
                lines.append(line + lineEnd)
                line = continuation
                lineHasWords = false
            }
            line += (lineHasWords ? " " : "") + word
            lineHasWords = true
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
