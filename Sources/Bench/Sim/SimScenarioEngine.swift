import Election
import ElectionSimulation

/// Runs the trials of one scenario in the simulator for one algorithm and assembles the
/// result.
///
/// Every trial gets a fresh `SimCluster` and its own seed (`TrialSeeds`), so any trial can
/// be replayed alone. A scenario that draws a timeline gets the one of its median trial
/// (`BenchScenario.timeline`): the engine runs that trial a second time with the timeline
/// switched on, which gives the same trial because everything in it follows from its seed.
struct SimScenarioEngine<Node: BenchAlgorithm> {
    var settings: Node.Settings
    var network: LinkConditions
    var masterSeed: UInt64
    let wireSizes = WireSizeCache<Node.Message>()

    init(settings: Node.Settings, network: LinkConditions, masterSeed: UInt64) {
        self.settings = settings
        self.network = network
        self.masterSeed = masterSeed
    }

    var algorithm: ScenarioAlgorithm { ScenarioAlgorithm(Node.self, settings: settings) }

    /// One trial: its sample, the cluster it ran on (for its timeline) and how it ended.
    func runTrial(_ scenario: some BenchScenario, clusterSize: Int, trial: Int, recordsTimeline: Bool) throws
        -> (sample: TrialSample, cluster: SimCluster<Node>, outcome: TrialOutcome)
    {
        let seed = TrialSeeds.seed(master: masterSeed, scenario: scenario.name.rawValue,
                                   variant: "\(scenario.variant)/n=\(clusterSize)", trial: trial)
        let settings = self.settings
        let cluster = SimCluster<Node>(members: scenario.members(clusterSize: clusterSize), seed: seed,
                                       network: network, settings: { _ in settings },
                                       recordsTimeline: recordsTimeline, wireSizes: wireSizes)
        var random = TrialSeeds.scenarioRandom(trialSeed: seed)
        let outcome = try scenario.runTrial(on: cluster, random: &random)
        let sample = cluster.finish(trial: trial, seed: seed, note: outcome.note)
        return (sample, cluster, outcome)
    }

    /// Runs `trials` trials and returns the result, telling `progress` how far it got.
    func run(_ scenario: some BenchScenario, clusterSize: Int, trials: Int,
             progress: (_ done: Int, _ of: Int) -> Void) throws -> ScenarioResult {
        var samples: [TrialSample] = []
        samples.reserveCapacity(trials)
        let reportEvery = max(1, trials / 10)
        for trial in 1...max(trials, 1) {
            samples.append(try runTrial(scenario, clusterSize: clusterSize, trial: trial, recordsTimeline: false).sample)
            if trial % reportEvery == 0 || trial == trials { progress(trial, trials) }
        }
        var timelines: [LeadershipTimeline] = []
        if let choice = scenario.timeline, let median = choice.medianTrial(of: samples) {
            let replay = try runTrial(scenario, clusterSize: clusterSize, trial: median.trial, recordsTimeline: true)
            assert(replay.sample == median, "trial \(median.trial) did not replay identically from its seed")
            let start = replay.outcome.timelineStart ?? .start
            timelines.append(replay.cluster.recorder.timeline(
                label: choice.label(for: median, of: trials), trial: median.trial, from: start,
                to: replay.cluster.now))
        }
        var notes = scenario.notes(for: algorithm)
        notes.append("Simulated network: \(SimNetwork.describe(network)). Each trial starts a fresh cluster. "
                      + "Nodes learn of a crash only by timeouts: the simulator reports refused connections, but "
                      + "neither algorithm acts on them yet.")
        notes.append("Reproduce with --seed \(masterSeed); each trial's own seed is in its sample.")
        return ScenarioResult(
            scenario: scenario.name, algorithm: Node.algorithmName, mode: .sim,
            clusterSize: scenario.members(clusterSize: clusterSize).count,
            timing: Node.timingSettings(of: settings),
            options: scenario.options(for: algorithm), trials: trials, seed: masterSeed,
            measurement: .virtualClock, samples: samples, timelines: timelines, notes: notes)
    }
}
