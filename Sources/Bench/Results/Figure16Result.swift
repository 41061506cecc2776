import Raft

/// The Raft paper's Figure 16 experiment, redone: for each election-timeout range, many
/// trials of "crash the leader, time until a new one is elected" (1,000 per range in the
/// paper), shown as one CDF per range.
///
/// The paper (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm",
/// extended version, §9.3) used five servers and plotted two panels: the top one varies
/// the *amount of randomness* (150-150 up to 150-300 ms), the bottom one *scales* the
/// timeout (12-24 up to 150-300 ms). `Figure16Chart` draws both from `rows`.
///
/// JSON keys: `algorithm, mode, cluster_size, heartbeat_ms, trial_cap_ms, seed,
/// measurement, options, rows, notes`. The file `figure16.json` holds `{"rows":[...]}` only.
struct Figure16Result: Codable, Hashable, Sendable {
    var algorithm: String
    var mode: RunMode
    var clusterSize: Int
    var heartbeatMs: Double?
    /// A trial with no leader after this long stops and counts as unfinished.
    var trialCapMs: Double?
    var seed: UInt64?
    var measurement: TimeMeasurement
    var options: [String: String]
    var rows: [Figure16Row]
    /// "Where and why we differ from the paper": one paragraph each, shown under the chart.
    var notes: [String]

    /// "Raft textbook": the experiment is the paper's, so it runs the election as the paper
    /// has it, with every option beyond it off, whatever the defaults are; every title says so.
    var rowName: String { "\(ScenarioResult.displayName(ofAlgorithm: algorithm)) textbook" }

    /// What the settings lines add, so nobody mistakes the figures for the shipped defaults.
    static let setupSentence = "the paper's setup: every option beyond its election off, not the defaults"

    init(algorithm: String = RaftNode.algorithmName, mode: RunMode, clusterSize: Int = 5,
                heartbeatMs: Double? = nil, trialCapMs: Double? = nil, seed: UInt64? = nil,
                measurement: TimeMeasurement, options: [String: String] = [:],
                rows: [Figure16Row], notes: [String] = []) {
        self.algorithm = algorithm
        self.mode = mode
        self.clusterSize = clusterSize
        self.heartbeatMs = heartbeatMs
        self.trialCapMs = trialCapMs
        self.seed = seed
        self.measurement = measurement
        self.options = options
        self.rows = rows
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, mode
        case clusterSize = "cluster_size"
        case heartbeatMs = "heartbeat_ms"
        case trialCapMs = "trial_cap_ms"
        case seed, measurement, options, rows, notes
    }

    /// The ranges the paper plotted, top panel then bottom panel (150-300 is in both).
    static let paperRanges: [MillisecondRange] = [
        MillisecondRange(150, 150), MillisecondRange(150, 151), MillisecondRange(150, 155),
        MillisecondRange(150, 175), MillisecondRange(150, 200), MillisecondRange(150, 300),
        MillisecondRange(12, 24), MillisecondRange(25, 50), MillisecondRange(50, 100),
        MillisecondRange(100, 200),
    ]

    /// Top panel: ranges that start at 150 ms and vary the randomness.
    var randomnessRows: [Figure16Row] {
        rows.filter { $0.rangeMs.min == 150 }.sorted { $0.rangeMs.max < $1.rangeMs.max }
    }

    /// Bottom panel: ranges of the form T-2T that scale the timeout.
    var scalingRows: [Figure16Row] {
        rows.filter { $0.rangeMs.max == 2 * $0.rangeMs.min }.sorted { $0.rangeMs.min < $1.rangeMs.min }
    }

    /// `value` for a table cell: a time, "> 15.0 s" when it lies beyond the trial cap
    /// (unfinished trials), or a dash when nothing was measured. A mean with unfinished
    /// trials is unknowable (it is not even above the cap), so it reads "unknown".
    func display(_ value: Double?, in row: Figure16Row, isMean: Bool = false) -> String {
        if let value { return ReportNumber.milliseconds(value) }
        guard row.unfinished > 0 else { return "—" }
        if isMean { return "unknown" }
        return trialCapMs.map { "> " + ReportNumber.milliseconds($0) } ?? "unfinished"
    }

    /// What the paper states in words, to set beside our numbers.
    struct PaperQuote: Hashable, Sendable {
        enum Statistic: String, Hashable, Sendable {
            case median, mean, max
            /// "consistently", i.e. typical trials: compared with our median.
            case typical
        }

        var rangeMs: MillisecondRange
        var statistic: Statistic
        var paperMs: Double
        /// The paper gives a lower bound ("longer than 10 seconds").
        var isLowerBound: Bool
        var text: String

        /// Our value of the same statistic in `row`.
        func measured(in row: Figure16Row) -> Double? {
            value(in: row)
        }

        /// Our value of the statistic in `row`, as a table cell of `result`.
        func display(in row: Figure16Row, of result: Figure16Result) -> String {
            result.display(value(in: row), in: row, isMean: statistic == .mean)
        }

        private func value(in row: Figure16Row) -> Double? {
            switch statistic {
            case .median, .typical: row.medianMs
            case .mean: row.meanMs
            case .max: row.maxMs
            }
        }
    }

    static let paperQuotes: [PaperQuote] = [
        PaperQuote(rangeMs: MillisecondRange(150, 150), statistic: .typical, paperMs: 10_000,
                   isLowerBound: true,
                   text: "Without randomness, elections took longer than 10 s because of repeated split votes."),
        PaperQuote(rangeMs: MillisecondRange(150, 155), statistic: .median, paperMs: 287,
                   isLowerBound: false,
                   text: "5 ms of randomness already gives a median of 287 ms."),
        PaperQuote(rangeMs: MillisecondRange(150, 200), statistic: .max, paperMs: 513,
                   isLowerBound: false,
                   text: "With 50 ms of randomness the worst of 1,000 trials was 513 ms."),
        PaperQuote(rangeMs: MillisecondRange(12, 24), statistic: .mean, paperMs: 35,
                   isLowerBound: false,
                   text: "With 12-24 ms timeouts a leader was elected in 35 ms on average."),
        PaperQuote(rangeMs: MillisecondRange(12, 24), statistic: .max, paperMs: 152,
                   isLowerBound: false,
                   text: "With 12-24 ms timeouts the longest election took 152 ms."),
    ]

    /// The contents of `figure16.json`.
    struct File: Codable, Hashable, Sendable {
        var rows: [Figure16Row]
        init(rows: [Figure16Row]) { self.rows = rows }
    }
}
