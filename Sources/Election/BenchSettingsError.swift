/// Timing flags that make an algorithm's settings invalid.
public struct BenchSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The algorithm's title, as in `RegisteredAlgorithm.title`.
    public var algorithm: String
    /// The settings' own sentence, saying what to change.
    public var reason: String

    public init(algorithm: String, reason: String) {
        self.algorithm = algorithm
        self.reason = reason
    }

    public var description: String {
        "the timing flags give \(algorithm) settings it cannot run with: \(reason)"
    }
}
