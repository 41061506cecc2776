import Election
import ElectionLive
import Testing
@testable import Bench

/// Split-brain time from invented logs: overlapping leader beliefs are summed, touching
/// ones are not, and a paused node does not count while it is held.
@Suite struct LeaderOverlapTests {
    private func leads(_ node: NodeID, at ts: Double) -> NodeLogEvent {
        NodeLogEvent(timestampMs: ts, node: node, kind: .roleChanged, term: 1, role: .leader)
    }

    private func follows(_ node: NodeID, at ts: Double) -> NodeLogEvent {
        NodeLogEvent(timestampMs: ts, node: node, kind: .roleChanged, term: 1, role: .follower)
    }

    private func timeline(_ events: [NodeLogEvent]) -> NodeEventTimeline {
        NodeEventTimeline(members: [1, 2, 3], events: events,
                          lifetimes: [1, 2, 3].map { NodeLifetime(node: $0, startMs: 0, endMs: 1000) })
    }

    @Test func overlappingLeadersAreSummed() {
        // Node 3 leads 100-400, node 2 believes it leads 300-350 and 380-500.
        let events = [leads(3, at: 100), follows(3, at: 400), leads(2, at: 300), follows(2, at: 350),
                      leads(2, at: 380), follows(2, at: 500)]
        let overlap = LeaderOverlap(timeline: timeline(events), pauses: [], from: 0, to: 1000)
        #expect(overlap.totalMs == 70)
        #expect(overlap.episodes == 2)
        #expect(overlap.longestMs == 50)
    }

    @Test func oneLeaderAfterAnotherIsNoOverlap() {
        let events = [leads(1, at: 100), follows(1, at: 200), leads(2, at: 200), follows(2, at: 300)]
        let overlap = LeaderOverlap(timeline: timeline(events), pauses: [], from: 0, to: 1000)
        #expect(overlap.totalMs == 0)
        #expect(overlap.episodes == 0)
    }

    @Test func aPausedLeaderDoesNotCountWhileHeld() {
        // Node 3 leads from 100 but is held 200-600; node 2 leads from 300 to 700.
        let events = [leads(3, at: 100), leads(2, at: 300), follows(2, at: 700)]
        let pauses = [PauseInterval(node: 3, fromMs: 200, toMs: 600)]
        let overlap = LeaderOverlap(timeline: timeline(events), pauses: pauses, from: 0, to: 1000)
        #expect(overlap.totalMs == 100)  // 600-700, once node 3 runs again
        #expect(overlap.episodes == 1)
    }
}
