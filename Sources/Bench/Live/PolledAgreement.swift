import Election

/// What status polling saw of a failover: the first polling round in which every
/// survivor named the same new leader. The true moment lies between the end of the
/// previous round and the end of this one.
struct PolledAgreement: Hashable, Sendable {
    var leader: NodeID
    /// End of the first round that saw the agreement (epoch ms).
    var seenMs: Double
    /// End of the round before it (epoch ms): agreement came after this.
    var notYetMs: Double
    var rounds: Int
    /// Mean time from one round's end to the next: the polling resolution.
    var roundPeriodMs: Double

    init(leader: NodeID, seenMs: Double, notYetMs: Double, rounds: Int, roundPeriodMs: Double) {
        self.leader = leader
        self.seenMs = seenMs
        self.notYetMs = notYetMs
        self.rounds = rounds
        self.roundPeriodMs = roundPeriodMs
    }
}
