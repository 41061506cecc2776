/// The timing flags of `election-bench`, before each algorithm reads them
/// (`BenchAlgorithm.settings(from:)`).
///
/// Every property is `nil` unless the user gave its flag; a `nil` keeps the algorithm's own
/// default, so every algorithm runs as it would out of the box. One set of flags serves every
/// algorithm of a comparison, so each entry says how it reads them.
public struct BenchTiming: Hashable, Sendable {
    /// `--heartbeat-ms H`.
    public var heartbeat: Duration?
    /// `--election-timeout-ms T`, or the MIN of `MIN-MAX`.
    public var electionTimeoutMin: Duration?
    /// Set only when a range `MIN-MAX` was given.
    public var electionTimeoutMax: Duration?
    /// `--answer-timeout-ms A`: how long to wait for a reply from a peer, for an algorithm
    /// that waits for one.
    public var answerTimeout: Duration?

    public init(heartbeat: Duration? = nil, electionTimeoutMin: Duration? = nil,
                electionTimeoutMax: Duration? = nil, answerTimeout: Duration? = nil) {
        self.heartbeat = heartbeat
        self.electionTimeoutMin = electionTimeoutMin
        self.electionTimeoutMax = electionTimeoutMax
        self.answerTimeout = answerTimeout
    }
}
