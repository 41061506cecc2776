import Election

/// The fixed shape of each scenario: the numbers that are not command-line flags. Both
/// runners (simulated and live) read them from here, so that "flapping" means the same
/// experiment in both worlds.
enum ScenarioParameters {
    /// slow-highest: the extra one-way delay on every message to and from the slow node, as
    /// multiples of the timeout it competes with (Bully: the answer timeout, Raft: the
    /// shortest election timeout). 2x means even a fast reply comes back four timeouts late.
    static let slowFactors: [Double] = [0.5, 1, 2]

    /// flapping: one crash-and-restart cycle. The node is down for the first half of each
    /// period and up for the second: long enough for Bully (200 ms failure timeout + 50 ms
    /// answer timeout with the defaults) and Raft (150-300 ms) to notice a crashed leader.
    static let flappingPeriod: Duration = .milliseconds(500)
    /// flapping: how many cycles a trial runs (5 s with the default period).
    static let flappingCycles = 10

    /// partition: how long the leader stays cut off before the network heals.
    static let partitionDuration: Duration = .seconds(1)
    /// partition, zombie, slow-highest, rejoin: how long the bench keeps watching after the
    /// last fault, to count the elections it triggers.
    static let observation: Duration = .seconds(2)

    /// zombie: members in the configuration, and how many of them actually run.
    static let zombieConfiguredMembers = 4
    static let zombieRunningMembers = 3

    /// rejoin: how long the cluster runs under its new leader before the old one returns.
    static let rejoinDelay: Duration = .seconds(1)

    /// scale: cluster sizes in the simulator (odd, so majorities are unambiguous).
    static let simulatedScaleSizes = [3, 5, 7, 9, 11, 15, 21, 25, 31, 41, 51]
    /// scale: cluster sizes with real processes.
    static let liveScaleSizes = [3, 5, 7, 9]

    /// Which node flaps in the flapping scenario.
    enum FlappingNode: String, CaseIterable, Hashable, Sendable {
        /// The highest id: Bully's leader by definition, for Raft a node like any other.
        case highestID = "highest-id"
        /// The lowest id that is not leading when the storm starts.
        case follower
    }
}
