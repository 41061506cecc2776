import Election
import ElectionLive
import Foundation
import Raft
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A Raft node refuses to start, rather than risk a second vote in a term, when its data
/// directory is another process's, or its saved state is another node's, another
/// cluster's, unreadable or corrupt. Each refusal is a real `election-node` process that
/// exits 1 with exactly one line on stderr naming the problem and the fix, and leaves
/// the saved state untouched.
@Suite(.serialized) struct ElectionNodeRefusalTests {
    /// A scratch directory with one node's data directory inside, removed by `cleanUp`.
    struct Scratch {
        let directory = NSTemporaryDirectory() + "refusal-tests-\(UUID().uuidString)"
        var dataDirectory: String { directory + "/data" }
        var statePath: String { dataDirectory + "/state.slots" }

        init() throws {
            try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        }

        func raftNode(_ name: String, id: Int, nodes: String, dataDirectory: String? = nil,
                      environment: [String: String] = [:]) throws -> NodeProcess {
            var arguments = ["--algorithm", "raft", "--id", "\(id)", "--nodes", nodes]
            arguments += ["--data-dir", dataDirectory ?? self.dataDirectory]
            return try NodeProcess(name: name, arguments: arguments, directory: directory, environment: environment)
        }

        /// Saves `state` as node `id` of `nodes` would.
        func save(term: UInt64, as id: NodeID, of nodes: String) throws {
            let owner = DurableStateOwner(node: id, membership: try Membership.parse(nodes))
            let store = DurableStore<RaftPersistentState>(directory: dataDirectory, owner: owner)
            try store.save(RaftPersistentState(currentTerm: term, votedFor: id))
        }

        func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Waits for the node to exit and checks status 1 and the one stderr line.
    private func expectRefusal(_ node: NodeProcess, line: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        #expect(await node.exitStatus() == 1, "\(node.errorOutput)", sourceLocation: sourceLocation)
        #expect(node.errorOutput == "election-node: " + line + "\n", sourceLocation: sourceLocation)
    }

    @Test func secondProcessOnTheSameDataDirectoryIsRefusedAndNamesTheFirst() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let reserved = PortReservations(2)
        defer { reserved.release() }
        let ports = reserved.ports
        let first = try scratch.raftNode("first", id: 1, nodes: "1:\(ports[0])")
        defer { first.forceStop() }
        #expect(await eventually { LoopbackProbe.status(port: ports[0]) != nil }, "\(first.errorOutput)")
        let second = try scratch.raftNode("second", id: 1, nodes: "1:\(ports[1])")
        defer { second.forceStop() }
        await expectRefusal(second, line: "the data directory \(scratch.dataDirectory) is in use by process "
            + "\(first.pid) (is this node already running?); stop that process, or give this node its own --data-dir")
        #expect(first.isRunning)
        // Once the first has stopped, the kernel has released its lock: the same node
        // (same --nodes, as its saved state requires) starts again on the directory.
        first.send(SIGTERM)
        #expect(await first.exitStatus() == 0)
        let third = try scratch.raftNode("third", id: 1, nodes: "1:\(ports[0])")
        defer { third.forceStop() }
        #expect(await eventually { LoopbackProbe.status(port: ports[0]) != nil }, "\(third.errorOutput)")
    }

    @Test func stateSavedByAnotherNodeIsRefusedAndKept() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let reserved = PortReservations(2)
        defer { reserved.release() }
        let ports = reserved.ports
        let nodes = "1:\(ports[0]),2:\(ports[1])"
        try scratch.save(term: 7, as: 2, of: nodes)
        let saved = try Data(contentsOf: URL(fileURLWithPath: scratch.statePath))
        let node = try scratch.raftNode("wrong-id", id: 1, nodes: nodes)
        defer { node.forceStop() }
        await expectRefusal(node, line: "the saved state in \(scratch.statePath) belongs to node 2, not node 1; "
            + "give each node its own --data-dir, or start node 2 with it")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.statePath)) == saved)
    }

    @Test func stateSavedForOtherMembersIsRefusedAndKept() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let reserved = PortReservations(3)
        defer { reserved.release() }
        let ports = reserved.ports
        try scratch.save(term: 7, as: 1, of: "1:\(ports[0]),2:\(ports[1])")
        let saved = try Data(contentsOf: URL(fileURLWithPath: scratch.statePath))
        let node = try scratch.raftNode("other-members", id: 1, nodes: "1:\(ports[0]),2:\(ports[1]),3:\(ports[2])")
        defer { node.forceStop() }
        await expectRefusal(node, line: "the saved state in \(scratch.statePath) was written for the members "
            + "1:127.0.0.1:\(ports[0]),2:127.0.0.1:\(ports[1]), not "
            + "1:127.0.0.1:\(ports[0]),2:127.0.0.1:\(ports[1]),3:127.0.0.1:\(ports[2]); "
            + "start with the same --nodes, or move the file away to join the new cluster with no votes")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.statePath)) == saved)
    }

    @Test(arguments: ["not json at all\n", "", "{\"node\":1,\"state\":{\"current_term\":\"seven\"}}\n"])
    func corruptStateIsRefusedNeverReset(contents: String) async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try Data(contents.utf8).write(to: URL(fileURLWithPath: scratch.statePath))
        let reserved = PortReservations(1)
        defer { reserved.release() }
        let node = try scratch.raftNode("corrupt", id: 1, nodes: "1:\(reserved.ports[0])")
        defer { node.forceStop() }
        #expect(await node.exitStatus() == 1, "\(node.errorOutput)")
        #expect(node.errorLines.count == 1, "\(node.errorOutput)")
        #expect(node.errorOutput.hasPrefix("election-node: the saved state in \(scratch.statePath) is not valid ("))
        #expect(node.errorOutput.hasSuffix("); restore it, or move it away to start this node with no saved term or vote\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.statePath)) == Data(contents.utf8))
    }

    @Test func unreadableStateIsRefused() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        // A directory where the file should be: unreadable as a file even for root.
        try FileManager.default.createDirectory(atPath: scratch.statePath, withIntermediateDirectories: true)
        let reserved = PortReservations(1)
        defer { reserved.release() }
        let node = try scratch.raftNode("unreadable", id: 1, nodes: "1:\(reserved.ports[0])")
        defer { node.forceStop() }
        await expectRefusal(node, line: "cannot read the saved state in \(scratch.statePath) (Is a directory); "
            + "make it a readable file, or restore it from a backup")
    }

    @Test func staleTemporaryFileIsRemovedAndTheDefaultDirectoryIsPrinted() async throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let reserved = PortReservations(1)
        defer { reserved.release() }
        let port = reserved.ports[0]
        let stateHome = scratch.directory + "/state-home"
        let expected = stateHome + "/swift-election/raft-node-1-port-\(port)"
        try FileManager.default.createDirectory(atPath: expected, withIntermediateDirectories: true)
        try Data("{\"half".utf8).write(to: URL(fileURLWithPath: expected + "/state.json.tmp-4242"))
        // No --data-dir: the node picks $XDG_STATE_HOME/swift-election/... and says so.
        let node = try NodeProcess(name: "default-dir", arguments: ["--algorithm", "raft", "--id", "1", "--nodes", "1:\(port)"],
                                   directory: scratch.directory, environment: ["XDG_STATE_HOME": stateHome])
        defer { node.forceStop() }
        #expect(await eventually { LoopbackProbe.status(port: port)?.role == .leader }, "\(node.errorOutput)")
        #expect(node.output.contains("term and vote kept in \(expected)/state.slots"), "\(node.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: expected).sorted()
        #expect(files == ["lock", "state.slots"])
        node.send(SIGTERM)
        #expect(await node.exitStatus() == 0)
    }
}
