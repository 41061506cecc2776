import Election

/// Runs the trials of one scenario variant on real `election-node` processes and assembles
/// the result: the live counterpart of `SimScenarioEngine`, running the same
/// `BenchScenario`.
///
/// The trials run one after another on one cluster (starting processes costs far more than
/// a trial): each begins by starting again whatever the previous one left down and waiting
/// until the cluster has settled (`LiveCluster.settle`). A trial that finds no settled
/// leader, or a fault the bench could not deliver (a node that would not restart), ends the
/// series with a note saying why; the trials before it stand. Every trial draws its random
/// choices from its own seed, as in the simulator, though live timing never repeats.
struct LiveScenarioEngine {
    var options: LiveBenchOptions
    var algorithm: LiveAlgorithm

    /// Runs `trials` trials of `variant` on a fresh cluster, shut down on every path out.
    func run(_ variant: ScenarioVariants.Variant, trials: Int,
             progress: @escaping @Sendable (String) -> Void) throws -> ScenarioResult {
        let scenario = variant.scenario
        let label = "live · " + ScenarioVariants.label(variant, algorithm: algorithm.scenario)
        progress("\(label): starting \(variant.clusterSize) nodes")
        let cluster = try LiveCluster(algorithm: algorithm, size: scenario.members(clusterSize: variant.clusterSize).count,
                                      options: options)
        defer { cluster.shutDown() }
        var samples: [TrialSample] = []
        var windows: [Int: (startMs: Double, endMs: Double)] = [:]
        var stopped: String?
        for number in 1...max(trials, 1) {
            let seed = TrialSeeds.seed(master: options.seed, scenario: scenario.name.rawValue,
                                       variant: "\(scenario.variant)/n=\(variant.clusterSize)", trial: number)
            var random = TrialSeeds.scenarioRandom(trialSeed: seed)
            let trialStart = cluster.now
            let outcome: TrialOutcome
            do {
                outcome = try scenario.runTrial(on: cluster, random: &random)
            } catch {
                // A cluster that cannot even run its first trial has nothing to report.
                if samples.isEmpty { throw error }
                stopped = "The trials stopped at trial \(number): \(error)"
                break
            }
            let sample = cluster.finish(trial: number, seed: nil, note: outcome.note)
            samples.append(sample)
            windows[number] = (cluster.epochMs(of: outcome.timelineStart ?? trialStart), WallClock.nowMs())
            progress("\(label) · trial \(number)/\(trials): \(Self.summary(of: sample))")
            if !outcome.settled {
                stopped = "The trials stopped at trial \(number): it found no settled leader to hurt ("
                    + (cluster.lastSettleProblem ?? "no reason given") + ")."
                break
            }
        }
        var timelines: [LeadershipTimeline] = []
        if let choice = scenario.timeline, let median = choice.medianTrial(of: samples),
           let window = windows[median.trial] {
            timelines.append(cluster.timeline().leadershipTimeline(
                from: window.startMs, to: window.endMs, label: choice.label(for: median, of: samples.count),
                trial: median.trial))
        }
        let exits = FaultRecord.exitSentence(cluster.accuracy.faults).map { [$0] } ?? []
        let notes = scenario.notes(for: algorithm.scenario) + worldNotes + exits + (stopped.map { [$0] } ?? [])
        return ScenarioResult(
            scenario: scenario.name, algorithm: algorithm.name, mode: .live,
            clusterSize: scenario.members(clusterSize: variant.clusterSize).count,
            timing: algorithm.scenario.timingSettings, options: scenario.options(for: algorithm.scenario),
            trials: trials, seed: options.seed, measurement: cluster.measurement(), samples: samples,
            timelines: timelines, notes: notes)
    }

    /// What every live result says about how it was run.
    private var worldNotes: [String] {
        ["Live: election-node processes on loopback TCP, the trials one after another on one cluster. Each trial "
            + "starts again the nodes an earlier one left down and waits until the cluster has kept one agreed "
            + "leader for \(ms(options.settleTime)) (at most \(ms(options.trialTimeout))); a restarted node keeps "
            + "its flags and its data directory. A node counts as running from its node_started line, so a "
            + "returning node makes a moment without an agreed leader until it hears from the leader.",
         "Messages per election are measured in the simulator only: live nodes do not count their messages."]
    }

    /// `failover 215 ms, 1 leader change(s)`: a progress line's account of a trial.
    static func summary(of sample: TrialSample) -> String {
        var parts: [String] = []
        if let failover = sample.failoverMs { parts.append("failover \(ReportNumber.milliseconds(failover))") }
        if let leaderless = sample.leaderlessMs {
            parts.append("\(ReportNumber.milliseconds(leaderless)) without an agreed leader")
        }
        if let changes = sample.leaderChanges { parts.append("\(changes) leader change(s)") }
        if !sample.leaderAgreedAtEnd { parts.append("no agreed leader at the end") }
        return parts.isEmpty ? (sample.note ?? "nothing measured") : parts.joined(separator: ", ")
    }

    private func ms(_ duration: Duration) -> String { ReportNumber.milliseconds(duration.milliseconds) }
}
