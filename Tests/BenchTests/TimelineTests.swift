import Election
import Testing
@testable import Bench

@Suite struct TimelineTests {
    /// Node 1 leads until it is paused at 100 ms (but still believes it leads until 400 ms);
    /// node 2 is a candidate from 200 ms and leads from 250 ms; node 3 follows 1, then
    /// nobody, then 2.
    let timeline = LeadershipTimeline(
        label: "hand-made", endMs: 500, nodes: [1, 2, 3],
        segments: [
            .init(node: 1, fromMs: 0, toMs: 400, role: .leader, leader: nil),
            .init(node: 1, fromMs: 400, toMs: 500, role: .follower, leader: 2),
            .init(node: 2, fromMs: 0, toMs: 200, role: .follower, leader: 1),
            .init(node: 2, fromMs: 200, toMs: 250, role: .candidate, leader: nil),
            .init(node: 2, fromMs: 250, toMs: 500, role: .leader, leader: 2),
            .init(node: 3, fromMs: 0, toMs: 150, role: .follower, leader: 1),
            .init(node: 3, fromMs: 150, toMs: 260, role: .follower, leader: nil),
            .init(node: 3, fromMs: 260, toMs: 500, role: .follower, leader: 2),
        ],
        marks: [.init(timeMs: 100, node: 1, kind: .pause)])

    @Test func aLeaderSegmentAlwaysNamesItsOwnNode() {
        let segment = LeadershipTimeline.Segment(node: 4, fromMs: 0, toMs: 1, role: .leader, leader: 2)
        #expect(segment.leader == 4)
    }

    @Test func agreementNeedsEveryRunningNodeAndARunningLeader() {
        // Agreed on 1 until 150 ms, then nobody until 400 ms (node 1 and 2 both lead from 250),
        // then agreed on 2.
        #expect(timeline.leaderlessMs == 250)
        #expect(timeline.splitBrainMs == 150)
        // Node 1 still leads, for everyone, at 100 ms; agreement is lost at 150 ms.
        #expect(timeline.firstAgreement(atOrAfter: 100)?.timeMs == 100)
        let agreement = timeline.firstAgreement(atOrAfter: 150)
        #expect(agreement?.timeMs == 400)
        #expect(agreement?.leader == 2)
        #expect(timeline.firstAgreement(atOrAfter: 0)?.leader == 1)
    }

    @Test func aDownNodeDoesNotBlockAgreement() {
        let crashed = LeadershipTimeline(
            label: "crash", endMs: 100, nodes: [1, 2, 3],
            segments: [.init(node: 2, fromMs: 0, toMs: 100, role: .leader, leader: 2),
                       .init(node: 3, fromMs: 0, toMs: 100, role: .follower, leader: 2)])
        #expect(crashed.leaderlessMs == 0)
    }

    @Test func followersOfADeadLeaderHaveNoAgreedLeader() {
        let orphaned = LeadershipTimeline(
            label: "orphans", endMs: 100, nodes: [1, 2, 3],
            segments: [.init(node: 2, fromMs: 0, toMs: 100, role: .follower, leader: 1),
                       .init(node: 3, fromMs: 0, toMs: 100, role: .follower, leader: 1)])
        #expect(orphaned.leaderlessMs == 100)
        #expect(orphaned.firstAgreement(atOrAfter: 0) == nil)
    }

    @Test func leaderChangesCountEntriesIntoTheLeaderRole() {
        // Node 1 already led when the window opened; node 2 became leader once.
        #expect(timeline.leaderChanges == 1)
    }
}
