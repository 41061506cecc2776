import Bully
import Election
import ElectionLive
import ElectionSimulation
import Raft
import Testing

@testable import Bench

/// The recorder on scripted runs: statuses fed by hand (exact expectations), and small
/// simulated clusters where the outcome is known from the algorithms' rules.
struct SimRecorderTests {
    private func at(_ milliseconds: Int) -> Instant { .start + .milliseconds(milliseconds) }

    private func status(_ id: Int, _ role: Role, leader: Int?, term: UInt64) -> NodeStatus {
        NodeStatus(id: NodeID(id), role: role, leader: leader.map { NodeID($0) }, term: term)
    }

    @Test func scriptedCrash_measuresFailoverLeaderlessTimeAndChanges() {
        let recorder = ElectionRecorder(members: [1, 2, 3], recordsTimeline: true)
        // Node 3 leads term 1 and everyone follows it.
        recorder.transition(at: at(0), before: nil, after: status(1, .follower, leader: 3, term: 1))
        recorder.transition(at: at(0), before: nil, after: status(2, .follower, leader: 3, term: 1))
        recorder.transition(at: at(0), before: nil, after: status(3, .leader, leader: 3, term: 1))
        #expect(recorder.agreedLeader == 3)
        // The crash at 100 ms; node 2 stands at 250 ms, wins at 260 ms; node 1 hears at 261 ms.
        recorder.beginWindow(at: at(100))
        recorder.startFailoverClock(at: at(100))
        recorder.nodeWentDown(3, at: at(100))
        recorder.transition(at: at(250), before: nil, after: status(2, .candidate, leader: nil, term: 2))
        recorder.electionStarted()
        recorder.electionMessagesSent(copies: 2, bytesEach: 40)
        recorder.transition(at: at(260), before: nil, after: status(2, .leader, leader: 2, term: 2))
        #expect(recorder.agreedLeader == nil)  // node 1 still names node 3
        recorder.transition(at: at(261), before: nil, after: status(1, .follower, leader: 2, term: 2))
        #expect(recorder.agreedLeader == 2)

        let sample = recorder.finish(at: at(500), trial: 1, seed: 9)
        #expect(sample.failoverMs == 161)
        #expect(sample.leaderlessMs == 161)
        #expect(sample.splitBrainMs == 0)
        #expect(sample.leaderChanges == 1)
        #expect(sample.electionsStarted == 1)
        #expect(sample.termIncrements == 1)
        #expect(sample.electionMessages == 2)
        #expect(sample.electionBytes == 80)
        #expect(sample.leaderAgreedAtEnd)
        #expect(sample.seed == 9)

        // The timeline tells the same story: a crash mark, node 3's lane ending at 100 ms.
        let timeline = recorder.timeline(label: "scripted", trial: 1, from: at(100), to: at(500))
        #expect(timeline.marks.map(\.kind) == [.crash])
        #expect(timeline.leaderlessMs == 161)
        #expect(!timeline.segments.contains { $0.node == 3 })
    }

    @Test func scriptedStaleLeader_countsAsSplitBrain() {
        let recorder = ElectionRecorder(members: [1, 2, 3])
        recorder.transition(at: at(0), before: nil, after: status(1, .follower, leader: 3, term: 1))
        recorder.transition(at: at(0), before: nil, after: status(2, .follower, leader: 3, term: 1))
        recorder.transition(at: at(0), before: nil, after: status(3, .leader, leader: 3, term: 1))
        recorder.beginWindow(at: at(0))
        recorder.startFailoverClock(at: at(0))
        recorder.setCutOff([3], at: at(0))
        // Node 2 wins term 2 on the connected side while node 3 still leads term 1.
        recorder.transition(at: at(200), before: nil, after: status(2, .leader, leader: 2, term: 2))
        recorder.transition(at: at(201), before: nil, after: status(1, .follower, leader: 2, term: 2))
        recorder.setCutOff([], at: at(300))
        recorder.transition(at: at(305), before: nil, after: status(3, .follower, leader: 2, term: 2))
        let sample = recorder.finish(at: at(400), trial: 1, seed: nil)
        #expect(sample.failoverMs == 201)
        #expect(sample.splitBrainMs == 105)
        // Connected side without a leader until 201 ms; the heal brings node 3's disagreement
        // back into judgement from 300 to 305 ms.
        #expect(sample.leaderlessMs == 206)
    }

    @Test func bullyFailover_countsItsSixElectionMessagesAndTheirBytes() throws {
        let settings = BullySettings.textbook
        let wireSizes = WireSizeCache<BullyMessage>()
        let cluster = SimCluster<BullyNode>(members: [1, 2, 3], seed: 5, network: LinkConditions(),
                                            settings: { _ in settings }, wireSizes: wireSizes)
        let leader = try #require(cluster.settle())
        #expect(leader == 3)
        cluster.beginWindow()
        cluster.startFailoverClock()
        cluster.crash(leader)
        #expect(cluster.runUntilAgreed(timeout: .seconds(5)))
        cluster.run(for: .seconds(1))
        let sample = cluster.finish(trial: 1, seed: 5)
        // ELECTION 1→2, 1→3, 2→3; ANSWER 2→1; COORDINATOR 2→1, 2→3.
        #expect(sample.electionMessages == 6)
        let coordinator = BullyMessage.coordinator(epoch: try #require(cluster.simulator.status(of: 2)).term)
        let expectedBytes = 2 * WireCodec.encode(BullyMessage.election, from: 1).count
            + WireCodec.encode(BullyMessage.election, from: 2).count
            + WireCodec.encode(BullyMessage.answer, from: 2).count
            + 2 * WireCodec.encode(coordinator, from: 2).count
        #expect(sample.electionBytes == expectedBytes)
        #expect(sample.electionsStarted == 2)
        #expect(sample.leaderChanges == 1)
        // Failover: the failure timeout, less the time since the last heartbeat, plus the
        // answer timeout and one hop for COORDINATOR.
        let failover = try #require(sample.failoverMs)
        #expect(failover > 200 && failover < 200 + 50 + 50 + 5)
    }

    /// Splits five nodes into the leader's majority and a minority of two.
    private func minorityPartition<Node: BenchAlgorithm>(_ cluster: SimCluster<Node>, leader: NodeID) -> [NodeID] {
        let minority = Array(cluster.members.filter { $0 != leader }.prefix(2))
        cluster.simulator.partition([minority, cluster.members.filter { !minority.contains($0) }])
        return minority
    }

    @Test func bullyPartition_minorityElectsItsOwnLeader_splitBrain() throws {
        let settings = BullySettings.textbook
        let cluster = SimCluster<BullyNode>(members: [1, 2, 3, 4, 5], seed: 11, network: SimNetwork.loopbackLike,
                                            settings: { _ in settings }, wireSizes: WireSizeCache())
        let leader = try #require(cluster.settle())
        cluster.beginWindow()
        let minority = minorityPartition(cluster, leader: leader)
        cluster.run(for: .seconds(1))
        #expect(cluster.simulator.status(of: minority.max()!)?.role == .leader)
        let sample = cluster.finish(trial: 1, seed: 11)
        let splitBrain = try #require(sample.splitBrainMs)
        // The minority needs a failure timeout and an answer timeout to elect its leader.
        #expect(splitBrain > 700 && splitBrain < 850)
    }

    @Test func raftPartition_minorityCannotElect_noSplitBrain() throws {
        let settings = RaftSettings.textbook
        let cluster = SimCluster<RaftNode>(members: [1, 2, 3, 4, 5], seed: 11, network: SimNetwork.loopbackLike,
                                           settings: { _ in settings }, wireSizes: WireSizeCache())
        let leader = try #require(cluster.settle())
        cluster.beginWindow()
        let minority = minorityPartition(cluster, leader: leader)
        cluster.run(for: .seconds(1))
        #expect(minority.allSatisfy { cluster.simulator.status(of: $0)?.role != .leader })
        let sample = cluster.finish(trial: 1, seed: 11)
        #expect(sample.splitBrainMs == 0)
        #expect(sample.leaderChanges == 0)
        #expect((sample.electionsStarted ?? 0) > 0)  // the minority keeps trying
    }

    @Test func raftFailover_hasNoSplitBrain() throws {
        let engine = SimScenarioEngine<RaftNode>(settings: RaftSettings.textbook, network: SimNetwork.loopbackLike,
                                                 masterSeed: 3)
        let result = try engine.run(FailoverScenario(), clusterSize: 5, trials: 20) { _, _ in }
        #expect(result.samples.count == 20)
        #expect(result.samples.allSatisfy { $0.splitBrainMs == 0 })
        #expect(result.samples.allSatisfy { $0.leaderAgreedAtEnd })
    }

    @Test func timelineOfATrial_agreesWithItsSample() throws {
        let engine = SimScenarioEngine<BullyNode>(settings: BullySettings.textbook, network: SimNetwork.loopbackLike,
                                                  masterSeed: 8)
        let run = try engine.runTrial(FlappingScenario(node: .highestID), clusterSize: 5, trial: 1,
                                  recordsTimeline: true)
        let recorder = run.cluster.recorder
        let timeline = recorder.timeline(label: "check", trial: 1, from: try #require(recorder.windowStart),
                                         to: run.cluster.now)
        #expect(abs(timeline.leaderlessMs - (run.sample.leaderlessMs ?? -1)) < 1e-6)
        #expect(abs(timeline.splitBrainMs - (run.sample.splitBrainMs ?? -1)) < 1e-6)
        #expect(timeline.leaderChanges == run.sample.leaderChanges)
        #expect(timeline.marks.filter { $0.kind == .crash }.count == ScenarioParameters.flappingCycles)
        #expect(timeline.marks.filter { $0.kind == .restart }.count == ScenarioParameters.flappingCycles)
    }

    @Test func trialsReplayFromTheirSeed() throws {
        let engine = SimScenarioEngine<RaftNode>(settings: RaftSettings.textbook, network: SimNetwork.loopbackLike,
                                                 masterSeed: 21)
        let first = try engine.runTrial(PartitionScenario(), clusterSize: 5, trial: 4, recordsTimeline: false).sample
        let again = try engine.runTrial(PartitionScenario(), clusterSize: 5, trial: 4, recordsTimeline: true).sample
        let other = try engine.runTrial(PartitionScenario(), clusterSize: 5, trial: 5, recordsTimeline: false).sample
        #expect(first == again)
        #expect(first.seed != other.seed)
    }
}
