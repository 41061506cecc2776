import Bully
import Election
import Raft
import Testing

@testable import Bench

/// Every simulated scenario, with a handful of trials, for both algorithms: the results
/// are labelled right and their numbers make sense for what the scenario does.
struct SimScenarioTests {
    private func runner(trials: Int = 3, seed: UInt64 = 2) -> SimScenarioRunner {
        SimScenarioRunner(configuration: SimBenchConfiguration(seed: seed, trials: trials))
    }

    private func run(_ scenario: ScenarioName, _ algorithm: String, trials: Int = 3) throws -> [ScenarioResult] {
        try runner(trials: trials).runVariants(scenario, algorithm: algorithm) { _ in }
    }

    @Test(arguments: ["bully", "raft"])
    func failover_everyTrialAgreesOnANewLeaderWithinAFewTimeouts(algorithm: String) throws {
        let results = try run(.failover, algorithm, trials: 5)
        let result = try #require(results.first)
        #expect(results.count == 1)
        #expect(result.mode == .sim)
        #expect(result.measurement.method == .virtualClock)
        #expect(result.algorithm == algorithm)
        #expect(result.clusterSize == 5)
        #expect(result.samples.count == 5)
        #expect(result.seed == 2)
        for sample in result.samples {
            let failover = try #require(sample.failoverMs)
            #expect(failover > 0 && failover < 1000)
            #expect(sample.leaderAgreedAtEnd)
            #expect(sample.leaderChanges == 1)
            #expect((sample.electionMessages ?? 0) > 0 && (sample.electionBytes ?? 0) > 0)
        }
    }

    @Test func failover_drawsItsMedianTrial_andItsSIGINTVariantRunsHereToo() throws {
        let killed = try #require(try run(.failover, "raft", trials: 5).first)
        #expect(killed.timelines.count == 1)
        #expect(killed.timelines.first?.label.contains("the median by failover time") == true)
        let engine = SimScenarioEngine<BullyNode>(settings: BullySettings(), network: SimNetwork.loopbackLike,
                                                  masterSeed: 2)
        let stopped = try engine.run(FailoverScenario(fault: .stop), clusterSize: 5, trials: 3) { _, _ in }
        #expect(stopped.options == ["fault": "SIGINT"])
        #expect(stopped.samples.allSatisfy { $0.failoverMs != nil && $0.leaderAgreedAtEnd })
        #expect(stopped.timelines.first?.marks.contains { $0.kind == .crash && $0.note == "stopped (Ctrl+C)" } == true)
    }

    /// A hung leader keeps its connections, so only timeouts find it; once continued it
    /// comes back at its older term, and the note says whether any term had two leaders.
    @Test func failover_aHungLeaderIsFoundByTimeouts_andRaftNeverHasTwoLeadersInATerm() throws {
        let engine = SimScenarioEngine<RaftNode>(settings: RaftSettings(), network: SimNetwork.loopbackLike,
                                                 masterSeed: 2)
        let hung = try engine.run(FailoverScenario(fault: .hang), clusterSize: 3, trials: 4) { _, _ in }
        #expect(hung.options == ["fault": "SIGSTOP"])
        for sample in hung.samples {
            let failover = try #require(sample.failoverMs)
            // Timeouts only: no closed connection tells anyone, so not before the shortest
            // election timeout, counted from the last heartbeat (at most one interval earlier).
            let settings = RaftSettings()
            #expect(failover >= (settings.electionTimeoutMin - settings.heartbeatInterval).milliseconds, "\(sample)")
            #expect(sample.leaderAgreedAtEnd, "the continued leader steps down: \(sample)")
            #expect(sample.note?.contains("no term had two leaders") == true, "\(sample.note ?? "no note")")
        }
        let marks = try #require(hung.timelines.first?.marks)
        #expect(marks.contains { $0.kind == .pause } && marks.contains { $0.kind == .resume })
    }

    @Test func aTermWithTwoLeaders_isNamedInTheNote() {
        var leaders = TermLeaders()
        leaders.led(1, inTerm: 4)
        leaders.led(2, inTerm: 5)
        #expect(leaders.sentence == "no term had two leaders (2 terms with a leader)")
        leaders.led(3, inTerm: 5)
        #expect(leaders.termsWithTwoLeaders == [5])
        #expect(leaders.sentence == "term 5 had two leaders (nodes 2, 3)")
    }

    @Test func aSplitIntoGroups_judgesTheLargestSide() throws {
        let cluster = SimCluster<RaftNode>(members: [1, 2, 3, 4, 5], seed: 6, network: SimNetwork.loopbackLike,
                                           settings: { _ in RaftSettings() }, wireSizes: WireSizeCache())
        #expect(cluster.cutOff(by: [[1, 2], [3, 4, 5]]) == [1, 2])
        #expect(cluster.cutOff(by: [[4], [2, 3]]) == [1, 4, 5])
        #expect(cluster.cutOff(by: [[1, 2], [3, 4]]) == [3, 4, 5], "equal sides: the one with the lowest id")
        _ = try #require(cluster.settle())
        cluster.partition([[1, 2], [3, 4, 5]])
        #expect(cluster.runUntilAgreed(timeout: .seconds(5)))
        #expect([3, 4, 5].contains(try #require(cluster.agreedLeader)))
        cluster.heal()
        #expect(cluster.runUntilAgreed(timeout: .seconds(5)))
    }

    @Test func aPausedLeaderIsNotJudgedWhileHeld_andFollowsOnceResumed() throws {
        let cluster = SimCluster<RaftNode>(members: [1, 2, 3], seed: 4, network: SimNetwork.loopbackLike,
                                           settings: { _ in RaftSettings() }, recordsTimeline: true,
                                           wireSizes: WireSizeCache())
        let leader = try #require(cluster.settle())
        cluster.beginWindow()
        cluster.pause(leader)
        cluster.run(for: .seconds(1))
        // The frozen one still says it leads, but answers nobody: the others agree without it.
        #expect(cluster.runningNodes.count == 3)
        let successor = try #require(cluster.agreedLeader)
        #expect(successor != leader)
        cluster.resume(leader)
        cluster.run(for: .seconds(1))
        #expect(cluster.agreedLeader == successor)
        let sample = cluster.finish(trial: 1, seed: 4)
        #expect(sample.leaderAgreedAtEnd)
        #expect(sample.note == "no term had two leaders (2 terms with a leader)")
        let marks = cluster.recorder.timeline(label: "pause", trial: 1, from: .start, to: cluster.now).marks
        #expect(marks.map(\.kind) == [.pause, .resume])
    }

    @Test func rejoin_bullysHighestIdTakesOver_raftsReturningNodeFollows() throws {
        let bully = try #require(try run(.rejoin, "bully").first)
        let raft = try #require(try run(.rejoin, "raft").first)
        #expect(bully.samples.allSatisfy { $0.leaderChanges == 1 && $0.failoverMs == nil })
        #expect(raft.samples.allSatisfy { $0.leaderChanges == 0 && $0.splitBrainMs == 0 })
        #expect(bully.timelines.count == 1 && raft.timelines.count == 1)
    }

    @Test func slowHighest_oneResultPerFactor_bullySuffersSplitBrain() throws {
        let bully = try run(.slowHighest, "bully")
        let raft = try run(.slowHighest, "raft")
        #expect(bully.map { $0.options["extra_delay"] } == ["0.5x = 25 ms", "1x = 50 ms", "2x = 100 ms"])
        #expect(raft.map { $0.options["extra_delay"] } == ["0.5x = 75 ms", "1x = 150 ms", "2x = 300 ms"])
        // At 2x the lower nodes never hear the slow node's ANSWER in time and crown themselves.
        let twice = try #require(bully.last)
        #expect(twice.samples.allSatisfy { ($0.splitBrainMs ?? 0) > 0 })
        #expect(twice.samples.allSatisfy { ($0.leaderChanges ?? 0) >= 2 })
        #expect(raft.allSatisfy { $0.timelines.count == 1 })
    }

    @Test func flapping_theHighestIdStormsBully_aFollowerDisturbsNobody() throws {
        let bully = try run(.flapping, "bully", trials: 2)
        let raft = try run(.flapping, "raft", trials: 2)
        #expect(bully.map { $0.options["flapping_node"] } == ["highest-id", "follower"])
        let bullyHighest = bully[0]
        // Every restart takes leadership back and every crash hands it on.
        #expect(bullyHighest.samples.allSatisfy { ($0.leaderChanges ?? 0) >= ScenarioParameters.flappingCycles })
        #expect(raft[1].samples.allSatisfy { $0.leaderChanges == 0 })
        #expect(bully[1].samples.allSatisfy { $0.leaderChanges == 0 })
        #expect((bully + raft).allSatisfy { $0.samples.allSatisfy { $0.failoverMs == nil } })
    }

    @Test(arguments: ["bully", "raft"])
    func partition_theConnectedSideFailsOver_theIsolatedLeaderLingers(algorithm: String) throws {
        let result = try #require(try run(.partition, algorithm).first)
        for sample in result.samples {
            let failover = try #require(sample.failoverMs)
            #expect(failover > 0 && failover < ScenarioParameters.partitionDuration.milliseconds)
            // The cut-off leader keeps its role until it hears from the others again.
            #expect((sample.splitBrainMs ?? 0) > 0)
            #expect(sample.leaderAgreedAtEnd)
        }
    }

    @Test func zombie_raftLosesItsLeader_bullyKeepsOne() throws {
        let bully = try #require(try run(.zombie, "bully").first)
        let raft = try #require(try run(.zombie, "raft").first)
        #expect(bully.clusterSize == 4 && raft.clusterSize == 4)
        #expect(bully.samples.allSatisfy { $0.leaderAgreedAtEnd && $0.failoverMs != nil })
        #expect(raft.samples.allSatisfy { !$0.leaderAgreedAtEnd && $0.failoverMs == nil })
        #expect(raft.samples.allSatisfy { ($0.termIncrements ?? 0) >= 2 })
        #expect(raft.metrics.trialsWithoutAgreedLeader == 3)
    }

    @Test func scale_oneResultPerSize_bullyPaysQuadratically() throws {
        var configuration = SimBenchConfiguration(seed: 2, trials: 2)
        configuration.scaleSizes = [3, 9]
        let scaleRunner = SimScenarioRunner(configuration: configuration)
        let bully = try scaleRunner.runVariants(.scale, algorithm: "bully") { _ in }
        let raft = try scaleRunner.runVariants(.scale, algorithm: "raft") { _ in }
        #expect(bully.map(\.clusterSize) == [3, 9])
        #expect((bully + raft).allSatisfy { $0.scenario == .scale })
        let bullyGrowth = try #require(bully[1].metrics.messagesPerElection?.mean)
            / (try #require(bully[0].metrics.messagesPerElection?.mean))
        let raftGrowth = try #require(raft[1].metrics.messagesPerElection?.mean)
            / (try #require(raft[0].metrics.messagesPerElection?.mean))
        #expect(bullyGrowth > raftGrowth)
    }

    @Test func sameSeed_sameResults_otherSeed_otherResults() throws {
        let first = try runner(seed: 77).runVariants(.slowHighest, algorithm: "raft") { _ in }
        let again = try runner(seed: 77).runVariants(.slowHighest, algorithm: "raft") { _ in }
        let other = try runner(seed: 78).runVariants(.slowHighest, algorithm: "raft") { _ in }
        #expect(first == again)
        #expect(first != other)
    }

    @Test func badRequests_throwSentences() {
        #expect(throws: SimBenchError.unknownAlgorithm("paxos")) {
            try runner().run(.failover, algorithm: "paxos") { _ in }
        }
        #expect(throws: SimBenchError.figure16IsNotPerAlgorithm) {
            try runner().run(.figure16, algorithm: "raft") { _ in }
        }
        var tiny = SimBenchConfiguration(seed: 1, trials: 1)
        tiny.clusterSize = 2
        #expect(throws: SimBenchError.zombieTooSmall(2)) {
            try SimScenarioRunner(configuration: tiny).run(.zombie, algorithm: "bully") { _ in }
        }
    }

    @Test func throughput_isMeasuredOnTheFailoverScenario() throws {
        let measured = try runner().measureThroughput(trials: 20)
        #expect(measured.map(\.algorithm) == ["bully", "raft"])
        #expect(measured.allSatisfy { $0.trials == 20 && $0.clusterSize == 5 && $0.simulatedSeconds > 0 })
        #expect(measured.allSatisfy { $0.sentence.contains("failover trials/s") })
    }
}
