import Election
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One `election-node` process at a time: its status query, its HTTP answers, its log,
/// its command-line errors and its exit statuses.
@Suite(.serialized) struct ElectionNodeProcessTests {
    @Test func statusQueryHTTPAndJSONLogOfASingleNodeThenSIGTERMExitsZero() async throws {
        let cluster = LocalCluster(size: 1, algorithm: "bully", extraArguments: ["--log-format", "json"])
        defer { cluster.shutDown() }
        try cluster.startAll()
        let port = cluster.ports[1]!

        // 1) Alone, node 1 leads; the status line has every documented field.
        #expect(await eventually { cluster.status(1)?.role == .leader }, "\(cluster.logs)")
        let line = try #require(LoopbackProbe.statusLine(port: port))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "status")
        #expect(object["id"] as? Int == 1)
        #expect(object["algorithm"] as? String == "bully")
        #expect(object["role"] as? String == "leader")
        #expect(object["leader"] as? Int == 1)
        #expect(object["term"] is Int)
        #expect(object["members"] as? [Int] == [1])
        #expect((object["uptime_ms"] as? Int).map { $0 >= 0 } == true)

        // 2) The same port speaks HTTP: the workshop's GET /, /health, /status, and 404.
        let root = try #require(LoopbackProbe.httpGet(port: port, path: "/"))
        #expect(root.hasPrefix("HTTP/1.1 200"))
        #expect(root.contains("{\"node_id\":1,\"leader_id\":1,\"is_leader\":true,\"election_in_progress\":false}"))
        let health = try #require(LoopbackProbe.httpGet(port: port, path: "/health"))
        #expect(health.contains("{\"status\":\"ok\",\"id\":1,\"is_leader\":true}"))
        let status = try #require(LoopbackProbe.httpGet(port: port, path: "/status"))
        #expect(status.contains("\"type\":\"status\""))
        let missing = try #require(LoopbackProbe.httpGet(port: port, path: "/nowhere"))
        #expect(missing.hasPrefix("HTTP/1.1 404"))

        // 3) SIGTERM stops it cleanly: exit status 0.
        let node = cluster.process(1)
        node.send(SIGTERM)
        #expect(await node.exitStatus() == 0, "\(cluster.logs)")

        // 4) Every log line was one JSON object with ts, node and event; the first says
        //    what the node is, the last that its port is closed.
        let events = node.outputLines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        #expect(events.count == node.outputLines.count, "\(node.output)")
        #expect(events.allSatisfy { $0["ts"] is Double && $0["node"] as? Int == 1 && $0["event"] is String })
        #expect(events.first?["event"] as? String == "node_started")
        #expect((events.first?["message"] as? String)?.contains("bully node 1 listening on 127.0.0.1:\(port)") == true)
        #expect(events.contains { $0["event"] as? String == "leader_changed" && $0["leader"] as? Int == 1 })
        #expect(events.last?["event"] as? String == "shutdown")
    }

    @Test(arguments: [
        (["--heartbeat-ms", "abc"], "--heartbeat-ms: 'abc' is not a number of milliseconds"),
        (["--colour", "red"], "unknown flag '--colour'"),
        (["--heartbeat-ms", "500", "--election-timeout-ms", "200"], "heartbeat interval"),
    ])
    func badCommandLineExitsTwoWithOneLineNamingTheProblem(extra: [String], expected: String) async throws {
        let directory = NSTemporaryDirectory()
        let node = try NodeProcess(name: "bad-flag-\(UUID().uuidString)",
                                   arguments: ["--id", "1", "--nodes", "1:8001,2:8002"] + extra, directory: directory)
        defer {
            node.forceStop()
            try? FileManager.default.removeItem(atPath: node.outputPath)
            try? FileManager.default.removeItem(atPath: node.errorPath)
        }
        #expect(await node.exitStatus() == 2)
        #expect(node.errorLines.count == 1, "\(node.errorOutput)")
        #expect(node.errorOutput.hasPrefix("election-node: "))
        #expect(node.errorOutput.contains(expected), "\(node.errorOutput)")
        #expect(node.output.isEmpty)
    }

    @Test func portInUseExitsOneWithAClearLine() async throws {
        let blocker = LoopbackProbe.listeningSocket(port: 0)
        try #require(blocker >= 0)
        defer { close(blocker) }
        let port = LoopbackProbe.port(of: blocker)
        let node = try NodeProcess(name: "port-in-use-\(UUID().uuidString)",
                                   arguments: ["--id", "1", "--nodes", "1:\(port)"], directory: NSTemporaryDirectory())
        defer {
            node.forceStop()
            try? FileManager.default.removeItem(atPath: node.outputPath)
            try? FileManager.default.removeItem(atPath: node.errorPath)
        }
        #expect(await node.exitStatus() == 1)
        #expect(node.errorLines.count == 1, "\(node.errorOutput)")
        #expect(node.errorOutput == "election-node: port \(port) on 127.0.0.1 is already in use "
            + "(is another node running there?); stop that process, or give this node a free port in --nodes\n")
    }

    @Test func helpShowsTheWorkshopCommandLinesAndVersionPrintsOneLine() async throws {
        let directory = NSTemporaryDirectory()
        let help = try NodeProcess(name: "help-\(UUID().uuidString)", arguments: ["--help"], directory: directory)
        let version = try NodeProcess(name: "version-\(UUID().uuidString)", arguments: ["--version"], directory: directory)
        defer {
            for node in [help, version] {
                node.forceStop()
                try? FileManager.default.removeItem(atPath: node.outputPath)
                try? FileManager.default.removeItem(atPath: node.errorPath)
            }
        }
        #expect(await help.exitStatus() == 0)
        #expect(help.output.contains("election-node --port 8001 --id 1 --nodes 1:8001,2:8002,3:8003"))
        #expect(help.output.contains("--election-timeout-ms"))
        #expect(await version.exitStatus() == 0)
        #expect(version.outputLines.count == 1 && version.output.hasPrefix("election-node "))
    }
}
