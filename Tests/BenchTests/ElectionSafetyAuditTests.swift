import Election
import ElectionLive
import Testing
@testable import Bench

/// The log audit of crash-loop and chaos --live, fed invented logs: each broken promise
/// must be reported with its evidence, and the legitimate races of a kill must not be.
@Suite struct ElectionSafetyAuditTests {
    /// One line of node `node`'s run `run`, `ts` in order of writing.
    private func line(_ node: NodeID, run: Int = 1, _ ts: Double, _ kind: Event.Kind, term: UInt64?,
                      _ message: String = "", role: Role? = nil) -> NodeRunEvent {
        NodeRunEvent(event: NodeLogEvent(timestampMs: ts, node: node, kind: kind, message: message, term: term,
                                         role: role), run: run)
    }

    private func start(_ node: NodeID, run: Int, _ ts: Double, term: UInt64, votedFor: String) -> NodeRunEvent {
        line(node, run: run, ts, .becameFollower, term: term,
             "started as follower at term \(term) (voted for \(votedFor) in this term; log ends at index 0, term 0)")
    }

    private func granted(_ node: NodeID, run: Int = 1, _ ts: Double, term: UInt64, to candidate: NodeID) -> NodeRunEvent {
        line(node, run: run, ts, .voteGranted, term: term, "granted its vote for term \(term) to node \(candidate)")
    }

    private func audit(_ events: [NodeRunEvent]) -> ElectionSafetyAudit.Report {
        ElectionSafetyAudit(checkRaftPromises: true, originMs: 0).audit(events)
    }

    @Test func twoLeadersInOneTermAreReportedWithBothLines() throws {
        let report = audit([
            line(1, 10, .becameLeader, term: 3, "became leader at term 3 with votes from nodes 1, 2"),
            line(2, 20, .roleChanged, term: 3, "role is now leader (term 3)", role: .leader),
            line(3, 30, .becameLeader, term: 4, "became leader at term 4 with votes from nodes 3, 1"),
        ])
        let violation = try #require(report.violations.first)
        #expect(report.violations.count == 1)
        #expect(violation.kind == .twoLeadersInOneTerm)
        #expect(violation.sentence == "term 3 had 2 leaders: nodes 1, 2")
        #expect(violation.evidence.count == 2)
        #expect(violation.evidence[0].contains("node 1 (run 1)") && violation.evidence[1].contains("node 2 (run 1)"))
        #expect(report.leadersSeen == 3)
        #expect(report.termsChecked == 2)
        #expect(report.dropReports == 0)
    }

    @Test func aVoteForAnotherCandidateAfterARestartIsADoubleVote() throws {
        // Node 1 votes for 2 in term 5, is killed, comes back at term 5 having "forgotten"
        // its vote, and votes for 3.
        let report = audit([
            start(1, run: 1, 1, term: 4, votedFor: "nobody"),
            granted(1, 10, term: 5, to: 2),
            start(1, run: 2, 20, term: 5, votedFor: "nobody"),
            granted(1, run: 2, 30, term: 5, to: 3),
        ])
        let kinds = report.violations.map(\.kind)
        #expect(kinds.contains(.twoVotesInOneTerm))
        #expect(kinds.contains(.persistedStateLost))
        let double = try #require(report.violations.first { $0.kind == .twoVotesInOneTerm })
        #expect(double.sentence == "node 1 voted for node 2 and for node 3 in term 5")
        #expect(double.evidence.count == 2)
        #expect(report.restartsChecked == 1)
    }

    @Test func twoVotesInOneRunAreADoubleVoteToo() {
        let report = audit([granted(4, 1, term: 2, to: 1), granted(4, 2, term: 2, to: 3)])
        #expect(report.violations.map(\.kind) == [.twoVotesInOneTerm])
    }

    @Test func aRestartAtAnOlderTermLosesThePersistedState() throws {
        let report = audit([
            start(2, run: 1, 1, term: 0, votedFor: "nobody"),
            granted(2, 5, term: 7, to: 3),
            start(2, run: 2, 9, term: 6, votedFor: "nobody"),
        ])
        let violation = try #require(report.violations.first)
        #expect(violation.kind == .persistedStateLost)
        #expect(violation.sentence.contains("restarted at term 6, older than the term 7"))
        #expect(violation.evidence.count == 2)
    }

    @Test func aKeptVoteAndRepeatedGrantsToTheSameCandidateAreFine() {
        let report = audit([
            start(1, run: 1, 1, term: 0, votedFor: "nobody"),
            granted(1, 2, term: 3, to: 2),
            granted(1, 3, term: 3, to: 2),  // the candidate asked again
            start(1, run: 2, 9, term: 3, votedFor: "node 2"),
            line(1, run: 2, 10, .voteRefused, term: 3, "refused its vote for term 3 to node 3: it already voted"),
        ])
        #expect(report.violations.isEmpty)
        #expect(report.votesChecked == 3)
        #expect(report.restartsChecked == 1)
    }

    @Test func aSelfVoteKilledBeforeItsPersistIsNotAVote() {
        // election_started is logged just before its persist; the kill landed between them,
        // the node came back at the old term and then voted for node 2 in that term.
        // Nobody heard of the lost self-vote, so this is no double vote.
        let report = audit([
            start(3, run: 1, 1, term: 4, votedFor: "nobody"),
            line(3, 2, .electionStarted, term: 5, "became candidate at term 5 and voted for itself: ..."),
            start(3, run: 2, 9, term: 4, votedFor: "nobody"),
            granted(3, run: 2, 12, term: 5, to: 2),
        ])
        #expect(report.violations.isEmpty)
        #expect(report.killsInsidePersist == 1)
    }

    @Test func aSelfVoteFollowedByAnotherLineIsPersisted() throws {
        // The role_changed line after election_started proves the persist completed: a
        // restart without it, and a vote for another node in that term, are violations.
        let report = audit([
            line(3, 2, .electionStarted, term: 5, "became candidate at term 5 and voted for itself: ..."),
            line(3, 3, .roleChanged, term: 5, "role is now candidate (term 5)", role: .candidate),
            start(3, run: 2, 9, term: 5, votedFor: "nobody"),
            granted(3, run: 2, 12, term: 5, to: 2),
        ])
        #expect(Set(report.violations.map(\.kind)) == [.persistedStateLost, .twoVotesInOneTerm])
    }

    @Test func droppedLogLinesAreCounted() {
        let report = audit([line(2, 5, .logLinesDropped, term: nil, "dropped 12 log lines while standard output was not being read")])
        #expect(report.dropReports == 1)
        #expect(report.violations.isEmpty)
    }

    @Test func bullyEpochsAreCountedButNotJudged() {
        let events = [
            line(1, 10, .roleChanged, term: 1, "role is now leader (term 1)", role: .leader),
            line(2, 20, .roleChanged, term: 1, "role is now leader (term 1)", role: .leader),
        ]
        let report = ElectionSafetyAudit(checkRaftPromises: false, originMs: 0).audit(events)
        #expect(report.violations.isEmpty)
        #expect(report.leadersSeen == 2)
    }
}
