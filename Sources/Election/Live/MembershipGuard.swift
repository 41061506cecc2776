import Election

/// What a live node remembers about its peers for the membership guard: when it last
/// accepted a line from each, and whose messages it refused for carrying another
/// member-list fingerprint. Pure bookkeeping, with the time passed in, so its rules
/// (reachability, how often a mismatch is reported) are tested without a clock.
struct MembershipGuard: Sendable {
    /// A peer is reachable while a line from it was accepted this recently. Every node
    /// greets each peer at least once a second (`TCPTransport.Configuration.greeting`), so
    /// three greetings in a row must go missing before a peer counts as unreachable.
    static let reachableWindow: Duration = .seconds(3)
    /// A mismatch with one peer is logged at most this often; the refusals in between are
    /// counted and told with the next report.
    static let mismatchReportInterval: Duration = .seconds(10)

    /// The refusals of one peer's messages.
    private struct Refusals: Sendable {
        var fingerprint: String
        var count = 0
        var reportedAt: Instant?
        var unreported = 0
    }

    let selfID: NodeID
    let membership: Membership
    let fingerprint: String
    private var lastHeard: [NodeID: Instant] = [:]
    private var refusals: [NodeID: Refusals] = [:]

    init(selfID: NodeID, membership: Membership) {
        self.selfID = selfID
        self.membership = membership
        fingerprint = membership.fingerprint
    }

    /// A line from `peer` was accepted at `now`.
    mutating func heard(from peer: NodeID, at now: Instant) {
        lastHeard[peer] = now
    }

    /// A message from `peer` carried `theirs`, another fingerprint, and was refused at
    /// `now`. Returns the event to log when one is due: the first refusal, the first with a
    /// new fingerprint, or the first after `mismatchReportInterval` of quiet; `nil` when
    /// this one is only counted.
    mutating func refused(from peer: NodeID, fingerprint theirs: String, at now: Instant) -> (Event, [(String, EventLog.Value)])? {
        var record = refusals[peer] ?? Refusals(fingerprint: theirs)
        let changed = record.fingerprint != theirs
        record.fingerprint = theirs
        record.count += 1
        defer { refusals[peer] = record }
        if !changed, let reportedAt = record.reportedAt, now - reportedAt < Self.mismatchReportInterval {
            record.unreported += 1
            return nil
        }
        let suppressed = record.unreported
        record.reportedAt = now
        record.unreported = 0
        var message = "MEMBERSHIP MISMATCH: refusing messages from node \(peer), whose member list has "
            + "fingerprint \(theirs), not this node's \(fingerprint) (\(membership)); give every node "
            + "the same --nodes"
        if suppressed > 0 { message += " (\(suppressed) more refused since the last report)" }
        let event = Event(.membershipMismatch, message)
        return (event, [("peer", .int(peer.rawValue)), ("theirs", .string(theirs)), ("ours", .string(fingerprint)),
                        ("suppressed", .int(suppressed)), ("count", .int(record.count))])
    }

    /// The status reply's view at `now`; `needsMajority` says whether elections need a
    /// majority of the configured members.
    func health(at now: Instant, needsMajority: Bool) -> MembershipHealth {
        let peers = membership.ids.filter { $0 != selfID }
        let reachable = membership.ids.filter { id in
            guard id != selfID else { return true }
            guard let heard = lastHeard[id] else { return false }
            return now - heard < Self.reachableWindow
        }
        return MembershipHealth(
            fingerprint: fingerprint,
            mismatches: refusals.keys.sorted().map { peer in
                let record = refusals[peer]!
                return MembershipHealth.Mismatch(peer: peer, fingerprint: record.fingerprint, count: record.count)
            },
            neverHeardFrom: peers.filter { lastHeard[$0] == nil },
            reachable: reachable,
            quorum: needsMajority ? membership.quorum : nil)
    }
}
