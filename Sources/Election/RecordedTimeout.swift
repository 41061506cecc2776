/// One timeout a benchmark result records: a fixed duration, or the range a timeout is
/// drawn from.
public struct RecordedTimeout: Hashable, Sendable {
    /// The results file's field, such as `heartbeat_ms` or `election_timeout_ms`.
    public var key: String
    public var minimum: Duration
    /// The end of the range (exclusive) for a timeout drawn at random; `nil` for a fixed one.
    public var maximum: Duration?

    public init(_ key: String, _ duration: Duration) {
        self.key = key
        minimum = duration
        maximum = nil
    }

    public init(_ key: String, from minimum: Duration, below maximum: Duration) {
        self.key = key
        self.minimum = minimum
        self.maximum = maximum
    }
}
