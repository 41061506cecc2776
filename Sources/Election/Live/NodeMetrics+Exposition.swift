import Election

extension NodeMetrics {
    /// What a scrape reports besides the counters: the node's identity and its state at
    /// the moment of the scrape.
    public struct Gauges: Sendable {
        public var algorithm: String
        public var id: NodeID
        public var members: [NodeID]
        public var status: NodeStatus
        /// Whether each peer was last seen reachable; a peer not in here has not been yet.
        public var peerIsUp: [NodeID: Bool]
        public var uptime: Duration
        /// Log lines dropped because nobody read the log's output fast enough
        /// (`EventLog.droppedLineCount`); `nil` leaves the metric out.
        public var logLinesDropped: UInt64?
        /// How the node sees its membership (the status reply's view); `nil` leaves those
        /// metrics out.
        public var membership: MembershipHealth?

        public init(algorithm: String, id: NodeID, members: [NodeID], status: NodeStatus,
                    peerIsUp: [NodeID: Bool], uptime: Duration, logLinesDropped: UInt64? = nil,
                    membership: MembershipHealth? = nil) {
            self.algorithm = algorithm
            self.id = id
            self.members = members
            self.status = status
            self.peerIsUp = peerIsUp
            self.uptime = uptime
            self.logLinesDropped = logLinesDropped
            self.membership = membership
        }
    }

    /// The answer to `GET /metrics`, in the Prometheus text format (docs/protocol.md lists
    /// every metric). Families and label values come out in a fixed order, so two scrapes
    /// of the same state are the same text.
    public func exposition(_ gauges: Gauges) -> String {
        var out = MetricsExposition()
        let status = gauges.status

        out.family("election_node_info", .gauge,
                   help: "Always 1; the labels say which algorithm this node runs and its id.")
        out.sample("election_node_info", labels: [("algorithm", gauges.algorithm), ("id", "\(gauges.id)")], UInt64(1))

        out.family("election_role", .gauge,
                   help: "1 for the role this node plays now (leader, follower or candidate), 0 for the others.")
        for role in [Role.leader, .follower, .candidate] {
            out.sample("election_role", labels: [("role", role.rawValue)], status.role == role ? UInt64(1) : 0)
        }

        out.family("election_term", .gauge, help: "The election term (or epoch) this node is in.")
        out.sample("election_term", status.term)

        out.family("election_leader_id", .gauge,
                   help: "The id of the leader this node believes in; 0 when it knows of none (ids start at 1).")
        out.sample("election_leader_id", status.leader.map { UInt64($0.rawValue) } ?? 0)

        out.family("election_elections_started_total", .counter, help: "Elections this node started.")
        out.sample("election_elections_started_total", electionsStarted)

        out.family("election_leader_changes_total", .counter,
                   help: "Times this node came to believe in a new leader, the first one included.")
        out.sample("election_leader_changes_total", leaderChanges)

        out.family("election_messages_sent_total", .counter,
                   help: "Peer messages this node sent, by type; a broadcast counts once per peer.")
        for (type, count) in messagesSent.sorted(by: { $0.key < $1.key }) {
            out.sample("election_messages_sent_total", labels: [("type", type)], count)
        }

        out.family("election_messages_received_total", .counter,
                   help: "Peer messages this node received from members and handled, by type.")
        for (type, count) in messagesReceived.sorted(by: { $0.key < $1.key }) {
            out.sample("election_messages_received_total", labels: [("type", type)], count)
        }

        out.family("election_lines_rejected_total", .counter,
                   help: "Incoming lines refused: not JSON, an unknown type, or a sender that is not a member.")
        out.sample("election_lines_rejected_total", linesRejected)

        let peers = gauges.members.filter { $0 != gauges.id }
        out.family("election_members", .gauge, help: "Members in this node's configuration, itself included.")
        out.sample("election_members", UInt64(gauges.members.count))

        out.family("election_peers_up", .gauge, help: "Other members this node has a working connection to.")
        out.sample("election_peers_up", UInt64(peers.filter { gauges.peerIsUp[$0] == true }.count))

        out.family("election_peer_up", .gauge,
                   help: "1 while this node has a working connection to the peer, else 0 (also before the first).")
        for peer in peers {
            out.sample("election_peer_up", labels: [("peer", "\(peer)")], gauges.peerIsUp[peer] == true ? UInt64(1) : 0)
        }

        if let membership = gauges.membership {
            out.family("election_members_reachable", .gauge,
                       help: "Members this node heard from within the last 3 s, itself included.")
            out.sample("election_members_reachable", UInt64(membership.reachable.count))
            if let quorum = membership.quorum {
                out.family("election_quorum", .gauge, help: "Members elections need: a majority of the configured ones.")
                out.sample("election_quorum", UInt64(quorum))
            }
            out.family("election_members_never_heard_from", .gauge,
                       help: "Other members this node has heard nothing from since it started.")
            out.sample("election_members_never_heard_from", UInt64(membership.neverHeardFrom.count))
            out.family("election_membership_mismatches_total", .counter,
                       help: "Messages refused from a peer whose member-list fingerprint differs, by peer.")
            for mismatch in membership.mismatches {
                out.sample("election_membership_mismatches_total", labels: [("peer", "\(mismatch.peer)")],
                           UInt64(mismatch.count))
            }
        }

        if let dropped = gauges.logLinesDropped {
            out.family("election_log_lines_dropped_total", .counter,
                       help: "Log lines dropped because standard output was not being read fast enough.")
            out.sample("election_log_lines_dropped_total", dropped)
        }

        out.family("election_uptime_seconds", .gauge, help: "Seconds since this node started.")
        // Whole milliseconds, as in the status reply's uptime_ms.
        out.sample("election_uptime_seconds", gauges.uptime.milliseconds.rounded() / 1000)

        return out.text
    }
}
