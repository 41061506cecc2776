import Election
import ElectionLive

/// Reads every run's log of a cluster and checks the promises a Raft node keeps, whatever
/// kills it: at most one leader per term, at most one vote per node per term (across
/// restarts), and a restarted node comes back with the term and vote it had persisted.
/// Pure: it takes the events, so tests feed it invented ones.
///
/// How the vote checks read the logs (see `RaftNode`):
/// 1. A run's first line is its start line, which reports the term and vote read from disk.
///    It must be at least what the previous runs had certainly persisted: the same or a
///    newer term, and in the same term the same vote.
/// 2. `vote_granted` is logged after its vote was persisted: it is certain at once.
/// 3. `election_started` (the vote for itself) and a move to a newer term are logged just
///    before their persist. Any later line of the same run proves the persist completed
///    (one thread logs, persists and logs again, in order), so they become certain then.
///    A run killed in between may or may not have saved them; the next start line tells,
///    and nobody heard of such a vote, because the vote requests leave after the persist.
/// 4. Every certain vote, and every vote a start line reports, is a claim; two claims by
///    one node for different candidates in one term are a double vote.
///
/// Leaders: a `became_leader` line, or a line with `"role":"leader"`, names the leader of
/// its term. For Bully only the leader count is informative (its epochs restart from zero
/// with a node), so `checkRaftPromises: false` skips both checks and only counts.
struct ElectionSafetyAudit: Sendable {
    struct Report: Hashable, Sendable {
        /// Distinct terms in which some node led or voted.
        var termsChecked = 0
        /// Distinct (term, leader) pairs seen.
        var leadersSeen = 0
        /// Vote claims compared (votes granted, votes for itself, start lines with a vote).
        var votesChecked = 0
        /// Restarts whose start line was compared with what the run before had persisted.
        var restartsChecked = 0
        /// Runs that ended between logging a vote (or a new term) and the line that proves
        /// it persisted: kills that landed inside the persist.
        var killsInsidePersist = 0
        /// `log_lines_dropped` lines: a node's output was not read in time and it dropped
        /// lines, which the audit therefore never saw (it can then miss, never invent, a
        /// violation).
        var dropReports = 0
        var violations: [SafetyViolation] = []

        init() {}
    }

    /// `true` for Raft: checks leaders per term and votes; `false` (Bully) only counts.
    var checkRaftPromises: Bool
    /// Evidence times are printed relative to this moment (epoch ms).
    var originMs: Double

    init(checkRaftPromises: Bool, originMs: Double) {
        self.checkRaftPromises = checkRaftPromises
        self.originMs = originMs
    }

    func audit(_ events: [NodeRunEvent]) -> Report {
        var report = Report()
        var terms: Set<UInt64> = []
        auditLeaders(events, terms: &terms, into: &report)
        if checkRaftPromises { auditVotes(events, terms: &terms, into: &report) }
        report.termsChecked = terms.count
        report.dropReports = events.count { $0.event.kind == .logLinesDropped }
        return report
    }

    // MARK: - Leaders

    private func auditLeaders(_ events: [NodeRunEvent], terms: inout Set<UInt64>, into report: inout Report) {
        var leaders: [UInt64: [NodeID: NodeRunEvent]] = [:]
        for logged in events {
            let event = logged.event
            guard let term = event.term, event.kind == .becameLeader || event.role == .leader else { continue }
            terms.insert(term)
            if leaders[term, default: [:]][event.node] == nil { leaders[term, default: [:]][event.node] = logged }
        }
        report.leadersSeen = leaders.values.reduce(0) { $0 + $1.count }
        guard checkRaftPromises else { return }
        for term in leaders.keys.sorted() {
            guard let byNode = leaders[term], byNode.count > 1 else { continue }
            let nodes = byNode.keys.sorted()
            report.violations.append(SafetyViolation(
                kind: .twoLeadersInOneTerm,
                sentence: "term \(term) had \(nodes.count) leaders: nodes "
                    + nodes.map(\.description).joined(separator: ", "),
                evidence: nodes.map { byNode[$0]!.evidence(since: originMs) }))
        }
    }

    // MARK: - Votes

    /// The state a node's disk holds at least, as far as its lines prove.
    private struct Persisted {
        var term: UInt64 = 0
        var vote: NodeID?
        var evidence: NodeRunEvent?

        /// Raises to `term` (and `vote`) when that is newer than what is known.
        mutating func raise(term: UInt64, vote: NodeID?, by event: NodeRunEvent) {
            if term > self.term {
                self = Persisted(term: term, vote: vote, evidence: event)
            } else if term == self.term, let vote, self.vote == nil {
                self.vote = vote
                evidence = event
            }
        }
    }

    /// A vote claim, with the line it came from.
    private struct Claim {
        var candidate: NodeID
        var event: NodeRunEvent
    }

    private func auditVotes(_ events: [NodeRunEvent], terms: inout Set<UInt64>, into report: inout Report) {
        var claims: [NodeID: [UInt64: Claim]] = [:]
        func claim(_ node: NodeID, term: UInt64, for candidate: NodeID, _ event: NodeRunEvent) {
            terms.insert(term)
            report.votesChecked += 1
            guard let first = claims[node, default: [:]][term] else {
                claims[node, default: [:]][term] = Claim(candidate: candidate, event: event)
                return
            }
            guard first.candidate != candidate else { return }
            report.violations.append(SafetyViolation(
                kind: .twoVotesInOneTerm,
                sentence: "node \(node) voted for node \(first.candidate) and for node \(candidate) in term \(term)",
                evidence: [first.event.evidence(since: originMs), event.evidence(since: originMs)]))
        }

        let byNode = Dictionary(grouping: events, by: \.node)
        for node in byNode.keys.sorted() {
            var persisted = Persisted()
            let runs = Dictionary(grouping: byNode[node]!, by: \.run)
            for run in runs.keys.sorted() {
                // A fact logged just before its persist, waiting for the next line.
                var pending: (term: UInt64, vote: NodeID?, event: NodeRunEvent)?
                for logged in runs[run]! {
                    if let unconfirmed = pending {
                        persisted.raise(term: unconfirmed.term, vote: unconfirmed.vote, by: unconfirmed.event)
                        if let vote = unconfirmed.vote { claim(node, term: unconfirmed.term, for: vote, unconfirmed.event) }
                        pending = nil
                    }
                    let event = logged.event
                    switch RaftVoteLine(event) {
                    case .startedFrom(let term, let vote)?:
                        if run > 1 || persisted.evidence != nil {
                            report.restartsChecked += 1
                            checkRestart(node, from: term, vote: vote, against: persisted, logged, into: &report)
                        }
                        persisted = Persisted(term: term, vote: vote, evidence: logged)
                        if let vote { claim(node, term: term, for: vote, logged) }
                    case .granted(let term, let candidate)?:
                        persisted.raise(term: term, vote: candidate, by: logged)
                        claim(node, term: term, for: candidate, logged)
                    case .votedForItself(let term)?:
                        pending = (term, node, logged)
                    case nil:
                        guard let term = event.term else { break }
                        if event.kind == .becameFollower {
                            pending = (term, nil, logged)  // a newer term, logged before its persist
                        } else {
                            persisted.raise(term: term, vote: nil, by: logged)
                        }
                    }
                }
                if let unconfirmed = pending, unconfirmed.term > persisted.term
                    || (unconfirmed.vote != nil && persisted.vote == nil)
                {
                    report.killsInsidePersist += 1
                }
            }
        }
    }

    /// A restarted node must come back with at least the term and vote it had persisted.
    private func checkRestart(_ node: NodeID, from term: UInt64, vote: NodeID?, against persisted: Persisted,
                              _ startLine: NodeRunEvent, into report: inout Report) {
        let evidence = [persisted.evidence?.evidence(since: originMs), startLine.evidence(since: originMs)]
            .compactMap { $0 }
        if term < persisted.term {
            report.violations.append(SafetyViolation(
                kind: .persistedStateLost,
                sentence: "node \(node) restarted at term \(term), older than the term \(persisted.term) it had persisted",
                evidence: evidence))
        } else if term == persisted.term, let promised = persisted.vote, vote != promised {
            report.violations.append(SafetyViolation(
                kind: .persistedStateLost,
                sentence: "node \(node) restarted in term \(term) having voted for "
                    + (vote.map { "node \($0)" } ?? "nobody") + ", but it had persisted a vote for node \(promised)",
                evidence: evidence))
        }
    }
}
