import Election

/// How one direction of one link between two nodes behaves inside the simulator.
///
/// Every message that crosses the link is:
/// 1. dropped with probability `lossProbability`;
/// 2. otherwise delivered after `baseDelay` plus an extra delay drawn uniformly from
///    `[0, jitter)`;
/// 3. and, with probability `duplicationProbability`, delivered a second time (the copy draws
///    its own jitter, so it may arrive before or after the original).
///
/// Messages overtake one another only through jitter: with `jitter == .zero` a link is
/// first-in first-out, like one TCP connection. With jitter it behaves more like UDP.
///
///     LinkConditions()                                          // 1 ms, perfect
///     LinkConditions(baseDelay: .milliseconds(20), jitter: .milliseconds(10),
///                    lossProbability: 0.05)                     // a poor Wi-Fi link
public struct LinkConditions: Hashable, Sendable {
    /// The one-way delay every message pays.
    public var baseDelay: Duration
    /// The upper bound (exclusive) of a random extra delay added to each message.
    public var jitter: Duration
    /// The chance, from 0 (never) to 1 (always), that a message is lost.
    public var lossProbability: Double
    /// The chance, from 0 to 1, that a delivered message is delivered twice.
    public var duplicationProbability: Double

    /// Whether messages on this link can arrive in a different order than they were sent.
    /// Reordering happens only through jitter.
    public var reordering: Bool { jitter > .zero }

    /// Creates link conditions. Delays MUST NOT be negative and probabilities MUST lie in
    /// `0...1`. (A value changed later through a property is clamped into range when used.)
    public init(baseDelay: Duration = .milliseconds(1), jitter: Duration = .zero,
                lossProbability: Double = 0, duplicationProbability: Double = 0) {
        precondition(baseDelay >= .zero, "a link's base delay cannot be negative, got \(baseDelay)")
        precondition(jitter >= .zero, "a link's jitter cannot be negative, got \(jitter)")
        precondition((0...1).contains(lossProbability),
                     "a loss probability lies between 0 and 1, got \(lossProbability)")
        precondition((0...1).contains(duplicationProbability),
                     "a duplication probability lies between 0 and 1, got \(duplicationProbability)")
        self.baseDelay = baseDelay
        self.jitter = jitter
        self.lossProbability = lossProbability
        self.duplicationProbability = duplicationProbability
    }
}
