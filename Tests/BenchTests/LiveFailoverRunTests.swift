import Bully
import Election
import Foundation
import Raft
import Synchronization
import Testing
@testable import Bench

/// The tests over real processes: a 3-node Bully cluster of `election-node`s (built next to
/// the test bundle by `swift build`) running the failover and rejoin scenarios, and a Raft
/// cluster running the partition scenario through the nodes' control channel. They check
/// that the figures exist and hang together, never how fast they are, and that nothing is
/// left running or on disk afterwards, whatever happened.
/// Serialized, with the live etcd test in `EtcdLiveFailoverTests.swift` and the crash-loop
/// and chaos runs in `LiveReliabilityRunTests.swift`: each counts the processes left in
/// `ChildProcessRegistry`, which is one for the whole test process.
///
/// Each test's time limit only catches a run that hangs. Swift Testing counts it from the
/// test's start, waits for a cooperative thread included: in a full `swift test` on a
/// loaded 2-core machine the CPU-bound simulator tests hold both threads for minutes, and
/// the etcd test, 5 s on its own, passed after 116 s under a limit of 2 minutes.
@Suite(.serialized) struct LiveFailoverRunTests {
    /// A hang guard, far above a run's own length however long it waited for a thread.
    static let hangGuard = TimeLimitTrait.Duration.minutes(10)

    /// Runs `scenario` live with `trials` trials in a fresh work directory, and checks that
    /// no process and no file is left behind.
    private func runLive(_ scenario: ScenarioName, algorithm: String, trials: Int,
                         progress: ProgressLines = ProgressLines()) async throws -> [ScenarioResult] {
        let workDirectory = NSTemporaryDirectory() + "live-\(scenario)-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        var options = LiveBenchOptions()
        // These tests pin the textbook's behaviour (a cut-off Raft leader lingers), the bench's baseline.
        options.timing[RaftNode.self] = .textbook
        options.timing[BullyNode.self] = .textbook
        (options.trials, options.partitionTrials, options.zombieTrials) = (trials, trials, trials)
        options.workDirectory = workDirectory
        let runner = LiveScenarioRunner(options: options)
        let outcome = await onOwnThread {
            try runner.runVariants(scenario, algorithm: algorithm, progress: progress.append)
        }
        // Whatever happened, the cluster is gone: no process left, its directory removed.
        #expect(ChildProcessRegistry.rememberedCount == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workDirectory).isEmpty)
        return try outcome.get()
    }

    @Test(.timeLimit(LiveFailoverRunTests.hangGuard))
    func twoLiveFailoversAreMeasuredAndEverythingIsCleanedUp() async throws {
        let progressLines = ProgressLines()
        let failover = try #require(try await runLive(.failover, algorithm: "bully", trials: 2,
                                                      progress: progressLines).first)
        #expect(failover.mode == .live)
        #expect(failover.scenario == .failover)
        #expect(failover.options.isEmpty)
        #expect(failover.samples.count == 2)
        for sample in failover.samples {
            let failoverMs = try #require(sample.failoverMs, "\(sample.note ?? "")")
            #expect(failoverMs > 0)
            #expect(sample.leaderAgreedAtEnd)
            // Bully: a survivor held an election, and one new leader came out of it.
            #expect((sample.electionsStarted ?? 0) >= 1)
            #expect((sample.leaderChanges ?? 0) >= 1)
            #expect(sample.note?.contains("status polling saw it") == true)
        }
        #expect(failover.measurement.method == .nodeEventTimestamps)
        #expect(failover.measurement.resolutionMs > 0)
        #expect(failover.measurement.note?.contains("kill -9") == true)
        #expect(failover.timelines.count == 1)
        #expect(failover.timelines.first?.marks.contains { $0.kind == .crash } == true)
        #expect(progressLines.lines.contains { $0.contains("trial 2/2") })
    }

    @Test(.timeLimit(LiveFailoverRunTests.hangGuard))
    func theReturningHighestIdTakesBullysLeadBack() async throws {
        let rejoin = try #require(try await runLive(.rejoin, algorithm: "bully", trials: 1).first)
        #expect(rejoin.scenario == .rejoin)
        #expect(rejoin.samples.count == 1)
        // The returning node 3 is the highest id: Bully gives it the lead back.
        #expect(rejoin.samples.allSatisfy { $0.leaderAgreedAtEnd && ($0.leaderChanges ?? 0) >= 1 })
        #expect(rejoin.timelines.first?.marks.contains { $0.kind == .restart } == true)
    }

    @Test(.timeLimit(LiveFailoverRunTests.hangGuard))
    func aZombieMemberLeavesBullyALeader_afterTheLeaderStopsWithSIGINT() async throws {
        let zombie = try #require(try await runLive(.zombie, algorithm: "bully", trials: 1).first)
        #expect(zombie.clusterSize == ScenarioParameters.zombieConfiguredMembers)
        let sample = try #require(zombie.samples.first)
        // Node 4 never runs; node 3 leads and is stopped; node 2 is the highest id left.
        #expect(sample.note?.contains("node 3 stopped (SIGINT)") == true, "\(sample.note ?? "")")
        #expect(sample.leaderAgreedAtEnd && sample.failoverMs != nil)
        #expect(zombie.measurement.note?.contains("After SIGINT") == true)
    }

    @Test(.timeLimit(LiveFailoverRunTests.hangGuard))
    func aLivePartitionCutsTheLeaderOffAndHeals() async throws {
        let partition = try #require(try await runLive(.partition, algorithm: "raft", trials: 1).first)
        #expect(partition.mode == .live && partition.scenario == .partition)
        let sample = try #require(partition.samples.first)
        // The connected side elects a new leader while the cut-off one still believes it leads.
        let failoverMs = try #require(sample.failoverMs, "\(sample.note ?? "")")
        #expect(failoverMs > 0 && failoverMs < ScenarioParameters.partitionDuration.milliseconds)
        #expect((sample.splitBrainMs ?? 0) > 0)
        #expect(sample.leaderAgreedAtEnd)
        let marks = partition.timelines.first?.marks.map(\.kind) ?? []
        #expect(marks.contains(.partition) && marks.contains(.heal))
    }
}

/// Progress lines collected from any thread.
final class ProgressLines: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    var append: @Sendable (String) -> Void { { line in self.storage.withLock { $0.append(line) } } }
}
