import Election

/// What the bench needs to know about an algorithm beyond `ElectionProtocol`, so that every
/// scenario is written once, generically, and runs Bully and Raft through the same code.
///
/// Conformances live next to this file (`BullyNode+BenchAlgorithm.swift`,
/// `RaftNode+BenchAlgorithm.swift`); a third algorithm joins the bench by adding one more.
public protocol BenchAlgorithm: ElectionProtocol {
    /// The algorithm's settings for the command line's timing flags.
    static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> Settings

    /// The timeouts a result records (`ScenarioResult.timing`).
    static func timingSettings(of settings: Settings) -> TimingSettings

    /// What a message is for: the bench counts election messages (and their bytes) and
    /// uses the leader's heartbeats to time its faults.
    static func purpose(of message: Message) -> MessagePurpose

    /// How often a leader sends heartbeats.
    static func heartbeatInterval(of settings: Settings) -> Duration

    /// The longest a healthy cluster can take to notice a dead leader and replace it when
    /// nothing goes wrong: the bench keeps watching this long after an agreement, to catch
    /// a second leader change.
    static func longestQuietElection(of settings: Settings) -> Duration

    /// The timeout that slow-highest scales (Bully: the answer timeout, Raft: the shortest
    /// election timeout), and its name for notes.
    static func competingTimeout(of settings: Settings) -> (duration: Duration, name: String)
}

/// Why a peer message was sent, as far as the bench's metrics care.
public enum MessagePurpose: Hashable, Sendable {
    /// Part of an election: counted in messages and bytes per election.
    case election
    /// A leader's periodic "I am alive" broadcast.
    case heartbeat
    /// Anything else (a heartbeat's reply, for example).
    case other
}
