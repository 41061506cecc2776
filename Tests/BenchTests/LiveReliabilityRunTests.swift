import Election
import Foundation
import Testing
@testable import Bench

/// Short live runs of crash-loop and chaos --live over real `election-node` processes.
/// They check that the runs happen, that the audit read every run's lines, that Raft kept
/// its promises, and that nothing is left running or on disk; never how fast anything is.
/// In `LiveFailoverRunTests` (serialized) so that no other live run shares the registry.
/// Each run blocks for seconds, so it runs on a thread of its own (`onOwnThread`).
extension LiveFailoverRunTests {
    private func withWorkDirectory<T: Sendable>(_ body: @escaping @Sendable (String) throws -> T) async throws -> T {
        let workDirectory = NSTemporaryDirectory() + "live-reliability-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let result = await onOwnThread { try body(workDirectory) }
        // Whatever happened, the cluster is gone: no process left, its directory removed.
        #expect(ChildProcessRegistry.rememberedCount == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: workDirectory).isEmpty)
        return try result.get()
    }

    @Test(.timeLimit(LiveFailoverRunTests.hangGuard))
    func aThreeRoundCrashLoopOnThreeNodesKeepsRaftsPromises() async throws {
        let report = try await withWorkDirectory { directory in
            var options = CrashLoopOptions()
            options.rounds = 3
            options.clusterSize = 3
            options.live.workDirectory = directory
            return try CrashLoopRunner(options: options).run(progress: { _ in })
        }
        #expect(report.roundsRun == 3)
        // Each round kills the leader (or a node) and, unless the aimed event never came, one more.
        #expect(report.kills >= 3 && report.kills <= 6)
        #expect(report.restarts == report.kills)
        #expect(report.audit.restartsChecked >= report.restarts)
        #expect(report.audit.votesChecked > 0)
        #expect(report.audit.leadersSeen > 0)
        #expect(report.violations.isEmpty, "\(report.violations.flatMap(\.lines).joined(separator: "\n"))")
        #expect(report.lines.contains { $0.hasPrefix("violations: 0") })
    }

    @Test(.timeLimit(LiveFailoverRunTests.hangGuard))
    func aFewSecondsOfLiveChaosEndWithAnAgreedLeader() async throws {
        for algorithm in ["raft", "bully"] {
            let report = try await withWorkDirectory { directory in
                var options = LiveChaosOptions()
                options.duration = .seconds(3)
                options.clusterSize = 3
                options.live.workDirectory = directory
                return try LiveChaosRunner(options: options).run(algorithm: algorithm, progress: { _ in })
            }
            #expect(report.faults.values.reduce(0, +) > 0)
            #expect(report.mostImpairedAtOnce <= 1)  // a minority of 3
            #expect(report.linesAudited > 0)
            // Safety from the logs; the convergence bound is a timing figure (the bench's
            // business), but an agreed leader there must be, and for Bully the highest id.
            #expect(report.audit.violations.isEmpty, "\(report.audit.violations.flatMap(\.lines))")
            #expect(report.agreedLeader != nil, "\(report.livenessViolations.flatMap(\.lines))")
            if algorithm == "bully" { #expect(report.agreedLeader == 3) }
        }
    }
}
