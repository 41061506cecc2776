import Testing
@testable import Election
@testable import ElectionLive

/// `GET /metrics` text, rendered without a node and read back with the tests' own strict
/// parser (`PrometheusText`). These live beside the cluster test that scrapes real nodes,
/// so the two share one parser.
@Suite struct MetricsExpositionTests {
    /// Counters as a node that led, lost its leader and saw a new one would have them.
    func busyMetrics() -> NodeMetrics {
        var metrics = NodeMetrics()
        let follower = NodeStatus(id: 2, role: .follower, leader: 3, term: 4)
        let candidate = NodeStatus(id: 2, role: .candidate, leader: nil, term: 5)
        let leader = NodeStatus(id: 2, role: .leader, leader: 2, term: 5)
        metrics.observeStatus(from: nil, to: NodeStatus(id: 2, role: .follower, leader: nil, term: 0))
        metrics.observeStatus(from: NodeStatus(id: 2, role: .follower, leader: nil, term: 0), to: follower)
        metrics.observeStatus(from: follower, to: follower)  // nothing changed: not a leader change
        metrics.observeStatus(from: follower, to: candidate)
        metrics.observe(Event(.electionStarted, "became candidate at term 5"))
        metrics.observe(Event(.voteGranted, "voted"))  // another kind: not an election
        metrics.observeStatus(from: candidate, to: leader)
        metrics.countSent("request_vote", copies: 2)
        for _ in 0..<7 { metrics.countSent("append_entries", copies: 2) }
        metrics.countReceived("request_vote_reply")
        metrics.countReceived("append_entries")
        metrics.countRejectedLine()
        return metrics
    }

    func gauges(_ status: NodeStatus, peers: [NodeID: Bool] = [1: true, 3: false]) -> NodeMetrics.Gauges {
        NodeMetrics.Gauges(algorithm: "raft", id: 2, members: [1, 2, 3], status: status, peerIsUp: peers,
                           uptime: .milliseconds(5123))
    }

    @Test func everyMetricIsDeclaredTypedAndHasTheValueCounted() throws {
        let text = busyMetrics().exposition(gauges(NodeStatus(id: 2, role: .leader, leader: 2, term: 5)))
        let parsed = try PrometheusText(parsing: text)

        #expect(parsed.value("election_node_info", ["algorithm": "raft", "id": "2"]) == 1)
        #expect(parsed.value("election_role", ["role": "leader"]) == 1)
        #expect(parsed.value("election_role", ["role": "follower"]) == 0)
        #expect(parsed.value("election_role", ["role": "candidate"]) == 0)
        #expect(parsed.value("election_term") == 5)
        #expect(parsed.value("election_leader_id") == 2)
        #expect(parsed.value("election_elections_started_total") == 1)
        #expect(parsed.value("election_leader_changes_total") == 2, "3, then itself; losing a leader is no change")
        #expect(parsed.value("election_messages_sent_total", ["type": "append_entries"]) == 14)
        #expect(parsed.value("election_messages_sent_total", ["type": "request_vote"]) == 2)
        #expect(parsed.sum("election_messages_received_total") == 2)
        #expect(parsed.value("election_lines_rejected_total") == 1)
        #expect(parsed.value("election_members") == 3)
        #expect(parsed.value("election_peers_up") == 1)
        #expect(parsed.value("election_peer_up", ["peer": "1"]) == 1)
        #expect(parsed.value("election_peer_up", ["peer": "3"]) == 0)
        #expect(parsed.value("election_uptime_seconds") == 5.123)

        // Every family has help and a type, counters and only counters end in _total.
        for (name, type) in parsed.types {
            #expect(name.hasPrefix("election_"))
            #expect(!(parsed.help[name] ?? "").isEmpty, "\(name) has no help")
            #expect((type == "counter") == name.hasSuffix("_total"), "\(name) is a \(type)")
        }
        #expect(parsed.types["election_log_lines_dropped_total"] == nil, "not counted yet, so not exported")
    }

    @Test func aNodeWithoutALeaderReportsLeaderZeroAndOneRole() throws {
        let status = NodeStatus(id: 2, role: .candidate, leader: nil, term: 9)
        let parsed = try PrometheusText(parsing: NodeMetrics().exposition(gauges(status, peers: [:])))
        #expect(parsed.value("election_leader_id") == 0)
        #expect(parsed.sum("election_role") == 1)
        #expect(parsed.value("election_role", ["role": "candidate"]) == 1)
        #expect(parsed.value("election_peers_up") == 0)
        #expect(parsed.value("election_peer_up", ["peer": "3"]) == 0, "a peer never seen counts as down")
        // Families with nothing counted yet are declared all the same.
        #expect(parsed.types["election_messages_sent_total"] == "counter")
        #expect(parsed.sum("election_messages_sent_total") == 0)
    }

    @Test func theDroppedLogLinesCounterAppearsWhenTheLogCountsThem() throws {
        var withDrops = gauges(NodeStatus(id: 2, role: .follower, leader: 1, term: 1))
        withDrops.logLinesDropped = 12
        let parsed = try PrometheusText(parsing: NodeMetrics().exposition(withDrops))
        #expect(parsed.value("election_log_lines_dropped_total") == 12)
    }

    @Test func theMembershipMetricsSayWhatTheStatusReplySays() throws {
        var guarded = gauges(NodeStatus(id: 2, role: .follower, leader: 1, term: 1))
        guarded.membership = MembershipHealth(
            fingerprint: "b8ec10d65f74ee20",
            mismatches: [MembershipHealth.Mismatch(peer: 3, fingerprint: "2185ed52159f0deb", count: 14)],
            neverHeardFrom: [3], reachable: [1, 2], quorum: 2)
        let parsed = try PrometheusText(parsing: NodeMetrics().exposition(guarded))
        #expect(parsed.value("election_members_reachable") == 2)
        #expect(parsed.value("election_quorum") == 2)
        #expect(parsed.value("election_members_never_heard_from") == 1)
        #expect(parsed.value("election_membership_mismatches_total", ["peer": "3"]) == 14)
        // No majority needed (Bully): no quorum to report.
        guarded.membership?.quorum = nil
        #expect(try PrometheusText(parsing: NodeMetrics().exposition(guarded)).types["election_quorum"] == nil)
    }

    @Test func labelValuesAndHelpAreEscapedAndReadBack() throws {
        var out = MetricsExposition()
        out.family("test_info", .gauge, help: "a help text with a \\ backslash\nand a second line")
        let awkward = "quote \" backslash \\ newline \n crlf \r\n end"
        out.sample("test_info", labels: [("value", awkward), ("plain", "x")], UInt64(1))
        out.family("test_seconds", .gauge, help: "special values")
        out.sample("test_seconds", labels: [("case", "inf")], Double.infinity)
        out.sample("test_seconds", labels: [("case", "minus_inf")], -Double.infinity)
        out.sample("test_seconds", labels: [("case", "nan")], Double.nan)
        out.sample("test_seconds", labels: [("case", "small")], 0.000_01)
        out.family("test_events_total", .counter, help: "big integers stay exact")
        out.sample("test_events_total", UInt64.max)

        #expect(out.text.contains(#"value="quote \" backslash \\ newline \n crlf \#r\n end""#))
        #expect(out.text.contains("test_events_total 18446744073709551615\n"))
        let parsed = try PrometheusText(parsing: out.text)
        #expect(parsed.value("test_info", ["value": awkward, "plain": "x"]) == 1)
        #expect(parsed.help["test_info"] == "a help text with a \\ backslash\nand a second line")
        #expect(parsed.value("test_seconds", ["case": "inf"]) == .infinity)
        #expect(parsed.value("test_seconds", ["case": "minus_inf"]) == -.infinity)
        #expect(parsed.value("test_seconds", ["case": "nan"])?.isNaN == true)
        #expect(parsed.value("test_seconds", ["case": "small"]) == 0.000_01)
    }

    @Test func namesOutsideTheFormatsCharacterSetsAreRecognised() {
        #expect(MetricsExposition.isMetricName("election_term"))
        #expect(MetricsExposition.isMetricName("job:election_term:rate5m"))
        #expect(!MetricsExposition.isMetricName("9lives"))
        #expect(!MetricsExposition.isMetricName("election-term"))
        #expect(!MetricsExposition.isMetricName(""))
        #expect(MetricsExposition.isLabelName("peer"))
        #expect(!MetricsExposition.isLabelName("a:b"))
        #expect(!MetricsExposition.isLabelName("__name__"))
    }

    /// The parser is the judge of every other test here, so it must refuse what the format
    /// forbids.
    @Test(arguments: [
        ("election_term 1\n", "no TYPE line before it"),
        ("# TYPE election_term gauge\nelection_term 1", "does not end with a newline"),
        ("# TYPE election_term gauge\nelection_term one\n", "is not a number"),
        ("# TYPE election_term gauge\nelection_term\n", "no space before the value"),
        ("# TYPE election-term gauge\n", "not a valid metric name"),
        ("# TYPE election_term gauge\n# TYPE election_term gauge\n", "a second TYPE"),
        ("# TYPE election_term gauge\nelection_term 1\n# HELP election_term late\n", "after its samples"),
        ("# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x=\"1\"} 1\n", "not all together"),
        ("# TYPE election_events counter\n", "is not named ..._total"),
        ("# TYPE a_total counter\na_total -1\n", "has the value -1"),
        ("# TYPE a gauge\na{peer=2} 1\n", "has no =\""),
        ("# TYPE a gauge\na{peer=\"2} 1\n", "never ends"),
        ("# TYPE a gauge\na{peer=\"\\t\"} 1\n", "a bad escape"),
        ("# TYPE a gauge\na{9=\"x\"} 1\n", "not a valid label name"),
        ("# TYPE a gauge\na{p=\"1\",p=\"2\"} 1\n", "appears twice"),
        ("# TYPE a gauge\na{p=\"1\"} 1\na{p=\"1\"} 2\n", "appears twice"),
        ("# TYPE a gauge\na{p=\"1\" q=\"2\"} 1\n", "expected , or }"),
        ("# TYPE a gauge\na 1 2 3\n", "at most a timestamp"),
    ])
    func theParserRefusesWhatTheFormatForbids(text: String, reason: String) {
        do {
            let parsed = try PrometheusText(parsing: text)
            Issue.record("accepted \(text.debugDescription): \(parsed.samples)")
        } catch {
            #expect("\(error)".contains(reason), "\(text.debugDescription) was refused for: \(error)")
        }
    }

    @Test func theParserAcceptsWhatTheFormatAllows() throws {
        let text = """
            # A comment that is neither HELP nor TYPE.
            # HELP a_total Requests.
            # TYPE a_total counter
            a_total{code="200",} 3 1700000000000

            # TYPE b gauge
            b -1.5e3
            b{x=""} +Inf

            """
        let parsed = try PrometheusText(parsing: text)
        #expect(parsed.value("a_total", ["code": "200"]) == 3)
        #expect(parsed.value("b") == -1500)
        #expect(parsed.value("b", ["x": ""]) == .infinity)
    }
}
