import AlgorithmRegistry

/// Everything one scenario measured for one algorithm in one setting: a line of the
/// comparison, a section of the report.
///
/// How a runner fills it:
/// 1. describe the setting: `scenario`, `algorithm` (`BullyNode.algorithmName` /
///    `RaftNode.algorithmName`), `mode`, `clusterSize`, `timing`, `options` (every flag that
///    changes behaviour, such as `["prevote": "on"]`), planned `trials`, `seed`;
/// 2. say how times were taken in `measurement` (method and resolution);
/// 3. append one `TrialSample` per trial; the `metrics` follow from them;
/// 4. optionally add one or a few `LeadershipTimeline`s (the report draws the first one;
///    for storm scenarios pick a representative trial, such as the median one);
/// 5. put anything a reader should know in `notes` (one sentence each).
///
/// JSON keys: `scenario, algorithm, mode, cluster_size, timing, options, trials, seed,
/// measurement, samples, metrics, timelines, notes`. `metrics` is written for readers of the
/// file and recomputed from `samples` when decoded.
public struct ScenarioResult: Codable, Hashable, Sendable {
    var scenario: ScenarioName
    /// `bully` or `raft` (the algorithm's `algorithmName`), or an outside system measured
    /// beside them: `etcd`, `workshop-bully`.
    var algorithm: String
    var mode: RunMode
    var clusterSize: Int
    var timing: TimingSettings
    /// Behaviour-changing options, as given on the command line (`"prevote": "on"`).
    var options: [String: String]
    /// Trials planned; `samples.count` says how many ran.
    var trials: Int
    /// The seed of the run (simulated results replay from it), `nil` if none was used.
    var seed: UInt64?
    var measurement: TimeMeasurement
    var samples: [TrialSample]
    var timelines: [LeadershipTimeline]
    var notes: [String]
    /// The row's name when the result is one variant of a side-by-side series ("Raft
    /// textbook"); `nil` for an algorithm as the command line ran it.
    var variant: String?
    /// The series the variant belongs to ("kill -9 · each option against none"): results of
    /// one scenario, mode and size that share a series share a table.
    var series: String?

    init(scenario: ScenarioName, algorithm: String, mode: RunMode, clusterSize: Int,
                timing: TimingSettings, options: [String: String] = [:], trials: Int,
                seed: UInt64? = nil, measurement: TimeMeasurement, samples: [TrialSample] = [],
                timelines: [LeadershipTimeline] = [], notes: [String] = []) {
        self.scenario = scenario
        self.algorithm = algorithm
        self.mode = mode
        self.clusterSize = clusterSize
        self.timing = timing
        self.options = options
        self.trials = trials
        self.seed = seed
        self.measurement = measurement
        self.samples = samples
        self.timelines = timelines
        self.notes = notes
    }

    /// The summaries of `samples`, always in step with them.
    var metrics: ScenarioMetrics { ScenarioMetrics(samples: samples, hasVoteRounds: hasVoteRounds) }

    /// Whether votes decide the algorithm's elections, as its registry entry tells: an
    /// algorithm that promises one vote per node per term holds votes in terms; one that
    /// promises no such thing has no votes, and its term count (Bully's epochs) counts
    /// leaderships, not vote rounds. A system outside the registry keeps its reported terms
    /// (etcd's are Raft's; the workshop's node reports none).
    var hasVoteRounds: Bool {
        AlgorithmRegistry.standard.entry(named: algorithm)?.promisesOneLeaderPerTerm ?? true
    }

    /// The failover times of the trials that reached agreement, in trial order.
    var failoverSamplesMs: [Double] { samples.compactMap(\.failoverMs) }

    /// "Raft" / "Bully" / "etcd": the algorithm's name for people.
    var algorithmDisplayName: String { Self.displayName(ofAlgorithm: algorithm) }

    /// The variant's name, or the algorithm's.
    var rowName: String { variant ?? algorithmDisplayName }

    /// `prevote=on, detect=connection`, or an empty string.
    var optionsSummary: String {
        options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// `extra_delay=2x = 300 ms`: the options without the variant's flags, which the row's
    /// name stands for; an empty string when there are none.
    var scenarioOptionsSummary: String {
        options.filter { $0.key != ConsoleComparison.variantFlagsKey }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// `Raft (prevote=on) · live · 5 nodes`, for legends.
    var seriesLabel: String {
        let options = optionsSummary.isEmpty ? "" : " (\(optionsSummary))"
        if let variant { return "\(variant) · \(mode.rawValue) · \(clusterSize) nodes" }
        return "\(algorithmDisplayName)\(options) · \(mode.rawValue) · \(clusterSize) nodes"
    }

    /// A registered algorithm's title ("Bully", "Raft"); a system whose own name is
    /// lower-case keeps it ("etcd"); the
    /// workshop's node is "Workshop Bully"; anything else gets a capital first letter.
    static func displayName(ofAlgorithm algorithm: String) -> String {
        if let entry = AlgorithmRegistry.standard.entry(named: algorithm) { return entry.title }
        if lowerCaseNames.contains(algorithm) { return algorithm }
        if algorithm == "workshop-bully" { return "Workshop Bully" }
        return algorithm.prefix(1).uppercased() + algorithm.dropFirst()
    }

    /// Systems that spell their own name in lower case.
    static let lowerCaseNames: Set<String> = ["etcd"]

    enum CodingKeys: String, CodingKey {
        case scenario, algorithm, mode
        case clusterSize = "cluster_size"
        case timing, options, trials, seed, measurement, samples, metrics, timelines, notes, variant, series
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try container.decode(ScenarioName.self, forKey: .scenario)
        algorithm = try container.decode(String.self, forKey: .algorithm)
        mode = try container.decode(RunMode.self, forKey: .mode)
        clusterSize = try container.decode(Int.self, forKey: .clusterSize)
        timing = try container.decode(TimingSettings.self, forKey: .timing)
        options = try container.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        trials = try container.decode(Int.self, forKey: .trials)
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
        measurement = try container.decode(TimeMeasurement.self, forKey: .measurement)
        samples = try container.decodeIfPresent([TrialSample].self, forKey: .samples) ?? []
        timelines = try container.decodeIfPresent([LeadershipTimeline].self, forKey: .timelines) ?? []
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
        variant = try container.decodeIfPresent(String.self, forKey: .variant)
        series = try container.decodeIfPresent(String.self, forKey: .series)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(mode, forKey: .mode)
        try container.encode(clusterSize, forKey: .clusterSize)
        try container.encode(timing, forKey: .timing)
        try container.encode(options, forKey: .options)
        try container.encode(trials, forKey: .trials)
        try container.encodeIfPresent(seed, forKey: .seed)
        try container.encode(measurement, forKey: .measurement)
        try container.encode(samples, forKey: .samples)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(timelines, forKey: .timelines)
        try container.encode(notes, forKey: .notes)
        try container.encodeIfPresent(variant, forKey: .variant)
        try container.encodeIfPresent(series, forKey: .series)
    }
}
