import Election
import Raft

extension RaftNode: BenchAlgorithm {
    public static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> RaftSettings {
        try timing.raftSettings()
    }

    public static func timingSettings(of settings: RaftSettings) -> TimingSettings {
        BenchTiming.timingSettings(of: settings)
    }

    /// Vote requests and their replies make an election; AppendEntries is only a heartbeat
    /// in this election-only Raft.
    public static func purpose(of message: RaftMessage) -> MessagePurpose {
        switch message {
        case .requestVote, .requestVoteReply: .election
        case .appendEntries: .heartbeat
        case .appendEntriesReply: .other
        }
    }

    public static func heartbeatInterval(of settings: RaftSettings) -> Duration {
        settings.heartbeatInterval
    }

    /// The longest election timeout, plus one more for a single split vote.
    public static func longestQuietElection(of settings: RaftSettings) -> Duration {
        settings.electionTimeoutMax * 2
    }

    public static func competingTimeout(of settings: RaftSettings) -> (duration: Duration, name: String) {
        (settings.electionTimeoutMin, "shortest election timeout")
    }
}
