/// What the bench needs to know about an algorithm beyond `ElectionProtocol`, so that every
/// scenario is written once, generically, and runs every algorithm through the same code.
///
/// Every `RegisteredAlgorithm` is one; a wrapper that changes how a node runs without being
/// an algorithm of its own (the simulated slow disk of the Figure 16 experiment) can be one
/// alone, by passing its inner algorithm's answers on.
public protocol BenchAlgorithm: ElectionProtocol {
    /// The algorithm's settings for the bench's timing flags: how the algorithm reads the
    /// common heartbeat, election timeout and answer timeout. A flag left out keeps the
    /// algorithm's default; a flag the algorithm has no use for is ignored.
    static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> Settings

    /// The timeouts a result records, keyed as the results file names them.
    static func recordedTimeouts(of settings: Settings) -> [RecordedTimeout]

    /// What a message is for: the bench counts election messages (and their bytes) and
    /// uses the leader's heartbeats to time its faults.
    static func purpose(of message: Message) -> MessagePurpose

    /// How often a leader sends heartbeats.
    static func heartbeatInterval(of settings: Settings) -> Duration

    /// The longest a healthy cluster can take to notice a dead leader and replace it when
    /// nothing goes wrong: the bench keeps watching this long after an agreement, to catch
    /// a second leader change.
    static func longestQuietElection(of settings: Settings) -> Duration

    /// The timeout that a slow node's delay competes with (slow-highest scales it), and its
    /// name for notes.
    static func competingTimeout(of settings: Settings) -> (duration: Duration, name: String)
}
