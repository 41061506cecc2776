import Election
import ElectionLive
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A cluster of real `election-node` processes on ports the OS handed out, with its
/// own scratch directory for logs and Raft's data. `shutDown()` (also run by `deinit`)
/// kills every process it started by PID, so a failing test leaves nothing behind.
final class LocalCluster {
    let algorithm: String
    let ids: [NodeID]
    let ports: [NodeID: UInt16]
    let directory: String
    private let extraArguments: [String]
    /// Every node reads control commands from a pipe (`--control stdin`).
    private let controlChannel: Bool
    /// Keeps the cluster's ports out of other tests' hands until `shutDown()`.
    private let portReservations: PortReservations
    /// The latest process of each node.
    private(set) var processes: [NodeID: NodeProcess] = [:]
    /// Every process ever started, restarted ones included, so none is left behind.
    private var everyProcess: [NodeProcess] = []
    private var starts: [NodeID: Int] = [:]

    init(size: Int, algorithm: String, extraArguments: [String] = [], controlChannel: Bool = false) {
        self.algorithm = algorithm
        self.extraArguments = extraArguments
        self.controlChannel = controlChannel
        ids = (1...size).map { NodeID($0) }
        portReservations = PortReservations(size)
        ports = Dictionary(uniqueKeysWithValues: zip(ids, portReservations.ports))
        directory = NSTemporaryDirectory() + "live-tests-\(algorithm)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { shutDown() }

    /// `1:40001,2:40002,...`
    var nodesArgument: String { ids.map { "\($0):\(ports[$0]!)" }.joined(separator: ",") }

    func arguments(for id: NodeID, nodes: String? = nil) -> [String] {
        var arguments = ["--id", "\(id)", "--nodes", nodes ?? nodesArgument, "--algorithm", algorithm]
        if algorithm == "raft" { arguments += ["--data-dir", directory + "/data-\(id)"] }
        if controlChannel { arguments += ["--control", "stdin"] }
        return arguments + extraArguments
    }

    /// Starts (or restarts) one node; `nodes` replaces its `--nodes` (to misconfigure it).
    func start(_ id: NodeID, nodes: String? = nil) throws {
        starts[id, default: 0] += 1
        let process = try NodeProcess(name: "node-\(id)-run-\(starts[id]!)", arguments: arguments(for: id, nodes: nodes),
                                      directory: directory, controlChannel: controlChannel)
        processes[id] = process
        everyProcess.append(process)
    }

    func startAll() throws {
        for id in ids { try start(id) }
    }

    func process(_ id: NodeID) -> NodeProcess { processes[id]! }

    func status(_ id: NodeID) -> StatusReply? { LoopbackProbe.status(port: ports[id]!) }

    /// The leader every node in `members` reports, when they all report the same one,
    /// and it is one of them, and it reports itself as leader. (A dead leader that the
    /// others still believe in does not count.)
    func agreedLeader(among members: [NodeID]) -> NodeID? {
        let statuses = members.map(status)
        guard let first = statuses.first, let leader = first?.leader,
              statuses.allSatisfy({ $0?.leader == leader }),
              let index = members.firstIndex(of: leader), statuses[index]?.role == .leader
        else { return nil }
        return leader
    }

    /// Waits, up to `eventually`'s generous deadline, until `members` agree on a leader
    /// (as `agreedLeader` decides) and returns it; if they never do, the test fails here
    /// with every node's log.
    func awaitAgreedLeader(among members: [NodeID],
                           sourceLocation: SourceLocation = #_sourceLocation) async throws -> NodeID {
        var agreed: NodeID?
        #expect(await eventually {
            agreed = agreedLeader(among: members)
            return agreed != nil
        }, "\(logs)", sourceLocation: sourceLocation)
        return try #require(agreed, sourceLocation: sourceLocation)
    }

    /// Every node's output so far, for a failing expectation's message.
    var logs: String {
        processes.keys.sorted().map { id in
            let process = processes[id]!
            return "--- \(process.name) stdout:\n\(process.output)--- \(process.name) stderr:\n\(process.errorOutput)"
        }.joined(separator: "\n")
    }

    /// Kills every process still running, frees the ports and removes the scratch directory.
    func shutDown() {
        for process in everyProcess { process.forceStop() }
        portReservations.release()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
