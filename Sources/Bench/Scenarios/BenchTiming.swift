import Bully
import Election
import Raft

/// The timing flags of `election-bench`, before they become each algorithm's settings.
///
/// Every property is `nil` unless the user gave its flag; a `nil` keeps the algorithm's own
/// default, so Bully and Raft each run as they would out of the box:
///
/// | flag | Bully | Raft |
/// | --- | --- | --- |
/// | `--heartbeat-ms H` | heartbeat interval (default 50 ms) | heartbeat interval (default 75 ms) |
/// | `--election-timeout-ms T` | failure timeout T (default 200 ms) | timeouts drawn from [T, 2T) (default 150-300 ms) |
/// | `--election-timeout-ms MIN-MAX` | failure timeout MIN | timeouts drawn from [MIN, MAX) |
/// | `--answer-timeout-ms A` | answer timeout (default 50 ms) | not used |
///
/// Bully's coordinator timeout follows the answer timeout: 200 ms, or four answer timeouts
/// when that is longer, so a chain of higher nodes still has time to announce itself.
public struct BenchTiming: Hashable, Sendable {
    public var heartbeat: Duration?
    public var electionTimeoutMin: Duration?
    /// Set only when a range `MIN-MAX` was given.
    public var electionTimeoutMax: Duration?
    public var answerTimeout: Duration?

    public init(heartbeat: Duration? = nil, electionTimeoutMin: Duration? = nil,
                electionTimeoutMax: Duration? = nil, answerTimeout: Duration? = nil) {
        self.heartbeat = heartbeat
        self.electionTimeoutMin = electionTimeoutMin
        self.electionTimeoutMax = electionTimeoutMax
        self.answerTimeout = answerTimeout
    }

    /// The Bully settings these flags describe, validated.
    public func bullySettings() throws(BenchSettingsError) -> BullySettings {
        var settings = BullySettings()
        if let heartbeat { settings.heartbeatInterval = heartbeat }
        if let electionTimeoutMin { settings.failureTimeout = electionTimeoutMin }
        if let answerTimeout {
            settings.answerTimeout = answerTimeout
            settings.coordinatorTimeout = max(.milliseconds(200), answerTimeout * 4)
        }
        do {
            try settings.validate()
        } catch {
            throw BenchSettingsError(algorithm: "Bully", reason: error.description)
        }
        return settings
    }

    /// The Raft settings these flags describe, validated.
    public func raftSettings() throws(BenchSettingsError) -> RaftSettings {
        var settings = RaftSettings()
        if let heartbeat { settings.heartbeatInterval = heartbeat }
        if let electionTimeoutMin {
            settings.electionTimeoutMin = electionTimeoutMin
            settings.electionTimeoutMax = electionTimeoutMax ?? electionTimeoutMin * 2
        }
        if let problem = settings.validationError {
            throw BenchSettingsError(algorithm: "Raft", reason: problem.description)
        }
        return settings
    }

    /// The timeouts a Bully result ran with, for `ScenarioResult.timing`.
    public static func timingSettings(of settings: BullySettings) -> TimingSettings {
        TimingSettings(heartbeatMs: settings.heartbeatInterval.milliseconds,
                       failureTimeoutMs: settings.failureTimeout.milliseconds,
                       answerTimeoutMs: settings.answerTimeout.milliseconds)
    }

    /// The timeouts a Raft result ran with, for `ScenarioResult.timing`.
    public static func timingSettings(of settings: RaftSettings) -> TimingSettings {
        TimingSettings(heartbeatMs: settings.heartbeatInterval.milliseconds,
                       electionTimeoutMs: MillisecondRange(settings.electionTimeoutMin.milliseconds,
                                                           settings.electionTimeoutMax.milliseconds))
    }
}

/// Timing flags that make an algorithm's settings invalid.
public struct BenchSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `Bully` or `Raft`.
    public var algorithm: String
    /// The settings' own sentence, saying what to change.
    public var reason: String

    public var description: String {
        "the timing flags give \(algorithm) settings it cannot run with: \(reason)"
    }
}
