import Foundation

/// One invocation of `election-bench`: the root of `results.json` and the input of every
/// report. See `ResultsSchema.text` for the whole JSON schema.
///
/// JSON keys: `schema_version, tool_version, started_at, machine, command_line, seed,
/// duration_s, results, figure16, references, notes, metric_definitions`.
/// `metric_definitions` is written for readers of the file (from `MetricDefinition.all`)
/// and ignored when decoding.
struct BenchRun: Codable, Hashable, Sendable {
    /// Bumped whenever a key changes meaning or disappears.
    static let schemaVersion = 1
    /// The version string runners should record unless they know better.
    static let currentToolVersion = "swift-election bench 0.1"

    var schemaVersion: Int
    var toolVersion: String
    /// When the run started, ISO 8601 in UTC (`2025-01-31T09:15:00Z`).
    var startedAt: String
    var machine: MachineDescription
    /// The command line as typed (`["election-bench","--scenario","failover"]`).
    var commandLine: [String]
    /// The run's master seed; each result records the seed it used.
    var seed: UInt64
    /// Wall-clock length of the whole run.
    var durationSeconds: Double
    var results: [ScenarioResult]
    var figure16: Figure16Result?
    /// Outside figures for scale; `ReferenceResult.quotedDefaults` unless replaced.
    var references: [ReferenceResult]
    /// Run-wide remarks ("machine was shared with a build", "live scenarios skipped").
    var notes: [String]

    init(toolVersion: String = BenchRun.currentToolVersion, startedAt: String,
                machine: MachineDescription, commandLine: [String], seed: UInt64,
                durationSeconds: Double, results: [ScenarioResult] = [],
                figure16: Figure16Result? = nil,
                references: [ReferenceResult] = ReferenceResult.quotedDefaults,
                notes: [String] = []) {
        self.schemaVersion = BenchRun.schemaVersion
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.machine = machine
        self.commandLine = commandLine
        self.seed = seed
        self.durationSeconds = durationSeconds
        self.results = results
        self.figure16 = figure16
        self.references = references
        self.notes = notes
    }

    /// `date` as `startedAt` expects it.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    /// The results grouped by scenario, in presentation order (each group keeps the
    /// runners' order).
    var resultsByScenario: [(scenario: ScenarioName, results: [ScenarioResult])] {
        let names = Set(results.map(\.scenario)).sorted()
        return names.map { name in (name, results.filter { $0.scenario == name }) }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case toolVersion = "tool_version"
        case startedAt = "started_at"
        case machine
        case commandLine = "command_line"
        case seed
        case durationSeconds = "duration_s"
        case results, figure16, references, notes
        case metricDefinitions = "metric_definitions"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        toolVersion = try container.decode(String.self, forKey: .toolVersion)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        machine = try container.decode(MachineDescription.self, forKey: .machine)
        commandLine = try container.decode([String].self, forKey: .commandLine)
        seed = try container.decode(UInt64.self, forKey: .seed)
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        results = try container.decode([ScenarioResult].self, forKey: .results)
        figure16 = try container.decodeIfPresent(Figure16Result.self, forKey: .figure16)
        references = try container.decodeIfPresent([ReferenceResult].self, forKey: .references) ?? []
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(machine, forKey: .machine)
        try container.encode(commandLine, forKey: .commandLine)
        try container.encode(seed, forKey: .seed)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(results, forKey: .results)
        try container.encode(figure16, forKey: .figure16)  // explicit null when not run
        try container.encode(references, forKey: .references)
        try container.encode(notes, forKey: .notes)
        try container.encode(MetricDefinition.all, forKey: .metricDefinitions)
    }
}
