import Bully
import Election

extension BullyNode: BenchAlgorithm {
    public static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> BullySettings {
        try timing.bullySettings()
    }

    public static func timingSettings(of settings: BullySettings) -> TimingSettings {
        BenchTiming.timingSettings(of: settings)
    }

    /// ELECTION, ANSWER and COORDINATOR make an election; HEARTBEAT keeps a leader.
    public static func purpose(of message: BullyMessage) -> MessagePurpose {
        switch message {
        case .election, .answer, .coordinator: .election
        case .heartbeat: .heartbeat
        }
    }

    public static func heartbeatInterval(of settings: BullySettings) -> Duration {
        settings.heartbeatInterval
    }

    /// Noticing the silence, then waiting for answers and for the winner's announcement.
    public static func longestQuietElection(of settings: BullySettings) -> Duration {
        settings.failureTimeout + settings.answerTimeout + settings.coordinatorTimeout
    }

    public static func competingTimeout(of settings: BullySettings) -> (duration: Duration, name: String) {
        (settings.answerTimeout, "answer timeout")
    }
}
