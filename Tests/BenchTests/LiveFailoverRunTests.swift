import Election
import Foundation
import Synchronization
import Testing
@testable import Bench

/// The one test over real processes: a 3-node Bully cluster of `election-node`s (built
/// next to the test bundle by `swift build`), two kill -9 failovers. It checks that the
/// figures exist and hang together, never how fast they are, and that nothing is left
/// running or on disk afterwards, whatever happened.
/// Serialized, with the live etcd test in `EtcdLiveFailoverTests.swift` and the crash-loop
/// and chaos runs in `LiveReliabilityRunTests.swift`: each counts the processes left in
/// `ChildProcessRegistry`, which is one for the whole test process.
@Suite(.serialized) struct LiveFailoverRunTests {
    @Test(.timeLimit(.minutes(2)))
    func twoLiveFailoversAreMeasuredAndEverythingIsCleanedUp() async throws {
        let workDirectory = NSTemporaryDirectory() + "live-failover-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        var options = LiveBenchOptions()
        options.trials = 2
        options.workDirectory = workDirectory
        let progressLines = ProgressLines()
        let runner = LiveScenarioRunner(options: options)

        let outcome = await onOwnThread {
            try runner.runFailover(algorithm: "bully", rejoinDelay: .zero, rejoinObservation: .zero,
                                   progress: progressLines.append)
        }

        // Whatever happened, the cluster is gone: no process left, its directory removed.
        #expect(ChildProcessRegistry.rememberedCount == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workDirectory).isEmpty)
        let (failover, rejoin) = try outcome.get()

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
        }
        #expect(failover.measurement.method == .nodeEventTimestamps)
        #expect(failover.measurement.resolutionMs > 0)
        #expect(failover.measurement.note?.contains("kill -9") == true)
        #expect(failover.timelines.count == 1)
        #expect(failover.timelines.first?.marks.contains { $0.kind == .crash } == true)

        // The returning node 3 is the highest id: Bully gives it the lead back.
        #expect(rejoin.scenario == .rejoin)
        #expect(rejoin.samples.count == 2)
        #expect(rejoin.samples.allSatisfy { $0.leaderAgreedAtEnd && ($0.leaderChanges ?? 0) >= 1 })
        #expect(progressLines.lines.contains { $0.contains("trial 2/2") })
    }
}

/// Progress lines collected from any thread.
private final class ProgressLines: Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }
    var append: @Sendable (String) -> Void { { line in self.storage.withLock { $0.append(line) } } }
}
