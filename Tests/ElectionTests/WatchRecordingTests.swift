import Foundation
import Testing
@testable import Election
@testable import ElectionLive
@testable import ElectionWatch

/// `ClusterWatch`: what counts as a change, what gets logged, and what is remembered.
@Suite struct WatchRecordingTests {
    typealias F = WatchFixture

    func steadyRound(_ watch: inout ClusterWatch, at seconds: Double, uptimeMs: Int64 = 60_000) -> ClusterWatch.Update {
        watch.record([1: F.up(1, .follower, leader: 2, term: 7, uptimeMs: uptimeMs),
                      2: F.up(2, .leader, leader: 2, term: 7, uptimeMs: uptimeMs),
                      3: F.up(3, .follower, leader: 2, term: 7, uptimeMs: uptimeMs)], at: F.time(seconds))
    }

    @Test func theFirstRoundIsAChangeButNotLogged() {
        var watch = ClusterWatch(membership: F.membership)
        let update = steadyRound(&watch, at: 0)
        #expect(update.changed)
        #expect(update.newEntries.isEmpty)
        #expect(watch.summary == .agreed(leader: 2, term: 7, answering: 3, of: 3))
        #expect(watch.nodes.allSatisfy { $0.changedBeforeWatching })
    }

    @Test func uptimeMovingOnIsNoChange() {
        var watch = ClusterWatch(membership: F.membership)
        _ = steadyRound(&watch, at: 0, uptimeMs: 1000)
        let update = steadyRound(&watch, at: 0.25, uptimeMs: 1250)
        #expect(!update.changed)
        #expect(update.newEntries.isEmpty)
        #expect(watch.nodes[0].changedAt == F.time(0))
    }

    @Test func aTermChangeIsAChangeWithoutALogLine() {
        var watch = ClusterWatch(membership: F.membership)
        _ = steadyRound(&watch, at: 0)
        let update = watch.record([1: F.up(1, .follower, leader: 2, term: 8)], at: F.time(1))
        #expect(update.changed)
        #expect(update.newEntries.isEmpty)
        #expect(watch.nodes[0].changedAt == F.time(1))
        #expect(!watch.nodes[0].changedBeforeWatching)
    }

    @Test func aRestartBetweenTwoRoundsIsNoticedFromTheUptime() {
        var watch = ClusterWatch(membership: F.membership)
        _ = steadyRound(&watch, at: 0, uptimeMs: 9000)
        let update = watch.record([3: F.up(3, .follower, leader: nil, term: 7, uptimeMs: 120)], at: F.time(0.25))
        #expect(update.newEntries.map(\.text) == [
            "node 3: restarted 0.120s ago, now as follower, no leader known (term 7)",
            "node 3: leader 2 → none (term 7)",
        ])
        #expect(watch.summary == .disagreement([.init(node: 1, leader: 2), .init(node: 2, leader: 2),
                                                .init(node: 3, leader: nil)]))
    }

    @Test func goingDownKeepsItsMomentWhileTheReasonMoves() {
        var watch = ClusterWatch(membership: F.membership)
        _ = steadyRound(&watch, at: 0)
        watch.record([3: F.refused(3)], at: F.time(1))
        let update = watch.record([3: F.timedOut(3)], at: F.time(2))
        #expect(!update.changed)
        let reason = StatusQueryError.Reason.timedOut(.milliseconds(200))
        guard case .down(let since, reason, let lastReply) = watch.nodes[2].state else {
            Issue.record("node 3 should be down, is \(watch.nodes[2].state)")
            return
        }
        #expect(since == F.time(1))
        #expect(lastReply.leader == 2)
    }

    @Test func comingBackUnderAnotherLeaderSaysSo() {
        var watch = ClusterWatch(membership: F.membership)
        _ = steadyRound(&watch, at: 0)
        watch.record([3: F.refused(3)], at: F.time(1))
        let update = watch.record([3: F.up(3, .follower, leader: 1, term: 9)], at: F.time(2))
        #expect(update.newEntries.map(\.text) == ["node 3: answering again, as follower of 1 (term 9) (leader 2 → 1)"])
    }

    @Test func agreementIsLoggedOncePerNewLeader() {
        var watch = ClusterWatch(membership: F.membership)
        _ = steadyRound(&watch, at: 0)
        // A blip of disagreement on the same leader is not a new agreement...
        watch.record([3: F.up(3, .candidate, leader: nil, term: 7)], at: F.time(1))
        let back = steadyRound(&watch, at: 2)
        #expect(!back.newEntries.contains { $0.text.hasPrefix("cluster:") })
        // ...a new leader is.
        let moved = watch.record([1: F.up(1, .follower, leader: 3, term: 8), 2: F.up(2, .follower, leader: 3, term: 8),
                                  3: F.up(3, .leader, leader: 3, term: 8)], at: F.time(3))
        #expect(moved.newEntries.last?.text == "cluster: all 3 nodes agree on leader 3 (term 8)")
    }

    @Test func theLogKeepsOnlyTheLatestEntries() {
        var watch = ClusterWatch(membership: F.membership, logCapacity: 3)
        _ = steadyRound(&watch, at: 0)
        for round in 1...5 {
            watch.record([1: F.up(1, .follower, leader: round.isMultiple(of: 2) ? 2 : 3, term: 7)], at: F.time(Double(round)))
        }
        #expect(watch.log.count == 3)
        #expect(watch.log.map(\.time) == [F.time(3), F.time(4), F.time(5)])
    }

    @Test func summaryJudgesOnlyAnsweringNodes() {
        func summary(_ results: [NodeID: Result<StatusReply, StatusQueryError>]) -> ClusterSummary {
            var watch = ClusterWatch(membership: F.membership)
            watch.record(results, at: F.time())
            return watch.summary
        }
        #expect(summary([1: F.refused(1), 2: F.refused(2), 3: F.refused(3)]) == .nobodyAnswers)
        #expect(summary([1: F.up(1, .candidate, leader: nil, term: 4), 2: F.up(2, .follower, leader: nil, term: 4),
                         3: F.refused(3)]) == .noLeader(answering: 2, of: 3))
        #expect(summary([1: F.up(1, .follower, leader: 3, term: 4), 2: F.up(2, .follower, leader: 3, term: 4),
                         3: F.refused(3)]) == .followingAbsentLeader(leader: 3, answering: 2, of: 3))
        #expect(summary([1: F.up(1, .leader, leader: 1, term: 4), 2: F.up(2, .follower, leader: 3, term: 5),
                         3: F.up(3, .leader, leader: 3, term: 5)])
            == .splitBrain([.init(node: 1, term: 4), .init(node: 3, term: 5)]))
        #expect(summary([1: F.up(1, .follower, leader: 3, term: 5), 2: F.up(2, .follower, leader: nil, term: 5),
                         3: F.up(3, .leader, leader: 3, term: 5)])
            == .disagreement([.init(node: 1, leader: 3), .init(node: 2, leader: nil), .init(node: 3, leader: 3)]))
    }
}
