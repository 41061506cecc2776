import Election
import Foundation
import Testing

extension ElectionNodeClusterTests {
    /// The control channel (`--control stdin`) on real processes: a partition cuts the
    /// leader off silently, the rest elect another, and a heal brings the cluster back to
    /// one leader. Nested in `ElectionNodeClusterTests`, whose `.serialized` runs it one
    /// cluster at a time with the others.
    @Suite struct ControlChannelClusterTests {
        /// The JSON event lines of a node's output whose `event` is `kind`.
        static func events(_ kind: String, in process: NodeProcess) -> [[String: Any]] {
            process.outputLines.compactMap { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      object["event"] as? String == kind else { return nil }
                return object
            }
        }

        /// Waits until `process` answered the command numbered `sequence`.
        static func awaitAck(_ sequence: Int, from process: NodeProcess) async -> Bool {
            await eventually {
                events("control_applied", in: process).contains { ($0["seq"] as? Int) == sequence }
            }
        }

        static func partition(_ peers: [NodeID], sequence: Int) -> String {
            #"{"cmd":"partition","peers":["# + peers.map { String($0.rawValue) }.joined(separator: ",")
                + #"],"seq":\#(sequence)}"#
        }

        @Test func raftLeaderCutOffSilentlyIsReplacedAndTheClusterHealsToOneLeader() async throws {
            let cluster = LocalCluster(
                size: 3, algorithm: "raft",
                extraArguments: ["--heartbeat-ms", "50", "--election-timeout-ms", "400-800", "--log-format", "json"],
                controlChannel: true)
            defer { cluster.shutDown() }
            try cluster.startAll()
            let oldLeader = try await cluster.awaitAgreedLeader(among: [1, 2, 3])
            let oldTerm = try #require(cluster.status(oldLeader)).term
            let survivors = cluster.ids.filter { $0 != oldLeader }

            // 1) Cut the leader off, from both sides; each node acknowledges on its stdout.
            cluster.process(oldLeader).control(Self.partition(survivors, sequence: 1))
            for survivor in survivors { cluster.process(survivor).control(Self.partition([oldLeader], sequence: 1)) }
            for id in cluster.ids {
                #expect(await Self.awaitAck(1, from: cluster.process(id)), "\(cluster.logs)")
            }
            let peerDownsBefore = cluster.ids.map { Self.events("peer_down", in: cluster.process($0)).count }

            // 2) The survivors elect a new leader in a later term; the old one still answers
            //    status queries, since only peer traffic is cut.
            let newLeader = try await cluster.awaitAgreedLeader(among: survivors)
            #expect(newLeader != oldLeader)
            #expect(try #require(cluster.status(newLeader)).term > oldTerm)
            #expect(cluster.status(oldLeader)?.id == oldLeader, "\(cluster.logs)")

            // 3) The cut was silent: no connection closed, so no node logged a peer down.
            let peerDownsDuring = cluster.ids.map { Self.events("peer_down", in: cluster.process($0)).count }
            #expect(peerDownsDuring == peerDownsBefore, "\(cluster.logs)")

            // 4) A bad line is refused with a reason and changes nothing.
            cluster.process(newLeader).control("cut everything")
            #expect(await eventually {
                !Self.events("control_rejected", in: cluster.process(newLeader)).isEmpty
            }, "\(cluster.logs)")

            // 5) Heal: all three agree on one leader again.
            for id in cluster.ids { cluster.process(id).control(#"{"cmd":"heal","seq":2}"#) }
            for id in cluster.ids {
                #expect(await Self.awaitAck(2, from: cluster.process(id)), "\(cluster.logs)")
            }
            _ = try await cluster.awaitAgreedLeader(among: cluster.ids)

            // 6) End of input (the parent went away) is logged, and the node keeps running.
            let closing = cluster.process(oldLeader)
            closing.closeControl()
            #expect(await eventually { !Self.events("control_closed", in: closing).isEmpty }, "\(cluster.logs)")
            #expect(closing.isRunning && cluster.status(oldLeader) != nil, "\(cluster.logs)")
        }
    }
}
