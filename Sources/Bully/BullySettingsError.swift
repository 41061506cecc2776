import Election

/// Why a `BullySettings` value was refused. Each description is one sentence a user can
/// act on.
public enum BullySettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A duration is zero or negative.
    case notPositive(setting: String, value: Duration)
    /// Followers would declare a healthy leader dead between two of its heartbeats.
    case heartbeatNotShorterThanFailureTimeout(heartbeatInterval: Duration, failureTimeout: Duration)
    /// Waiting for one round trip would take longer than the silence treated as a crash.
    case answerTimeoutNotShorterThanFailureTimeout(answerTimeout: Duration, failureTimeout: Duration)
    /// Nodes would give up on a higher node before it could finish its own election.
    case coordinatorTimeoutNotLongerThanAnswerTimeout(coordinatorTimeout: Duration, answerTimeout: Duration)

    public var description: String {
        switch self {
        case .notPositive(let setting, let value):
            return "the \(setting) is \(value.exactMillisecondsText); it must be a positive duration"
        case .heartbeatNotShorterThanFailureTimeout(let heartbeatInterval, let failureTimeout):
            return "the heartbeat interval (\(heartbeatInterval.exactMillisecondsText)) must be shorter than "
                + "the failure timeout (\(failureTimeout.exactMillisecondsText)), or followers declare a healthy "
                + "leader dead between two heartbeats; a factor of three to five works well"
        case .answerTimeoutNotShorterThanFailureTimeout(let answerTimeout, let failureTimeout):
            return "the answer timeout (\(answerTimeout.exactMillisecondsText)) must be shorter than the "
                + "failure timeout (\(failureTimeout.exactMillisecondsText)): it only has to cover one round "
                + "trip to a higher node, which should be far less than the silence that means a crash"
        case .coordinatorTimeoutNotLongerThanAnswerTimeout(let coordinatorTimeout, let answerTimeout):
            return "the coordinator timeout (\(coordinatorTimeout.exactMillisecondsText)) must be longer than "
                + "the answer timeout (\(answerTimeout.exactMillisecondsText)), because the higher node that "
                + "answered may itself wait a whole answer timeout before it announces itself"
        }
    }
}
