import Foundation
import Testing
@testable import Election
@testable import ElectionLive
@testable import ElectionWatch

/// The text `election-watch` shows, compared line for line. Times are UTC.
@Suite struct ClusterViewTests {
    typealias F = WatchFixture
    let view = F.utcView

    /// Node 1 follows node 2, node 2 leads, node 3 has never answered; asked twice.
    func steadyCluster() -> ClusterWatch {
        var watch = ClusterWatch(membership: F.membership)
        for seconds in [0, 1.5] {
            watch.record([1: F.up(1, .follower, leader: 2, term: 7), 2: F.up(2, .leader, leader: 2, term: 7),
                          3: F.refused(3)], at: F.time(seconds))
        }
        return watch
    }

    @Test func tableOfASmallCluster() {
        #expect(view.table(steadyCluster()) == [
            "NODE  ADDRESS         STATE           ROLE      LEADER  TERM  SINCE  NOTE",
            "1     127.0.0.1:8001  up              follower  2       7     ≥1.5s",
            "2     127.0.0.1:8002  up              leader    2       7     ≥1.5s",
            "3     127.0.0.1:8003  never answered  -         -       -     -      it refused the connection (not running?)",
        ])
    }

    @Test func plainSnapshotHasTheTimeTheTableAndTheVerdict() {
        #expect(view.snapshot(steadyCluster()) == [
            "02:10:34.620  raft, 3 nodes",
            "NODE  ADDRESS         STATE           ROLE      LEADER  TERM  SINCE  NOTE",
            "1     127.0.0.1:8001  up              follower  2       7     ≥1.5s",
            "2     127.0.0.1:8002  up              leader    2       7     ≥1.5s",
            "3     127.0.0.1:8003  never answered  -         -       -     -      it refused the connection (not running?)",
            "Leader: node 2 (term 7), agreed by 2 of 3 nodes (the others do not answer).",
        ])
    }

    @Test func aNodeSeenOnceHasNoKnownAge() {
        var watch = ClusterWatch(membership: F.membership)
        watch.record([1: F.up(1, .follower, leader: 2, term: 7)], at: F.time())
        #expect(view.table(watch)[1] == "1     127.0.0.1:8001  up              follower  2       7     -")
        #expect(view.table(watch)[2].hasSuffix("never answered  -         -       -     -      not asked yet"))
    }

    @Test func downIsNotNeverAnswered() {
        var watch = steadyCluster()
        watch.record([1: F.up(1, .follower, leader: 2, term: 7), 2: F.timedOut(2), 3: F.refused(3)], at: F.time(2))
        watch.record([1: F.up(1, .follower, leader: 2, term: 7), 2: F.timedOut(2), 3: F.refused(3)], at: F.time(3.25))
        let table = view.table(watch)
        #expect(table[2] == "2     127.0.0.1:8002  down since 02:10:35  -         -       -     1.2s   it timed out after 200 ms")
        #expect(table[3] == "3     127.0.0.1:8003  never answered       -         -       -     -      it refused the connection (not running?)")
        #expect(view.summaryLine(watch.summary)
            == "No live leader: 1 of 3 nodes still follow node 2, which does not answer.")
    }

    @Test func liveScreenHasTitleTableVerdictAndLog() {
        var watch = steadyCluster()
        watch.record([1: F.up(1, .follower, leader: 2, term: 7), 2: F.refused(2), 3: F.refused(3)], at: F.time(2))
        #expect(view.screen(watch, interval: .milliseconds(100)) == [
            "election-watch  02:10:35.120  raft, 3 nodes, asked every 100 ms  (Ctrl-C quits)",
            "",
            "NODE  ADDRESS         STATE                ROLE      LEADER  TERM  SINCE  NOTE",
            "1     127.0.0.1:8001  up                   follower  2       7     ≥2.0s",
            "2     127.0.0.1:8002  down since 02:10:35  -         -       -     0.0s   it refused the connection (not running?)",
            "3     127.0.0.1:8003  never answered       -         -       -     -      it refused the connection (not running?)",
            "",
            "No live leader: 1 of 3 nodes still follow node 2, which does not answer.",
            "",
            "Changes (latest last):",
            "02:10:35.120  node 2: stopped answering; it refused the connection (not running?)",
        ])
        #expect(view.screen(steadyCluster(), interval: .milliseconds(100)).last == "Changes: none yet.")
    }

    @Test func aFailoverTellsItsStoryInTheLog() {
        var watch = steadyCluster()
        // The leader dies; node 1 notices, starts an election, node 3 wins it; the old
        // leader comes back still believing it leads an older term.
        watch.record([1: F.up(1, .follower, leader: 2, term: 7), 2: F.refused(2), 3: F.refused(3)], at: F.time(2))
        watch.record([1: F.up(1, .candidate, leader: nil, term: 8), 2: F.refused(2), 3: F.refused(3)], at: F.time(3))
        watch.record([1: F.up(1, .follower, leader: 3, term: 8), 2: F.refused(2),
                      3: F.up(3, .leader, leader: 3, term: 8)], at: F.time(4))
        let update = watch.record([1: F.up(1, .follower, leader: 3, term: 8), 2: F.up(2, .leader, leader: 2, term: 7),
                                   3: F.up(3, .leader, leader: 3, term: 8)], at: F.time(5.25))
        #expect(watch.log.map(view.logLine) == [
            "02:10:35.120  node 2: stopped answering; it refused the connection (not running?)",
            "02:10:36.120  node 1: leader 2 → none (term 8)",
            "02:10:37.120  node 1: leader none → 3 (term 8)",
            "02:10:37.120  node 3: answered for the first time, as leader (term 8)",
            "02:10:37.120  cluster: 2 of 3 nodes agree on leader 3 (term 8)",
            "02:10:38.370  node 2: answering again, as leader (term 7)",
            "02:10:38.370  cluster: SPLIT BRAIN, node 2 (term 7) and node 3 (term 8) both say they lead",
        ])
        #expect(view.snapshot(watch, changes: update.newEntries).suffix(3) == [
            "SPLIT BRAIN: node 2 (term 7) and node 3 (term 8) both say they lead.",
            "  02:10:38.370  node 2: answering again, as leader (term 7)",
            "  02:10:38.370  cluster: SPLIT BRAIN, node 2 (term 7) and node 3 (term 8) both say they lead",
        ])
    }

    @Test func summarySentences() {
        func line(_ summary: ClusterSummary) -> String { view.summaryLine(summary) }
        #expect(line(.nobodyAnswers) == "No node answers: are the nodes running, and is the node list right?")
        #expect(line(.agreed(leader: 2, term: 7, answering: 3, of: 3)) == "Leader: node 2 (term 7), agreed by all 3 nodes.")
        #expect(line(.agreed(leader: 1, term: 1, answering: 1, of: 1)) == "Leader: node 1 (term 1), agreed by the only node.")
        #expect(line(.noLeader(answering: 2, of: 3))
            == "No leader: no answering node knows one (2 of 3 answer; an election may be under way).")
        #expect(line(.disagreement([.init(node: 1, leader: 3), .init(node: 2, leader: 2), .init(node: 3, leader: nil)]))
            == "No agreement: node 1 says 3, node 2 says 2, node 3 says none.")
        #expect(line(.splitBrain([.init(node: 1, term: 4), .init(node: 2, term: 4), .init(node: 3, term: 5)]))
            == "SPLIT BRAIN: node 1 (term 4), node 2 (term 4) and node 3 (term 5) all say they lead.")
    }

    @Test func coloursOnlyWhenAskedFor() {
        let watch = steadyCluster()
        let plain = view.table(watch).joined() + view.summaryLine(watch.summary)
        #expect(!plain.contains("\u{1B}"))

        var coloured = view
        coloured.colors = true
        let table = coloured.table(watch)
        #expect(table[2].contains("\u{1B}[32mleader\u{1B}[0m"))          // leader green
        #expect(table[3].contains("\u{1B}[31mnever answered\u{1B}[0m"))  // not answering red
        #expect(coloured.summaryLine(watch.summary).hasPrefix("\u{1B}[32mLeader: node 2"))
        let candidate = ClusterSummary.noLeader(answering: 1, of: 3)
        #expect(coloured.summaryLine(candidate).hasPrefix("\u{1B}[33m"))
        // Colour codes do not upset the alignment: the plain text is the same.
        #expect(table.map(stripANSI) == view.table(watch))
    }

    @Test func candidatesAreYellow() {
        var watch = ClusterWatch(membership: F.membership)
        watch.record([1: F.up(1, .candidate, leader: nil, term: 3)], at: F.time())
        var coloured = view
        coloured.colors = true
        #expect(coloured.table(watch)[1].contains("\u{1B}[33mcandidate\u{1B}[0m"))
    }

    @Test func theMembershipLinesShowTheQuorumTheZombieAndAMismatch() {
        func reply(_ id: NodeID, _ role: Role, _ health: MembershipHealth) -> Result<StatusReply, StatusQueryError> {
            .success(StatusReply(id: id, algorithm: "raft", role: role, leader: 2, term: 7, members: [1, 2, 3],
                                 uptimeMs: 60_000, membership: health))
        }
        let follower = MembershipHealth(
            fingerprint: "b8ec10d65f74ee20",
            mismatches: [MembershipHealth.Mismatch(peer: 3, fingerprint: "2185ed52159f0deb", count: 14)],
            neverHeardFrom: [3, 4], reachable: [1, 2], quorum: 2)
        let leader = MembershipHealth(fingerprint: "b8ec10d65f74ee20", neverHeardFrom: [3], reachable: [1, 2], quorum: 2)
        var watch = ClusterWatch(membership: F.membership)
        watch.record([1: reply(1, .follower, follower), 2: reply(2, .leader, leader), 3: F.refused(3)], at: F.time())
        #expect(view.membershipLines(watch) == [
            "Quorum, as node 2 sees it: 2 of 3 configured members reachable; one more failure stops elections.",
            // Node 1 refuses node 3's messages: that is told as a mismatch, not as silence.
            "Node 3 has not answered node 2 since it started: is it running, with the same --nodes?",
            "Node 4 has not answered node 1 since it started: is it running, with the same --nodes?",
            "MEMBERSHIP MISMATCH: node 1 refused 14 messages from node 3, whose member list has fingerprint "
                + "2185ed52159f0deb, not b8ec10d65f74ee20.",
        ])
        #expect(view.snapshot(watch).suffix(4) == ArraySlice(view.membershipLines(watch)))
        // Replies without these fields (an older node) add no line.
        #expect(view.membershipLines(steadyCluster()).isEmpty)
    }

    @Test func aDifferentMemberListIsFlagged() {
        var watch = ClusterWatch(membership: F.membership)
        watch.record([1: F.up(1, .follower, leader: 2, term: 7, members: [1, 2, 4])], at: F.time())
        #expect(view.table(watch)[1].hasSuffix("-      its member list is 1,2,4, not 1,2,3"))
    }

    @Test func clockAndAgeTexts() {
        #expect(view.clockText(F.time()) == "02:10:33.120")
        #expect(view.clockText(F.time(0.005)) == "02:10:33.125")
        #expect(view.clockText(F.time(), milliseconds: false) == "02:10:33")
        let paris = ClusterView(timeZone: TimeZone(secondsFromGMT: 3600)!)
        #expect(paris.clockText(F.time()) == "03:10:33.120")
        #expect(ClusterView.ageText(.milliseconds(420)) == "0.4s")
        #expect(ClusterView.ageText(.milliseconds(12_345)) == "12.3s")
        #expect(ClusterView.ageText(.seconds(245)) == "4m05s")
        #expect(ClusterView.ageText(.seconds(7380)) == "2h03m")
    }

    private func stripANSI(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }
}

// MARK: - fixtures shared with WatchRecordingTests

/// Made-up answers and times for the watch tests: no sockets, no clock.
enum WatchFixture {
    static let membership = try! Membership.parse("1:8001,2:8002,3:8003")

    /// 02:10:33.120 UTC on 14 November 2023, plus `seconds`.
    static func time(_ seconds: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_699_920_000 + 2 * 3600 + 10 * 60 + 33.120 + seconds)
    }

    static let utcView = ClusterView(colors: false, timeZone: TimeZone(identifier: "UTC")!)

    static func up(_ id: NodeID, _ role: Role, leader: NodeID?, term: UInt64, uptimeMs: Int64 = 60_000,
                   members: [NodeID] = [1, 2, 3]) -> Result<StatusReply, StatusQueryError> {
        .success(StatusReply(id: id, algorithm: "raft", role: role, leader: leader, term: term,
                             members: members, uptimeMs: uptimeMs))
    }

    static func refused(_ id: NodeID) -> Result<StatusReply, StatusQueryError> {
        .failure(StatusQueryError(member: membership.member(id)!, reason: .refused))
    }

    static func timedOut(_ id: NodeID) -> Result<StatusReply, StatusQueryError> {
        .failure(StatusQueryError(member: membership.member(id)!, reason: .timedOut(.milliseconds(200))))
    }
}
