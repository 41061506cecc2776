import Election
@testable import Bench

/// FIXTURE DATA, FOR TESTS ONLY. Every number here is invented (drawn from a seeded
/// generator to look plausible); none was measured. The run says so in its notes, and it is
/// only ever written to temporary directories.
enum FixtureRun {
    static let warning = "FIXTURE DATA: every number in this report is invented for a rendering test; nothing was measured."

    static func make() -> BenchRun {
        var random = SeededRandom(seed: 2024)
        var results: [ScenarioResult] = []

        // Failover, live and simulated, for both algorithms.
        for mode in RunMode.allCases {
            for algorithm in ["bully", "raft"] {
                results.append(failoverResult(scenario: .failover, algorithm: algorithm, mode: mode,
                                              size: 5, trials: mode == .live ? 10 : 40, random: &random))
            }
        }
        // Storm scenarios with timelines.
        results.append(storm(.flapping, "raft", .live, timeline: raftFlapping, random: &random))
        results.append(storm(.flapping, "bully", .live, timeline: bullyFlapping, random: &random))
        results.append(storm(.partition, "raft", .sim, timeline: raftPartition, random: &random))
        results.append(storm(.partition, "bully", .sim, timeline: bullyPartition, random: &random))
        results.append(storm(.zombie, "raft", .live, timeline: raftZombie, random: &random))
        // Scale.
        for (mode, sizes) in [(RunMode.live, [3, 5, 7, 9]), (.sim, [3, 5, 7, 9, 15, 21, 31, 41, 51])] {
            for algorithm in ["bully", "raft"] {
                for size in sizes {
                    results.append(failoverResult(scenario: .scale, algorithm: algorithm, mode: mode,
                                                  size: size, trials: 10, random: &random))
                }
            }
        }

        return BenchRun(
            startedAt: "2025-01-31T09:15:00Z",
            machine: MachineDescription(os: "Fixture OS 1.0", architecture: "x86_64", cpuCount: 2,
                                        memoryGB: 7.8, note: "fixture, not a real machine"),
            commandLine: ["election-bench", "--out", "/tmp/fixture", "--seed", "2024"],
            seed: 2024, durationSeconds: 63.4, results: results,
            figure16: figure16(random: &random),
            notes: [warning])
    }

    static func timing(_ algorithm: String) -> TimingSettings {
        algorithm == "raft"
            ? TimingSettings(heartbeatMs: 50, electionTimeoutMs: MillisecondRange(150, 300))
            : TimingSettings(heartbeatMs: 100, failureTimeoutMs: 500, answerTimeoutMs: 100)
    }

    static func measurement(_ mode: RunMode) -> TimeMeasurement {
        mode == .sim ? .virtualClock
            : TimeMeasurement(method: .nodeEventTimestamps, resolutionMs: 1,
                              note: "Fixture: nodes' JSON log timestamps.")
    }

    static func failoverResult(scenario: ScenarioName, algorithm: String, mode: RunMode, size: Int,
                               trials: Int, random: inout SeededRandom) -> ScenarioResult {
        let samples = (1...trials).map { trial -> TrialSample in
            let jitter = Double.random(in: 0..<1, using: &random)
            let splitVote = algorithm == "raft" && random.chance(0.08)
            let failover = algorithm == "raft"
                ? 160 + jitter * 150 + (splitVote ? 180 : 0) + Double(size) * 1.5
                : 520 + jitter * 60 + Double(size) * 4
            let changes = 1
            let messages = algorithm == "raft"
                ? 2 * (size - 1) * (splitVote ? 2 : 1)
                : (size - 1) * (size - 2) + (size - 2) + Int(jitter * Double(size))
            return TrialSample(
                trial: trial, seed: mode == .sim ? UInt64(1000 + trial) : nil, failoverMs: failover,
                leaderlessMs: failover, splitBrainMs: 0,
                electionsStarted: algorithm == "raft" ? (splitVote ? 2 : 1) : size - 2,
                leaderChanges: changes, termIncrements: algorithm == "raft" ? (splitVote ? 2 : 1) : 1,
                electionMessages: messages, electionBytes: messages * (algorithm == "raft" ? 74 : 52))
        }
        return ScenarioResult(scenario: scenario, algorithm: algorithm, mode: mode, clusterSize: size,
                              timing: timing(algorithm), trials: trials,
                              seed: mode == .sim ? 2024 : nil, measurement: measurement(mode),
                              samples: samples)
    }

    static func storm(_ scenario: ScenarioName, _ algorithm: String, _ mode: RunMode,
                      timeline: LeadershipTimeline, random: inout SeededRandom) -> ScenarioResult {
        let samples = (1...8).map { trial -> TrialSample in
            let wobble = Double.random(in: 0.8..<1.2, using: &random)
            return TrialSample(
                trial: trial, failoverMs: firstFailover(timeline).map { $0 * wobble },
                leaderlessMs: timeline.leaderlessMs * wobble, splitBrainMs: timeline.splitBrainMs * wobble,
                electionsStarted: 3, leaderChanges: timeline.leaderChanges,
                termIncrements: algorithm == "raft" ? 4 : 3, electionMessages: 40, electionBytes: 2400)
        }
        var labelled = timeline
        labelled.label = "trial 4 (median)"
        return ScenarioResult(scenario: scenario, algorithm: algorithm, mode: mode, clusterSize: timeline.nodes.count,
                              timing: timing(algorithm), options: algorithm == "raft" ? ["prevote": "off"] : [:],
                              trials: 8, seed: mode == .sim ? 77 : nil, measurement: measurement(mode),
                              samples: samples, timelines: [labelled],
                              notes: ["Fixture: invented numbers for a rendering test."])
    }

    /// From the first loss of agreement to the next agreement, as a stand-in failover time.
    static func firstFailover(_ timeline: LeadershipTimeline) -> Double? {
        guard let lost = timeline.spans.first(where: { $0.agreedLeader == nil }),
              let regained = timeline.firstAgreement(atOrAfter: lost.toMs) else { return nil }
        return regained.timeMs - lost.fromMs
    }

    // MARK: Timelines, written as scripts of state changes

    /// Builds segments from "from this time on, node N is <role> following <leader>" lines.
    struct Script {
        var nodes: [NodeID]
        var endMs: Double
        private var changes: [(time: Double, node: NodeID, state: (Role, NodeID?)?)] = []
        var marks: [LeadershipTimeline.Mark] = []

        init(nodes: [NodeID], endMs: Double) {
            self.nodes = nodes
            self.endMs = endMs
        }

        mutating func at(_ time: Double, _ node: NodeID, _ role: Role, follows leader: NodeID? = nil) {
            changes.append((time, node, (role, leader)))
        }

        mutating func all(_ time: Double, _ nodes: [NodeID], follow leader: NodeID?) {
            for node in nodes { at(time, node, .follower, follows: leader) }
        }

        mutating func crash(_ time: Double, _ node: NodeID) {
            changes.append((time, node, nil))
            marks.append(.init(timeMs: time, node: node, kind: .crash))
        }

        mutating func mark(_ time: Double, _ node: NodeID?, _ kind: LeadershipTimeline.Mark.Kind, _ note: String? = nil) {
            marks.append(.init(timeMs: time, node: node, kind: kind, note: note))
        }

        func timeline(_ label: String) -> LeadershipTimeline {
            var segments: [LeadershipTimeline.Segment] = []
            for node in nodes {
                let mine = changes.filter { $0.node == node }.sorted { $0.time < $1.time }
                for (index, change) in mine.enumerated() {
                    guard let state = change.state else { continue }
                    let end = index + 1 < mine.count ? mine[index + 1].time : endMs
                    segments.append(.init(node: node, fromMs: change.time, toMs: end, role: state.0,
                                          leader: state.1))
                }
            }
            return LeadershipTimeline(label: label, endMs: endMs, nodes: nodes, segments: segments, marks: marks)
        }
    }

    static var raftFlapping: LeadershipTimeline {
        var script = Script(nodes: [1, 2, 3, 4, 5], endMs: 6000)
        script.at(0, 2, .leader)
        script.all(0, [1, 3, 4, 5], follow: 2)
        script.crash(1000, 4)
        script.at(1600, 4, .follower); script.mark(1600, 4, .restart)
        script.at(1850, 4, .candidate)
        script.all(1862, [1, 2, 3, 5], follow: nil)
        script.at(1870, 4, .leader)
        script.all(1880, [1, 2, 3, 5], follow: 4)
        script.crash(2600, 4)
        script.at(2810, 1, .candidate)
        script.at(2818, 1, .leader)
        script.all(2825, [2, 3, 5], follow: 1)
        script.at(3400, 4, .follower); script.mark(3400, 4, .restart)
        script.at(3650, 4, .candidate)
        script.all(3660, [2, 3], follow: nil)
        script.at(3660, 1, .follower)
        script.at(3662, 5, .candidate)
        script.at(3700, 4, .follower)
        script.at(3880, 5, .leader)
        script.all(3890, [1, 2, 3, 4], follow: 5)
        script.crash(4400, 4)
        script.at(5000, 4, .follower); script.mark(5000, 4, .restart)
        script.at(5010, 4, .follower, follows: 5)
        return script.timeline("trial 4")
    }

    static var bullyFlapping: LeadershipTimeline {
        var script = Script(nodes: [1, 2, 3, 4, 5], endMs: 6000)
        script.at(0, 5, .leader)
        script.all(0, [1, 2, 3, 4], follow: 5)
        script.crash(1000, 5)
        script.at(1510, 1, .candidate); script.at(1512, 2, .candidate); script.at(1512, 3, .candidate)
        script.at(1513, 4, .candidate)
        script.at(1620, 4, .leader)
        script.all(1622, [1, 2, 3], follow: 4)
        script.at(2200, 5, .candidate); script.mark(2200, 5, .restart)
        script.at(2305, 5, .leader)
        script.at(2307, 4, .follower, follows: 5)
        script.all(2307, [1, 2, 3], follow: 5)
        script.crash(3000, 5)
        script.at(3505, 2, .candidate); script.at(3507, 3, .candidate); script.at(3507, 4, .candidate)
        script.at(3508, 1, .candidate)
        script.at(3615, 4, .leader)
        script.all(3617, [1, 2, 3], follow: 4)
        script.at(4300, 5, .candidate); script.mark(4300, 5, .restart)
        script.at(4402, 5, .leader)
        script.all(4404, [1, 2, 3, 4], follow: 5)
        script.crash(5200, 5)
        return script.timeline("trial 4")
    }

    static var raftPartition: LeadershipTimeline {
        var script = Script(nodes: [1, 2, 3, 4, 5], endMs: 4000)
        script.at(0, 1, .leader)
        script.all(0, [2, 3, 4, 5], follow: 1)
        script.mark(1000, nil, .partition, "{1,2} | {3,4,5}")
        script.at(1250, 3, .candidate)
        script.all(1252, [4, 5], follow: nil)
        script.at(1258, 3, .leader)
        script.all(1260, [4, 5], follow: 3)
        script.mark(3000, nil, .heal)
        script.at(3004, 1, .follower, follows: 3)
        script.at(3006, 2, .follower, follows: 3)
        return script.timeline("trial 4")
    }

    static var bullyPartition: LeadershipTimeline {
        var script = Script(nodes: [1, 2, 3, 4, 5], endMs: 4000)
        script.at(0, 5, .leader)
        script.all(0, [1, 2, 3, 4], follow: 5)
        script.mark(1000, nil, .partition, "{1,2,3} | {4,5}")
        script.at(1505, 1, .candidate); script.at(1506, 2, .candidate); script.at(1507, 3, .candidate)
        script.at(1610, 3, .leader)
        script.all(1612, [1, 2], follow: 3)
        script.mark(3000, nil, .heal)
        script.at(3040, 3, .follower, follows: 5)
        script.all(3042, [1, 2], follow: 5)
        return script.timeline("trial 4")
    }

    static var raftZombie: LeadershipTimeline {
        var script = Script(nodes: [1, 2, 3], endMs: 3500)
        script.at(0, 1, .leader)
        script.all(0, [2, 3], follow: 1)
        script.mark(1000, 1, .pause)
        script.at(1240, 2, .candidate)
        script.at(1242, 3, .follower)
        script.at(1248, 2, .leader)
        script.at(1250, 3, .follower, follows: 2)
        script.mark(2500, 1, .resume)
        script.at(2503, 1, .follower, follows: 2)
        return script.timeline("trial 4")
    }

    // MARK: Figure 16

    /// A toy model of a five-node Raft election after a leader crash: each round, four
    /// followers draw timeouts; if the two earliest are within 1.5 ms they split the vote and
    /// try again. Only for making plausible-looking fixture curves.
    static func figure16(random: inout SeededRandom) -> Figure16Result {
        let ranges = [MillisecondRange(150, 150), MillisecondRange(150, 151), MillisecondRange(150, 155),
                      MillisecondRange(150, 175), MillisecondRange(150, 200), MillisecondRange(150, 300),
                      MillisecondRange(12, 24), MillisecondRange(25, 50), MillisecondRange(50, 100),
                      MillisecondRange(100, 200)]
        let rows = ranges.map { range -> Figure16Row in
            var times: [Double] = []
            var unfinished = 0
            for _ in 0..<1000 {
                var elapsed = Double.random(in: 0..<50, using: &random) * (range.min / 150)
                var elected = false
                for _ in 0..<60 {
                    let draws = (0..<4).map { _ in
                        range.max > range.min ? Double.random(in: range.min..<range.max, using: &random) : range.min
                    }.sorted()
                    let network = Double.random(in: 0.5..<3, using: &random)
                    if draws[1] - draws[0] > 1.5 || random.chance(0.01) {
                        elapsed += draws[0] + network * 2
                        elected = true
                        break
                    }
                    elapsed += draws[0] + network * 2
                }
                if elected, elapsed < 15_000 { times.append(elapsed) } else { unfinished += 1 }
            }
            return Figure16Row(range: range, electionTimesMs: times, unfinished: unfinished)
        }
        return Figure16Result(
            mode: .sim, clusterSize: 5, heartbeatMs: 50, trialCapMs: 15_000, seed: 2024,
            measurement: .virtualClock, rows: rows,
            notes: ["Fixture: invented curves from a toy model; this paragraph is where the runner explains how and why its numbers differ from the paper's."])
    }
}
