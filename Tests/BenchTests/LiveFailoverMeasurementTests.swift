import Election
import Testing
@testable import Bench

/// Failover and storm figures computed from invented node event streams: no processes.
/// Times are epoch milliseconds; the fault is at 1,000.
@Suite struct LiveFailoverMeasurementTests {
    static func belief(_ node: NodeID, at timeMs: Double, role: Role? = nil,
                       leader: NodeLogEvent.LeaderField = .notMentioned, term: UInt64? = nil,
                       kind: Event.Kind = .leaderChanged) -> NodeLogEvent {
        NodeLogEvent(timestampMs: timeMs, node: node, kind: kind, term: term, role: role, leader: leader)
    }

    static func election(_ node: NodeID, at timeMs: Double, term: UInt64) -> NodeLogEvent {
        NodeLogEvent(timestampMs: timeMs, node: node, kind: .electionStarted, term: term)
    }

    /// Three nodes agree on node 3 from 100 ms; node 3 is killed at 1,000; node 2 starts an
    /// election at 1,200, leads from 1,210; node 1 follows it from 1,225.
    static let killedLeader = NodeEventTimeline(
        members: [1, 2, 3],
        events: [
            belief(3, at: 100, role: .leader, leader: .leader(3), term: 1),
            belief(1, at: 101, role: .follower, leader: .leader(3), term: 1),
            belief(2, at: 102, role: .follower, leader: .leader(3), term: 1),
            election(2, at: 1200, term: 2),
            belief(2, at: 1200, role: .candidate, leader: .noLeader, term: 2),
            belief(1, at: 1201, leader: .noLeader, term: 1),
            belief(2, at: 1210, role: .leader, leader: .leader(2), term: 2),
            belief(1, at: 1225, role: .follower, leader: .leader(2), term: 2),
        ],
        lifetimes: [NodeLifetime(node: 1, startMs: 50), NodeLifetime(node: 2, startMs: 50),
                    NodeLifetime(node: 3, startMs: 50, endMs: 1000)],
        marks: [.init(timeMs: 1000, node: 3, kind: .crash)])

    @Test func failoverEndsWhenTheLastSurvivorNamesTheNewLeader() throws {
        let window = Self.killedLeader.leadershipTimeline(from: 1000, to: 1500, label: "trial 1", trial: 1)
        let failover = try #require(FailoverMeasurement(timeline: window))
        #expect(failover.failoverMs == 225)
        #expect(failover.newLeader == 2)
        #expect(failover.learnedMs == [1: 225, 2: 210])
        #expect(window.leaderlessMs == 225)
        #expect(window.leaderChanges == 1)
        #expect(window.splitBrainMs == 0)
    }

    @Test func countsComeFromTheWindowOnly() {
        let timeline = Self.killedLeader
        #expect(timeline.electionsStarted(from: 1000, to: 1500) == 1)
        #expect(timeline.electionsStarted(from: 1000, to: 1200) == 0)
        #expect(timeline.termIncrements(from: 1000, to: 1500) == 1)
        #expect(timeline.termIncrements(from: 0, to: 1500) == 2)
    }

    @Test func theWindowIsRelativeToItsStartAndKeepsItsMarks() {
        let window = Self.killedLeader.leadershipTimeline(from: 900, to: 1500, label: "shown")
        #expect(window.endMs == 600)
        #expect(window.marks == [.init(timeMs: 100, node: 3, kind: .crash)])
        // The killed leader's last segment ends at the kill.
        let leaderSegments = window.segments.filter { $0.node == 3 }
        #expect(leaderSegments.map(\.toMs) == [100])
        #expect(FailoverMeasurement(timeline: window, faultMs: 100)?.failoverMs == 225)
    }

    @Test func aNewLeaderDoesNotCountUntilItSaysItLeads() throws {
        // Node 1 names node 2 at 1,100, before node 2 itself has become leader (1,150).
        let timeline = NodeEventTimeline(
            members: [1, 2, 3],
            events: [
                Self.belief(1, at: 1100, role: .follower, leader: .leader(2), term: 2),
                Self.belief(2, at: 1150, role: .leader, leader: .leader(2), term: 2),
            ],
            lifetimes: [NodeLifetime(node: 1, startMs: 0), NodeLifetime(node: 2, startMs: 0),
                        NodeLifetime(node: 3, startMs: 0, endMs: 1000)])
        let window = timeline.leadershipTimeline(from: 1000, to: 2000, label: "late leader")
        #expect(try #require(FailoverMeasurement(timeline: window)).failoverMs == 150)
    }

    @Test func survivorsThatNeverAgreeHaveNoFailoverButShowSplitBrain() {
        // Node 1 and node 2 each lead from 1,100 and never hear of each other.
        let timeline = NodeEventTimeline(
            members: [1, 2, 3],
            events: [
                Self.belief(1, at: 1100, role: .leader, leader: .leader(1), term: 2),
                Self.belief(2, at: 1100, role: .leader, leader: .leader(2), term: 2),
            ],
            lifetimes: [NodeLifetime(node: 1, startMs: 0), NodeLifetime(node: 2, startMs: 0),
                        NodeLifetime(node: 3, startMs: 0, endMs: 1000)])
        let window = timeline.leadershipTimeline(from: 1000, to: 1500, label: "split")
        #expect(FailoverMeasurement(timeline: window) == nil)
        #expect(window.splitBrainMs == 400)
        #expect(window.leaderlessMs == 500)
    }

    @Test func eventsAfterTheFaultDoNotBringTheNodeBack() {
        // A node stopped with SIGINT logs its goodbye after the signal; it is down anyway.
        let timeline = NodeEventTimeline(
            members: [1, 2],
            events: [
                Self.belief(2, at: 10, role: .leader, leader: .leader(2), term: 1),
                Self.belief(1, at: 11, role: .follower, leader: .leader(2), term: 1),
                Self.belief(2, at: 1003, role: .follower, leader: .noLeader, term: 1),
            ],
            lifetimes: [NodeLifetime(node: 1, startMs: 0), NodeLifetime(node: 2, startMs: 0, endMs: 1000)])
        let window = timeline.leadershipTimeline(from: 0, to: 2000, label: "stop")
        #expect(window.segments.filter { $0.node == 2 }.map(\.toMs).max() == 1000)
    }

    @Test func aRestartedNodeStartsWithoutALeader() throws {
        // Node 3 led in its first life; in its second it knows nothing until node 2's
        // heartbeat reaches it.
        let timeline = NodeEventTimeline(
            members: [1, 2, 3],
            events: [
                Self.belief(3, at: 10, role: .leader, leader: .leader(3), term: 1),
                Self.belief(2, at: 1210, role: .leader, leader: .leader(2), term: 2),
                Self.belief(1, at: 1210, role: .follower, leader: .leader(2), term: 2),
                Self.belief(3, at: 2050, role: .follower, leader: .leader(2), term: 2),
            ],
            lifetimes: [NodeLifetime(node: 1, startMs: 0), NodeLifetime(node: 2, startMs: 0),
                        NodeLifetime(node: 3, startMs: 0, endMs: 1000),
                        NodeLifetime(node: 3, startMs: 2000)])
        let rejoin = timeline.leadershipTimeline(from: 1900, to: 2500, label: "rejoin")
        let returning = rejoin.segments.filter { $0.node == 3 }
        #expect(returning.first?.fromMs == 100)
        #expect(returning.first?.leader == nil)
        #expect(rejoin.leaderlessMs == 50)
        #expect(rejoin.leaderChanges == 0)
    }

    /// The recorder of a trial whose window and failover clock opened at 1,000, when node 3
    /// was killed.
    private static func killTrial() -> LiveTrialRecorder {
        var trial = LiveTrialRecorder()
        trial.beginWindow(atMs: 1000)
        trial.startFailoverClock(atMs: 999.9)
        trial.faultIssued(FaultRecord(node: 3, fault: .kill, issuedMs: 1000, signalReturnedMs: 1000.01))
        return trial
    }

    @Test func aWindowSampleCountsOnlyTheWindow() {
        let measured = Self.killTrial().sample(trial: 3, note: nil, timeline: Self.killedLeader, cuts: [],
                                               endMs: 1300, agreedAtEnd: true)
        let sample = measured.sample
        #expect(sample.trial == 3)
        // The clock moved to the kill's own reading: 1,225 - 1,000.
        #expect(sample.failoverMs == 225)
        #expect(measured.failover?.newLeader == 2)
        #expect(sample.leaderAgreedAtEnd)
        #expect(sample.leaderlessMs == 225)
        #expect(sample.splitBrainMs == 0)
        #expect(sample.electionsStarted == 1)
        #expect(sample.leaderChanges == 1)
        #expect(sample.termIncrements == 1)
        #expect(sample.note?.hasPrefix("node 3 killed (kill -9); node 2 agreed on; status polling saw no agreement") == true)
        // Cut before the survivors agreed, the window ends without an agreed leader.
        let early = Self.killTrial().sample(trial: 1, note: nil, timeline: Self.killedLeader, cuts: [], endMs: 1205,
                                            agreedAtEnd: false)
        #expect(!early.sample.leaderAgreedAtEnd)
        #expect(early.sample.failoverMs == nil)
    }

    @Test func aCutOffNodeIsNotJudged_butItsLeadershipCountsAsSplitBrain() {
        // Node 3 leads and is cut off at 1,000 (it keeps leading); node 2 takes over the
        // connected side at 1,210 and node 1 follows it at 1,225; healed at 1,300, when
        // node 3 hears of the new term and follows node 2 from 1,310.
        let timeline = NodeEventTimeline(
            members: [1, 2, 3],
            events: Array(Self.killedLeader.events.prefix(8))
                + [Self.belief(3, at: 1310, role: .follower, leader: .leader(2), term: 2)],
            lifetimes: [NodeLifetime(node: 1, startMs: 0), NodeLifetime(node: 2, startMs: 0),
                        NodeLifetime(node: 3, startMs: 0)])
        var trial = LiveTrialRecorder()
        trial.beginWindow(atMs: 1000)
        trial.startFailoverClock(atMs: 1000)
        trial.cutIssued([3], atMs: 1000)
        let cut = CutInterval(nodes: [3], fromMs: 1000, toMs: 1300)
        let sample = trial.sample(trial: 1, note: nil, timeline: timeline, cuts: [cut], endMs: 1400,
                                  agreedAtEnd: true).sample
        #expect(sample.failoverMs == 225)
        // Judged without node 3 until the heal; then its belief in itself disagrees until 1,310.
        #expect(abs((sample.leaderlessMs ?? 0) - (225 + 10)) < 1e-9)
        #expect(sample.splitBrainMs == 100)
        #expect(sample.leaderAgreedAtEnd)
        #expect(sample.note?.hasPrefix("node 3 cut off") == true)
    }

    @Test func aWindowThatNeverOpenedMeasuresNothing() {
        let sample = LiveTrialRecorder().sample(trial: 2, note: "no leader", timeline: Self.killedLeader, cuts: [],
                                                endMs: 1300, agreedAtEnd: false).sample
        #expect(sample.failoverMs == nil && sample.leaderlessMs == nil && !sample.leaderAgreedAtEnd)
        #expect(sample.note == "no leader")
    }

    @Test func repeatedActionsAreCountedInTheNote() {
        #expect(LiveTrialRecorder.grouped(["node 3 killed (kill -9)", "node 3 restarted", "node 3 killed (kill -9)",
                                           "node 3 restarted"])
            == ["node 3 killed (kill -9) 2 times", "node 3 restarted 2 times"])
    }

    @Test func theMedianTrialsTimelineIsChosen() {
        let samples = [300.0, 100, 200].enumerated().map { TrialSample(trial: $0 + 1, failoverMs: $1) }
        let timelines = (1...3).map { (number: Int) in
            LeadershipTimeline(label: "trial \(number)", trial: number, endMs: 1, nodes: [1], segments: [])
        }
        let chosen = PeerScenarioRunner.medianTimeline(timelines, samples: samples, by: .medianFailover)
        #expect(chosen?.trial == 3)
        #expect(chosen?.label == "trial 3 (median)")
        #expect(TimelineChoice.medianFailover.label(for: samples[2], of: 3)
            == "trial 3 of 3, the median by failover time (200 ms)")
    }
}
