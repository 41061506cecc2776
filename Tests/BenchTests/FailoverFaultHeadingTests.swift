import Testing
@testable import Bench

/// A failover block's heading names every fault but the default kill -9 (`fault=SIGSTOP`,
/// `fault=SIGINT`), also when a peer beside ours is stopped its own way (etcd: SIGTERM), and
/// the report's method sentence says the same fault.
@Suite struct FailoverFaultHeadingTests {
    private func result(_ algorithm: String, _ variant: String?, fault: LiveFault) -> ScenarioResult {
        var result = ScenarioResult(
            scenario: .failover, algorithm: algorithm, mode: .live, clusterSize: 3,
            timing: TimingSettings(heartbeatMs: 75, electionTimeoutMs: MillisecondRange(150, 250)),
            options: fault == .kill ? [:] : ["fault": fault.description], trials: 2,
            measurement: TimeMeasurement(method: .nodeEventTimestamps, resolutionMs: 1),
            samples: (1...2).map { TrialSample(trial: $0, failoverMs: 100 + Double($0)) })
        result.variant = variant
        return result
    }

    private func run(_ results: [ScenarioResult]) -> BenchRun {
        BenchRun(startedAt: "2026-12-01T14:00:00Z",
                 machine: MachineDescription(os: "test", architecture: "x86_64", cpuCount: 2, memoryGB: 1, note: nil),
                 commandLine: ["election-bench", "failover"], seed: 1, durationSeconds: 1, results: results,
                 references: [])
    }

    private func heading(_ results: [ScenarioResult]) throws -> String {
        try #require(ConsoleComparison(run: run(results)).lines.first { $0.hasPrefix("failover · live · 3 nodes") })
    }

    @Test func everyFaultButKillIsNamed() throws {
        for fault in [LiveFault.stop, .hang] {
            let title = try heading([result("raft", "Raft (defaults)", fault: fault)])
            #expect(title.contains("fault=\(fault.description)"), "\(title)")
        }
        #expect(!(try heading([result("raft", "Raft (defaults)", fault: .kill)])).contains("fault="))
    }

    @Test func aPeerStoppedItsOwnWayIsNamedBesideOurFault() throws {
        let results = [result("bully", "Bully (defaults)", fault: .stop), result("raft", "Raft (defaults)", fault: .stop),
                       result("etcd", "etcd", fault: .terminate)]
        let title = try heading(results)
        #expect(title.contains("fault=SIGINT (etcd SIGTERM)"), "\(title)")
        let method = ReportHeadline(run: run(results), charts: []).method ?? ""
        #expect(method.contains("from the SIGINT (etcd SIGTERM) of the leader"), "\(method)")
        #expect(!method.contains("kill -9"))
    }
}
