import Election
import ElectionLive
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension ElectionNodeClusterTests {
    /// `GET /metrics` on real `election-node` processes: the text parses, agrees with the
    /// status query, and its counters move when the leader is killed and replaced.
    ///
    /// Nested in `ElectionNodeClusterTests`, whose `.serialized` runs it one cluster at a time
    /// with the others: two clusters never compete for the same two cores.
    @Suite struct MetricsClusterTests {
        @Test func bullyCountersMoveWhenTheLeaderIsKilledAndReplaced() async throws {
            // Timeouts only: with fast detection (the default) node 2 leads at once on its closed
            // connection and node 1 follows it without sending anything, so node 1's sent and
            // node 2's received counters could stay where they were.
            try await countersMoveWhenTheLeaderIsKilledAndReplaced(LocalCluster(
                size: 3, algorithm: "bully", extraArguments: ["--fast-detect", "off"]))
        }

        @Test func raftCountersMoveWhenTheLeaderIsKilledAndReplaced() async throws {
            // Election timeouts well above the heartbeat, so a loaded machine does not start
            // elections the test did not ask for (they would still pass, but say less).
            try await countersMoveWhenTheLeaderIsKilledAndReplaced(LocalCluster(
                size: 3, algorithm: "raft",
                extraArguments: ["--heartbeat-ms", "50", "--election-timeout-ms", "400-800"]))
        }

        /// One scrape, checked as HTTP: 200 and the exposition format's content type.
        func scrape(_ cluster: LocalCluster, _ id: NodeID) throws -> PrometheusText {
            let response = try #require(LoopbackProbe.httpGet(port: cluster.ports[id]!, path: "/metrics"),
                                        "node \(id) did not answer GET /metrics")
            let parts = response.components(separatedBy: "\r\n\r\n")
            #expect(parts[0].hasPrefix("HTTP/1.1 200 OK"), "\(parts[0])")
            #expect(parts[0].contains("Content-Type: text/plain; version=0.0.4"), "\(parts[0])")
            return try PrometheusText(parsing: parts.dropFirst().joined(separator: "\r\n\r\n"))
        }

        /// A scrape taken between two equal status replies, so it shows the same state they do
        /// (role, leader, term), or `nil` when the node changed in between or did not answer.
        func settledScrape(_ cluster: LocalCluster, _ id: NodeID) -> (StatusReply, PrometheusText)? {
            guard let before = cluster.status(id), let metrics = try? scrape(cluster, id),
                  let after = cluster.status(id), before.status == after.status else { return nil }
            return (after, metrics)
        }

        /// Waits for a settled scrape of a node that follows `leader` (or is it).
        func awaitSettledScrape(_ cluster: LocalCluster, _ id: NodeID, leader: NodeID,
                                sourceLocation: SourceLocation = #_sourceLocation) async throws
            -> (StatusReply, PrometheusText)
        {
            var settled: (StatusReply, PrometheusText)?
            #expect(await eventually {
                settled = settledScrape(cluster, id)
                return settled?.0.leader == leader
            }, "\(cluster.logs)", sourceLocation: sourceLocation)
            return try #require(settled, sourceLocation: sourceLocation)
        }

        /// Checks that a scrape says what the status reply says.
        func expectAgreement(_ reply: StatusReply, _ metrics: PrometheusText, algorithm: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
            let id = "\(reply.id)"
            #expect(metrics.value("election_node_info", ["algorithm": algorithm, "id": id]) == 1,
                    sourceLocation: sourceLocation)
            #expect(metrics.value("election_term") == Double(reply.term), sourceLocation: sourceLocation)
            #expect(metrics.value("election_leader_id") == Double(reply.leader?.rawValue ?? 0),
                    sourceLocation: sourceLocation)
            #expect(metrics.value("election_role", ["role": reply.role.rawValue]) == 1, sourceLocation: sourceLocation)
            #expect(metrics.sum("election_role") == 1, sourceLocation: sourceLocation)
            #expect(metrics.value("election_members") == 3, sourceLocation: sourceLocation)
            // The test reads every node's output, so no log line is dropped.
            #expect(metrics.value("election_log_lines_dropped_total") == 0, sourceLocation: sourceLocation)
        }

        func countersMoveWhenTheLeaderIsKilledAndReplaced(_ cluster: LocalCluster) async throws {
            defer { cluster.shutDown() }
            try cluster.startAll()

            // 1) A leader everyone agrees on; each node's scrape agrees with its status.
            let oldLeader = try await cluster.awaitAgreedLeader(among: cluster.ids)
            var before: [NodeID: PrometheusText] = [:]
            for id in cluster.ids {
                let (reply, metrics) = try await awaitSettledScrape(cluster, id, leader: oldLeader)
                expectAgreement(reply, metrics, algorithm: cluster.algorithm)
                #expect((metrics.value("election_leader_changes_total") ?? 0) >= 1,
                        "node \(id) has seen leader \(oldLeader)")
                before[id] = metrics
            }
            // The leader sends to both peers, so it has a working connection to each.
            #expect(await eventually { (try? scrape(cluster, oldLeader))?.value("election_peers_up") == 2 },
                    "\(cluster.logs)")

            // 2) kill -9 the leader; the survivors agree on a new one.
            cluster.process(oldLeader).send(SIGKILL)
            let survivors = cluster.ids.filter { $0 != oldLeader }
            let newLeader = try await cluster.awaitAgreedLeader(among: survivors)

            // 3) On every survivor the counters moved, and never backwards.
            for id in survivors {
                let (reply, after) = try await awaitSettledScrape(cluster, id, leader: newLeader)
                let earlier = try #require(before[id])
                expectAgreement(reply, after, algorithm: cluster.algorithm)
                #expect(Double(reply.term) > earlier.value("election_term") ?? .infinity,
                        "a new leadership has a later term")
                for name in ["election_leader_changes_total", "election_messages_sent_total",
                             "election_messages_received_total"] {
                    #expect(after.sum(name) > earlier.sum(name), "node \(id): \(name) did not move")
                }
                for sample in earlier.samples where earlier.types[sample.name] == "counter" {
                    #expect((after.value(sample.name, sample.labels) ?? -1) >= sample.value,
                            "node \(id): \(sample.name)\(sample.labels) went backwards")
                }
            }
            // The new leader held the election that made it leader, and finds the old one down
            // (it tries to send to it, and is refused).
            let winnerBefore = try #require(before[newLeader])
            let winnerAfter = try scrape(cluster, newLeader)
            let electionsBefore = try #require(winnerBefore.value("election_elections_started_total"))
            #expect((winnerAfter.value("election_elections_started_total") ?? 0) > electionsBefore, "\(cluster.logs)")
            #expect(await eventually {
                (try? scrape(cluster, newLeader))?.value("election_peer_up", ["peer": "\(oldLeader)"]) == 0
            }, "\(cluster.logs)")
        }
    }
}
