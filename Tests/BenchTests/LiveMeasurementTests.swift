import Bully
import Election
import ElectionLive
import Foundation
import Raft
import Testing
@testable import Bench

/// The measurement error a live result states, status-poll agreement, and the etcd
/// reference file: all from invented numbers.
@Suite struct LiveMeasurementTests {
    @Test func theResolutionIncludesTheWorstKillLatency() {
        var accuracy = TimingAccuracy(pollInterval: .milliseconds(2))
        accuracy.record(FaultRecord(node: 3, fault: .kill, issuedMs: 1000, signalReturnedMs: 1000.01, actedMs: 1000.2))
        accuracy.record(FaultRecord(node: 2, fault: .kill, issuedMs: 5000, signalReturnedMs: 5000.01, actedMs: 5000.9))
        accuracy.compare(eventFailoverMs: 200,
                         polled: PolledAgreement(leader: 1, seenMs: 5201.5, notYetMs: 5198, rounds: 60, roundPeriodMs: 3),
                         clockMs: 5000)
        let measurement = accuracy.measurement()
        #expect(measurement.method == .nodeEventTimestamps)
        #expect(measurement.resolutionMs >= 0.9 + WallClock.nodeTimestampPrecisionMs)
        #expect(measurement.resolutionMs < 0.91 + WallClock.nodeTimestampPrecisionMs)
        let note = measurement.note ?? ""
        #expect(note.contains("at most 0.9 ms"))
        #expect(note.contains("a median 1.5 ms"))
        #expect(note.contains("never before"))
    }

    @Test func aSurvivorsPeerDownNarrowsTheKillTime() {
        let timeline = NodeEventTimeline(
            members: [1, 2, 3],
            events: [
                NodeLogEvent(timestampMs: 900, node: 1, kind: .peerDown, peer: 3),
                NodeLogEvent(timestampMs: 1000.4, node: 3, kind: .peerDown, peer: 3),
                NodeLogEvent(timestampMs: 1000.6, node: 2, kind: .peerDown, peer: 3),
                NodeLogEvent(timestampMs: 1000.8, node: 1, kind: .peerDown, peer: 3),
            ],
            lifetimes: [])
        let peerDown = timeline.firstPeerDown(of: 3, atOrAfter: 1000)
        #expect(peerDown == 1000.6)
        let kill = FaultRecord(node: 3, fault: .kill, issuedMs: 1000, signalReturnedMs: 1000.01, actedMs: 1005)
        #expect(kill.confirmed(byPeerDownAt: peerDown).actedMs == 1000.6)
        // A bench that saw the death first keeps its own, earlier time.
        let seenEarly = FaultRecord(node: 3, fault: .kill, issuedMs: 1000, signalReturnedMs: 1000.01, actedMs: 1000.3)
        #expect(seenEarly.confirmed(byPeerDownAt: peerDown).actedMs == 1000.3)
        // A stop is timed by the node's own line, not by its peers.
        let stop = FaultRecord(node: 3, fault: .stop, issuedMs: 1000, signalReturnedMs: 1000.01, actedMs: 1002)
        #expect(stop.confirmed(byPeerDownAt: peerDown).actedMs == 1002)
    }

    @Test func pollingEarlierThanTheEventsIsReported() {
        var accuracy = TimingAccuracy(pollInterval: .milliseconds(2))
        let fault = FaultRecord(node: 1, fault: .stop, issuedMs: 0, signalReturnedMs: 0.01, actedMs: 0.5)
        accuracy.record(fault)
        accuracy.compare(eventFailoverMs: 100,
                         polled: PolledAgreement(leader: 2, seenMs: 99, notYetMs: 96, rounds: 30, roundPeriodMs: 3),
                         clockMs: fault.issuedMs)
        let note = accuracy.measurement().note ?? ""
        #expect(note.contains("After SIGINT"))
        #expect(note.contains("up to 1 ms earlier"))
    }

    @Test func aPollRoundAgreesOnlyOnARunningLeaderNamedByAll() {
        func reply(_ id: NodeID, _ role: Role, _ leader: NodeID?) -> StatusReply {
            StatusReply(id: id, algorithm: "raft", role: role, leader: leader, term: 2, members: [1, 2, 3], uptimeMs: 1)
        }
        let agreed = StatusPollRound(startMs: 0, endMs: 1, replies: [1: reply(1, .follower, 2), 2: reply(2, .leader, 2)])
        #expect(agreed.agreedLeader == 2)
        let deadLeader = StatusPollRound(startMs: 0, endMs: 1, replies: [1: reply(1, .follower, 3), 2: reply(2, .follower, 3)])
        #expect(deadLeader.agreedLeader == nil)
        let silent = StatusPollRound(startMs: 0, endMs: 1, replies: [1: reply(1, .follower, 2), 2: StatusReply?.none])
        #expect(silent.agreedLeader == nil)
        #expect(silent.summary == "node 1: follower, leader 2 (term 2); node 2: no answer")
    }

    @Test func aMissingNodeBinaryIsNamedInTheError() {
        var options = LiveBenchOptions()
        options.nodeBinaryPath = "/nonexistent/election-node"
        #expect(throws: LiveBenchError.nodeBinaryMissing(looked: ["/nonexistent/election-node"])) {
            try options.resolvedNodeBinary()
        }
    }

    @Test func timingBecomesNodeFlagsPerAlgorithm() throws {
        var raft = RaftSettings()
        raft.heartbeatInterval = .milliseconds(60)
        raft.electionTimeoutMin = .milliseconds(150)
        raft.electionTimeoutMax = .milliseconds(300)
        let bully = try BullySettings(heartbeatInterval: .milliseconds(50), failureTimeout: .milliseconds(200),
                                      answerTimeout: .milliseconds(50), coordinatorTimeout: .milliseconds(200))
        var timing = LiveBenchOptions.Timing()
        timing[BullyNode.self] = bully
        timing[RaftNode.self] = raft
        #expect(timing.nodeArguments(algorithm: "raft").prefix(4)
            == ["--heartbeat-ms", "60", "--election-timeout-ms", "150-300"])
        #expect(try RaftNode.settings(fromArguments: timing.nodeArguments(algorithm: "raft")) == raft)
        #expect(timing.nodeArguments(algorithm: "bully").prefix(8)
            == ["--heartbeat-ms", "50", "--election-timeout-ms", "200", "--answer-timeout-ms", "50",
                "--coordinator-timeout-ms", "200"])
        #expect(timing.settings(algorithm: "bully").failureTimeoutMs == 200)
        #expect(timing.settings(algorithm: "raft").electionTimeoutMs == MillisecondRange(150, 300))
        #expect(timing.competingTimeout(algorithm: "bully").duration == .milliseconds(50))
        #expect(timing.competingTimeout(algorithm: "raft").duration == .milliseconds(150))
        // What a live cluster of each runs with: the same settings, as scenarios see them.
        let liveRaft = try LiveAlgorithm.named("raft", timing: timing)
        #expect(liveRaft.nodeArguments == timing.nodeArguments(algorithm: "raft") && liveRaft.keepsDurableState)
        #expect(liveRaft.scenario == ScenarioAlgorithm(RaftNode.self, settings: raft))
        #expect(!(try LiveAlgorithm.named("bully", timing: timing)).keepsDurableState)
        #expect(throws: LiveBenchError.unknownAlgorithm("paxos")) { try LiveAlgorithm.named("paxos", timing: timing) }
    }

    @Test func theBenchFlagsGiveTheSameSettingsAsInTheSimulator() throws {
        var bench = BenchOptions()
        bench.timing = BenchTiming(electionTimeoutMin: .milliseconds(400), answerTimeout: .milliseconds(100))
        bench.nodes = [5]
        bench.seed = 42
        let options = try LiveBenchOptions(bench)
        #expect(options.timing[BullyNode.self] == (try BullyNode.settings(from: bench.timing)))
        #expect(options.timing[RaftNode.self] == (try RaftNode.settings(from: bench.timing)))
        // The simulated runner's rule: the coordinator timeout follows the answer timeout.
        let bullyArguments = options.timing.nodeArguments(algorithm: "bully")
        #expect(try BullyNode.settings(fromArguments: bullyArguments).coordinatorTimeout == .milliseconds(400))
        let raftArguments = options.timing.nodeArguments(algorithm: "raft")
        #expect(try RaftNode.settings(fromArguments: raftArguments).electionTimeoutMax == .milliseconds(500))
        #expect(options.clusterSize == 5 && options.zombieConfiguredMembers == 5)
        #expect(options.seed == 42)
        #expect(options.trials == 10)

        bench.nodes = [3]  // the live default: zombie keeps its 4 configured members
        #expect(try LiveBenchOptions(bench).zombieConfiguredMembers == ScenarioParameters.zombieConfiguredMembers)
        bench.quick = true
        bench.nodes = [3, 5]
        let quick = try LiveBenchOptions(bench)
        #expect(quick.trials == 3)
        #expect(quick.scaleSizes == [3, 5])
        bench.trials = 7
        let counted = try LiveBenchOptions(bench)
        let counts: [Int] = ScenarioVariants.scenarios.map(counted.trials(for:))
        #expect(counts == Array(repeating: 7, count: ScenarioVariants.scenarios.count))
    }

    @Test func badOptionsAreRefusedBeforeAnythingStarts() {
        var options = LiveBenchOptions()
        options.timing[RaftNode.self].electionTimeoutMin = .milliseconds(400)
        #expect(throws: LiveBenchError.self) { try options.validate() }
        options = LiveBenchOptions()
        options.timing[BullyNode.self].answerTimeout = .microseconds(1500)
        #expect(throws: LiveBenchError.self) { try options.validate() }
        options = LiveBenchOptions()
        options.clusterSize = 1
        #expect(throws: LiveBenchError.self) { try options.validate() }
    }
}
