import AlgorithmRegistry
import Dispatch
import Election
import ElectionLive
import Foundation

/// election-node's whole life: read the command line, let the chosen algorithm's registry
/// entry build its settings (and its store, if it keeps state), start a `LiveNode`, and stop
/// it cleanly on SIGINT or SIGTERM.
///
/// Exit status: 0 after `--help`, `--version` or a signal; 2 for a bad command line
/// (one line on stderr naming the flag); 1 when the node cannot start or must stop
/// (port in use, data directory locked by another process, saved state that is
/// unreadable, corrupt or another node's, a vote that cannot be saved).
enum NodeLauncher {
    /// The algorithms this node can run.
    static let registry = AlgorithmRegistry.standard

    static func main(arguments: [String]) -> Never {
        let environment = ProcessInfo.processInfo.environment
        let request: NodeCommandLine.Request
        do {
            request = try NodeCommandLine.parse(arguments, algorithms: registry.entries, environment: environment)
        } catch {
            exit(status: 2, saying: error.description)
        }
        switch request {
        case .help:
            EventLog.writeToStandardOutput(
                NodeCommandLine.helpText(algorithms: registry.entries, environment: environment))
            Foundation.exit(0)
        case .version:
            EventLog.writeToStandardOutput(NodeCommandLine.versionText)
            Foundation.exit(0)
        case .run(let options):
            run(options)
        }
    }

    private static func run(_ options: NodeOptions) -> Never {
        guard let algorithm = registry.entry(named: options.algorithm) else {
            exit(status: 2, saying: "--algorithm: '\(options.algorithm)' is not \(registry.namesInWords)")
        }
        run(algorithm, options)
    }

    /// Builds the settings and, for an algorithm that keeps state, the store in the data
    /// directory, then launches.
    private static func run<Node: RegisteredAlgorithm>(_: Node.Type, _ options: NodeOptions) -> Never {
        let seed = options.seed ?? defaultSeed(for: options.id)
        let settings: Node.Settings
        do {
            settings = try Node.settings(from: options.algorithmFlags)
        } catch {
            exit(status: 2, saying: error.description)
        }
        var summary = Node.settingsSummary(settings)
        var store: DurableStore<Node.DurableState>?
        if case .file(let what) = Node.durableStatePolicy, let directory = options.dataDirectory {
            let owner = DurableStateOwner(node: options.id, membership: options.membership)
            let opened = DurableStore<Node.DurableState>(directory: directory, owner: owner)
            summary += "; \(what) kept in \(opened.path)"
            store = opened
        }
        launch(Node.self, options, settings: settings, seed: seed, store: store, summary: summary)
    }

    private static func launch<Node: ElectionProtocol>(
        _: Node.Type, _ options: NodeOptions, settings: Node.Settings, seed: UInt64,
        store: DurableStore<Node.DurableState>?, summary: String
    ) -> Never {
        var configuration = LiveNode<Node>.Configuration(
            id: options.id, membership: options.membership, settings: settings, seed: seed,
            port: options.port, bindHost: options.bindHost)
        configuration.extraDelay = options.delay
        configuration.settingsSummary = summary
        let log = EventLog(node: options.id, format: options.logFormat)

        // 1) Create the node (this reads the state it saved, if it keeps any).
        let node: LiveNode<Node>
        do {
            node = try LiveNode(configuration, store: store, log: log) { failure in
                log.flush()  // the lines before the failure explain it
                exit(status: 1, saying: failure.description)
            }
        } catch {
            exit(status: 1, saying: error.description)
        }
        // 2) Catch SIGINT and SIGTERM before the node starts, so no signal kills it half-way.
        let signalSources = stopOnSignals(node)
        // 3) Open the port and start the algorithm.
        do {
            try node.start()
            // The control channel, only when asked for (--control stdin).
            if options.controlOnStandardInput { try node.readControlCommands() }
        } catch {
            log.flush()
            exit(status: 1, saying: error.description)
        }
        // 4) Everything now happens on the transport's I/O thread, and signals on their queue.
        withExtendedLifetime(signalSources) { dispatchMain() }
    }

    /// SIGINT (Ctrl-C) and SIGTERM stop the node gracefully, then the process exits 0.
    private static func stopOnSignals<Node: ElectionProtocol>(_ node: LiveNode<Node>) -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "election-node.signals")
        signal(SIGPIPE, SIG_IGN)  // a closed pipe or socket is an error to handle, not a reason to die
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // the dispatch source, not the default action, handles it now
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                node.stop(graceful: true)
                node.log.flush()  // the shutdown line is queued, not yet written
                Foundation.exit(0)
            }
            source.resume()
            return source
        }
    }

    /// A seed from the id and the clock, different for every node and every run; the
    /// node prints it in its first line so a run can be repeated with `--seed`.
    private static func defaultSeed(for id: NodeID) -> UInt64 {
        UInt64(id.rawValue) &* 0x9E37_79B9_7F4A_7C15 ^ DispatchTime.now().uptimeNanoseconds
            ^ UInt64(UInt32(truncatingIfNeeded: getpid())) << 32
    }

    /// One line on stderr, `election-node: <sentence>`, then exit. A reason quoted from
    /// the system or a decoder could hold a line break; it becomes a space, so scripts can
    /// rely on exactly one line.
    private static func exit(status: Int32, saying sentence: String) -> Never {
        let line = sentence.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data("election-node: \(line)\n".utf8))
        Foundation.exit(status)
    }
}
