import Foundation
import Testing
@testable import Bench

@Suite struct ModelJSONTests {
    let run = FixtureRun.make()

    func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func aRunSurvivesARoundTrip() throws {
        let data = try BenchJSON.encode(run)
        let decoded = try BenchJSON.decodeRun(from: data)
        #expect(decoded == run)
        #expect(try BenchJSON.encode(decoded) == data)
    }

    @Test func topLevelKeysAreSnakeCase() throws {
        let top = try object(try BenchJSON.encode(run))
        #expect(Set(top.keys) == [
            "schema_version", "tool_version", "started_at", "machine", "command_line", "seed",
            "duration_s", "results", "figure16", "references", "notes", "metric_definitions",
        ])
        let machine = try #require(top["machine"] as? [String: Any])
        #expect(Set(machine.keys).isSuperset(of: ["os", "architecture", "cpu_count", "memory_gb"]))
        let definitions = try #require(top["metric_definitions"] as? [[String: Any]])
        #expect(definitions.map { $0["key"] as? String } == MetricDefinition.Key.allCases.map(\.rawValue))
    }

    @Test func scenarioResultKeys() throws {
        let raftSimulated = try #require(run.results.first { $0.algorithm == "raft" && $0.mode == .sim })
        let result = try object(try BenchJSON.encode(raftSimulated))
        #expect(Set(result.keys) == [
            "scenario", "algorithm", "mode", "cluster_size", "timing", "options", "trials", "seed",
            "measurement", "samples", "metrics", "timelines", "notes",
        ])
        #expect(result["mode"] as? String == "sim")
        let timing = try #require(result["timing"] as? [String: Any])
        #expect(timing["heartbeat_ms"] as? Double == 50)
        #expect(timing["election_timeout_ms"] as? [Double] == [150, 300])
        let measurement = try #require(result["measurement"] as? [String: Any])
        #expect(measurement["method"] as? String == "virtual clock")
        #expect(measurement["resolution_ms"] as? Double == 0)
        let metrics = try #require(result["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == Set(["trials_measured", "trials_without_agreed_leader", "split_vote_rate"]
            + MetricDefinition.Key.allCases.map(\.rawValue)))
        let failover = try #require(metrics["failover_ms"] as? [String: Any])
        #expect(Set(failover.keys) == ["n", "min", "p50", "p90", "p99", "max", "mean"])
        let sample = try #require((result["samples"] as? [[String: Any]])?.first)
        #expect(Set(sample.keys).isSuperset(of: [
            "trial", "failover_ms", "leader_agreed_at_end", "leaderless_ms", "split_brain_ms",
            "elections_started", "leader_changes", "term_increments", "election_messages",
            "election_bytes",
        ]))
    }

    @Test func timelineKeys() throws {
        let timeline = try #require(run.results.first { !$0.timelines.isEmpty }?.timelines.first)
        let json = try object(try BenchJSON.encode(timeline))
        #expect(Set(json.keys).isSuperset(of: ["label", "start_ms", "end_ms", "nodes", "segments", "marks"]))
        let segment = try #require((json["segments"] as? [[String: Any]])?.first)
        #expect(Set(segment.keys) == ["node", "from_ms", "to_ms", "role", "leader"])
        let mark = try #require((json["marks"] as? [[String: Any]])?.first)
        #expect(Set(mark.keys).isSuperset(of: ["time_ms", "node", "kind"]))
    }

    @Test func unmeasuredMetricsAreExplicitNulls() throws {
        let result = ScenarioResult(scenario: .failover, algorithm: "raft", mode: .sim, clusterSize: 3,
                                    timing: TimingSettings(), trials: 1, measurement: .virtualClock,
                                    samples: [TrialSample(trial: 1, failoverMs: 200)])
        let text = String(decoding: try BenchJSON.encode(result), as: UTF8.self)
        #expect(text.contains("\"split_brain_ms\" : null"))
    }

    @Test func metricsAreRecomputedFromSamplesWhenRead() throws {
        var json = try object(try BenchJSON.encode(run.results[0]))
        json["metrics"] = ["trials_measured": 999]
        let decoded = try BenchJSON.decoder().decode(
            ScenarioResult.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(decoded.metrics.trialsMeasured == run.results[0].samples.count)
    }

    @Test func figure16FileHasExactlyThePromisedShape() throws {
        let measured = Figure16Row(range: MillisecondRange(150, 155), electionTimesMs: [300, 287, 280])
        let file = try object(try BenchJSON.encode(Figure16Result.File(rows: [measured])))
        #expect(Array(file.keys) == ["rows"])
        let row = try #require((file["rows"] as? [[String: Any]])?.first)
        #expect(Set(row.keys) == ["range_ms", "trials", "median_ms", "mean_ms", "p99_ms", "max_ms", "cdf"])
        #expect(row["range_ms"] as? [Double] == [150, 155])
        #expect(row["trials"] as? Int == 3)
        #expect(row["median_ms"] as? Double == 287)
        #expect(row["max_ms"] as? Double == 300)
        let fixtureFile = try object(try BenchJSON.encode(Figure16Result.File(rows: try #require(run.figure16).rows)))
        #expect((fixtureFile["rows"] as? [Any])?.count == 10)
        let point = try #require((row["cdf"] as? [[String: Any]])?.first)
        #expect(Set(point.keys) == ["ms", "percent"])
    }

    @Test func figure16RowsCountUnfinishedTrials() throws {
        let row = Figure16Row(range: MillisecondRange(exactly: 150), electionTimesMs: [400, 200], unfinished: 2)
        // Four trials, two unfinished and ranked last: the median (rank 2) is 400 ms; p99,
        // max and mean lie beyond the cap and are unknown.
        #expect(row.trials == 4)
        #expect(row.medianMs == 400)
        #expect(row.p99Ms == nil)
        #expect(row.maxMs == nil)
        #expect(row.meanMs == nil)
        #expect(row.cdf.last?.percent == 50)
        let json = try object(try BenchJSON.encode(row))
        #expect(json["unfinished"] as? Int == 2)
        #expect(json["max_ms"] is NSNull)
        let nothing = Figure16Row(range: MillisecondRange(exactly: 150), electionTimesMs: [], unfinished: 5)
        let empty = try object(try BenchJSON.encode(nothing))
        #expect(empty["median_ms"] is NSNull)
    }

    @Test func timestampsAreISO8601InUTC() {
        #expect(BenchRun.timestamp(Date(timeIntervalSince1970: 1_738_314_900)) == "2025-01-31T09:15:00Z")
    }

    @Test func thisMachineIsDescribedWithoutItsName() throws {
        let machine = MachineDescription.current()
        #expect(machine.cpuCount > 0)
        #expect(machine.memoryGB > 0)
        let json = try object(try BenchJSON.encode(machine))
        #expect(Set(json.keys).isSubset(of: ["os", "architecture", "cpu_count", "memory_gb", "note"]))
    }

    @Test func aBackwardsRangeIsRejected() {
        #expect(throws: DecodingError.self) {
            try BenchJSON.decoder().decode(MillisecondRange.self, from: Data("[300,150]".utf8))
        }
    }

    @Test func theSchemaDocumentNamesEveryKeyARunWrites() throws {
        var keys: Set<String> = []
        func collect(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary {
                    keys.insert(key)
                    if key != "options" { collect(child) }
                }
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        var withReference = run
        withReference.references.append(ReferenceResult(
            label: "etcd measured", kind: .measured, statistic: "median failover",
            valueMs: MillisecondRange(exactly: 1000), source: "test",
            measured: .init(procedure: "p", date: "d", trials: 1, measurement: .virtualClock,
                            failoverMs: Statistics.summarize([1000]))))
        collect(try JSONSerialization.jsonObject(with: try BenchJSON.encode(withReference)))
        let undocumented = keys.filter { !ResultsSchema.text.contains("`\($0)`") && !ResultsSchema.text.contains("\"\($0)\"") }
        #expect(undocumented.isEmpty, "keys missing from results-schema.md: \(undocumented.sorted())")
    }
}
