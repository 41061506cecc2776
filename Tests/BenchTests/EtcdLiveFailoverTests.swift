import Election
import Foundation
import Testing
@testable import Bench

/// A tiny real etcd failover, in the serialized `LiveFailoverRunTests` suite. It runs only
/// where `etcd` is on PATH (Debian: apt-get install etcd-server etcd-client); elsewhere the
/// test is skipped and Swift Testing prints the reason. It checks that the figures exist
/// and hang together, never how fast etcd is, and that nothing is left running or on disk.
extension LiveFailoverRunTests {
    static let etcdOnPath = PeerPrograms.find("etcd", searchPath: ProcessInfo.processInfo.environment["PATH"]) != nil

    @Test(.enabled(if: etcdOnPath, "etcd is not on PATH (Debian: apt-get install etcd-server etcd-client)"),
          .timeLimit(LiveFailoverRunTests.hangGuard))
    func twoEtcdFailoversAreMeasuredAndEverythingIsCleanedUp() async throws {
        let workDirectory = NSTemporaryDirectory() + "etcd-failover-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        var options = LiveBenchOptions()
        options.trials = 2
        options.workDirectory = workDirectory
        let runner = try PeerScenarioRunner.make(.etcd, options: options, etcdTimeouts: .explicit(heartbeat: .milliseconds(50), election: .milliseconds(250)),
                                                 searchPath: ProcessInfo.processInfo.environment["PATH"]).get()

        let outcome = await onOwnThread { try runner.run(.failover) { _ in } }

        #expect(ChildProcessRegistry.rememberedCount == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workDirectory).isEmpty)
        let result = try outcome.get()
        #expect(result.algorithm == "etcd" && result.mode == .live && result.clusterSize == 3)
        #expect(result.timing.heartbeatMs == 50 && result.timing.electionTimeoutMs?.min == 250)
        #expect(result.samples.count == 2)
        for sample in result.samples {
            let failoverMs = try #require(sample.failoverMs, "\(sample.note ?? "")")
            // A follower campaigns only after about one election timeout (250 ms, counted in
            // 50 ms ticks) without heartbeats: a time far below that would mean the bench
            // took the old leader's name for agreement. Load only makes it later.
            #expect(failoverMs >= 150)
            #expect(sample.leaderAgreedAtEnd)
            #expect((sample.leaderChanges ?? 0) >= 1)
            #expect((sample.termIncrements ?? 0) >= 1)
        }
        #expect(result.measurement.method == .statusPolling && result.measurement.resolutionMs > 0)
        #expect(result.timelines.first?.marks.contains { $0.kind == .crash } == true)
    }
}
