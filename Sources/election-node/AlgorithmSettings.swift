import Bully
import Election
import ElectionLive
import Raft

/// Turns the command line's timing flags into each algorithm's settings. A flag left out
/// keeps the settings' own default, so `BullySettings()` and `RaftSettings()` remain the
/// one place where defaults are decided; `--help` shows them from there too.
enum AlgorithmSettings {
    static var timingDefaults: NodeCommandLine.TimingDefaults {
        let bully = BullySettings()
        let raft = RaftSettings()
        return NodeCommandLine.TimingDefaults(
            bullyHeartbeat: bully.heartbeatInterval, bullyFailureTimeout: bully.failureTimeout,
            bullyAnswerTimeout: bully.answerTimeout, bullyCoordinatorTimeout: bully.coordinatorTimeout,
            raftHeartbeat: raft.heartbeatInterval, raftElectionTimeoutMinimum: raft.electionTimeoutMin,
            raftElectionTimeoutMaximum: raft.electionTimeoutMax)
    }

    /// `--election-timeout-ms T` is Bully's failure timeout.
    static func bully(_ options: NodeOptions) throws(NodeCommandLineError) -> BullySettings {
        var settings = BullySettings()
        if let heartbeat = options.heartbeat { settings.heartbeatInterval = heartbeat }
        if case .single(let timeout) = options.electionTimeout { settings.failureTimeout = timeout }
        if let answer = options.answerTimeout { settings.answerTimeout = answer }
        if let coordinator = options.coordinatorTimeout { settings.coordinatorTimeout = coordinator }
        do {
            try settings.validate()
        } catch {
            throw .settingsRejected("these timing flags do not work together: \(error)")
        }
        return settings
    }

    /// `--election-timeout-ms T` means [T, 2T); `MIN-MAX` means [MIN, MAX).
    static func raft(_ options: NodeOptions) throws(NodeCommandLineError) -> RaftSettings {
        var settings = RaftSettings()
        if let heartbeat = options.heartbeat { settings.heartbeatInterval = heartbeat }
        if let timeout = options.electionTimeout {
            let range = timeout.raftRange
            settings.electionTimeoutMin = range.minimum
            settings.electionTimeoutMax = range.maximum
        }
        do {
            try settings.validate()
        } catch {
            throw .settingsRejected("these timing flags do not work together: \(error)")
        }
        return settings
    }

    static func summary(_ settings: BullySettings) -> String {
        "heartbeat \(ms(settings.heartbeatInterval)), failure timeout \(ms(settings.failureTimeout)), "
            + "answer timeout \(ms(settings.answerTimeout)), "
            + "coordinator timeout \(ms(settings.coordinatorTimeout))"
    }

    static func summary(_ settings: RaftSettings) -> String {
        "heartbeat \(ms(settings.heartbeatInterval)), election timeout "
            + "\(settings.electionTimeoutMin.milliseconds.formatted)-\(ms(settings.electionTimeoutMax))"
    }

    private static func ms(_ duration: Duration) -> String { "\(duration.milliseconds.formatted) ms" }
}

extension Double {
    /// `50` for whole numbers, `0.5` otherwise.
    fileprivate var formatted: String { self == rounded() ? String(Int64(self)) : String(self) }
}
