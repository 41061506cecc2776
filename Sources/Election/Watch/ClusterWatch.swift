import Election
import ElectionLive
import Foundation

/// Everything `election-watch` has learned from polling a cluster: each node's latest
/// state, when it last changed, and a short log of leader changes.
///
/// A value type fed by `record(_:at:)` and read by `ClusterView`; it does no I/O and
/// reads no clock, so tests drive it with made-up answers and times.
public struct ClusterWatch: Sendable {
    public let membership: Membership
    /// One observation per member, in id order.
    public private(set) var nodes: [NodeObservation]
    /// Leader changes and nodes going down or coming back, oldest first, at most
    /// `logCapacity` entries.
    public private(set) var log: [WatchLogEntry] = []
    public let logCapacity: Int
    /// When the latest round of answers was recorded.
    public private(set) var lastPoll: Date?
    /// The verdict on the latest round.
    public private(set) var summary: ClusterSummary = .nobodyAnswers

    /// The last leader the whole cluster agreed on, to log a new agreement only once.
    private var lastAgreedLeader: NodeID?

    public init(membership: Membership, logCapacity: Int = 10) {
        self.membership = membership
        self.nodes = membership.members.map(NodeObservation.init(member:))
        self.logCapacity = max(0, logCapacity)
    }

    /// What one `record` call changed.
    public struct Update: Hashable, Sendable {
        /// True when any node's up/down state, role, leader or term changed, or the
        /// cluster's verdict did (always true for the first round).
        public var changed: Bool
        /// The entries this round added to `log` (even those the capacity pushed out).
        public var newEntries: [WatchLogEntry]
    }

    /// Folds in one round of answers, one per member id (a missing id leaves that node as
    /// it was). `time` is when the round was asked.
    @discardableResult
    public mutating func record(_ results: [NodeID: Result<StatusReply, StatusQueryError>],
                                at time: Date) -> Update {
        let isFirstRound = lastPoll == nil
        var entries: [WatchLogEntry] = []
        var changed = isFirstRound
        for index in nodes.indices {
            guard let result = results[nodes[index].id] else { continue }
            let before = nodes[index].visibleState
            entries += apply(result, to: &nodes[index], at: time, quietly: isFirstRound)
            if nodes[index].visibleState != before { changed = true }
        }
        let newSummary = ClusterSummary(nodes)
        if newSummary != summary { changed = true }
        entries += clusterEntries(for: newSummary, at: time, quietly: isFirstRound)
        summary = newSummary
        lastPoll = time
        append(entries)
        return Update(changed: changed, newEntries: entries)
    }

    // MARK: one node

    /// Moves one node to its new state and says what is worth logging about it.
    /// `quietly` (the first round) sets the scene without logging it.
    private func apply(_ result: Result<StatusReply, StatusQueryError>, to node: inout NodeObservation,
                       at time: Date, quietly: Bool) -> [WatchLogEntry] {
        let name = "node \(node.id)"
        switch (node.state, result) {
        case (.neverAnswered, .failure(let error)):
            node.state = .neverAnswered(reason: error.reason)
            if node.changedAt == nil { node.changedAt = time }
            return []

        case (.neverAnswered, .success(let reply)):
            node.state = .up(reply)
            node.changedAt = time
            // Seen for the first time: it may have been like this for a while.
            node.changedBeforeWatching = true
            if quietly { return [] }
            return [WatchLogEntry(time: time, text: "\(name): answered for the first time, \(describe(reply))")]

        case (.up(let previous), .failure(let error)):
            node.state = .down(since: time, reason: error.reason, lastReply: previous)
            node.changedAt = time
            node.changedBeforeWatching = false
            return [WatchLogEntry(time: time, text: "\(name): stopped answering; it \(error.reason)")]

        case (.down(let since, _, let lastReply), .failure(let error)):
            // Still down: keep the moment it went down, note the latest reason.
            node.state = .down(since: since, reason: error.reason, lastReply: lastReply)
            return []

        case (.down(_, _, let lastReply), .success(let reply)):
            node.state = .up(reply)
            node.changedAt = time
            node.changedBeforeWatching = false
            let leaderChange = lastReply.leader == reply.leader
                ? "" : " (leader \(leaderText(lastReply.leader)) → \(leaderText(reply.leader)))"
            return [WatchLogEntry(time: time, text: "\(name): answering again, \(describe(reply))\(leaderChange)")]

        case (.up(let previous), .success(let reply)):
            node.state = .up(reply)
            var entries: [WatchLogEntry] = []
            // Uptime going backwards means the process restarted between two queries.
            let restarted = reply.uptimeMs < previous.uptimeMs
            if restarted {
                let uptime = Duration.milliseconds(reply.uptimeMs).secondsText
                entries.append(WatchLogEntry(time: time, text: "\(name): restarted \(uptime) ago, now \(describe(reply))"))
            }
            if previous.leader != reply.leader {
                entries.append(WatchLogEntry(
                    time: time,
                    text: "\(name): leader \(leaderText(previous.leader)) → \(leaderText(reply.leader)) (term \(reply.term))"))
            }
            if restarted || (previous.role, previous.leader, previous.term) != (reply.role, reply.leader, reply.term) {
                node.changedAt = time
                node.changedBeforeWatching = false
            }
            return entries
        }
    }

    /// `as leader (term 4)`, `as follower of 2 (term 5)`, `as candidate, no leader known (term 5)`.
    private func describe(_ reply: StatusReply) -> String {
        switch (reply.role, reply.leader) {
        case (.leader, _): return "as leader (term \(reply.term))"
        case (let role, let leader?): return "as \(role) of \(leader) (term \(reply.term))"
        case (let role, nil): return "as \(role), no leader known (term \(reply.term))"
        }
    }

    private func leaderText(_ leader: NodeID?) -> String {
        leader.map { String($0.rawValue) } ?? "none"
    }

    // MARK: the whole cluster

    /// Logs the moments that end a failover (everyone agrees on a new leader) and the
    /// moment a split brain appears.
    private mutating func clusterEntries(for newSummary: ClusterSummary, at time: Date,
                                         quietly: Bool) -> [WatchLogEntry] {
        var entries: [WatchLogEntry] = []
        if case .agreed(let leader, let term, let answering, let total) = newSummary,
           leader != lastAgreedLeader
        {
            lastAgreedLeader = leader
            if !quietly {
                entries.append(WatchLogEntry(
                    time: time,
                    text: "cluster: \(answering == total ? "all \(total)" : "\(answering) of \(total)") nodes "
                        + "agree on leader \(leader) (term \(term))"))
            }
        }
        if case .splitBrain(let claims) = newSummary, !summary.isSplitBrain, !quietly {
            let who = claims.map { "node \($0.node) (term \($0.term))" }
            entries.append(WatchLogEntry(
                time: time, text: "cluster: SPLIT BRAIN, \(listing(who)) \(who.count == 2 ? "both" : "all") say they lead"))
        }
        return entries
    }

/// `a`, `a and b`, `a, b and c`.
    private func listing(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    private mutating func append(_ entries: [WatchLogEntry]) {
        log += entries
        if log.count > logCapacity { log.removeFirst(log.count - logCapacity) }
    }
}

/// One line of the watch's change log, such as "node 2: leader 3 → 2 (term 5)".
public struct WatchLogEntry: Hashable, Sendable {
    public var time: Date
    public var text: String

    public init(time: Date, text: String) {
        self.time = time
        self.text = text
    }
}
