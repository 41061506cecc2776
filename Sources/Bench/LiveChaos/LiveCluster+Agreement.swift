import Election

extension LiveCluster {
    /// A leader every polled node named, and when the bench saw it.
    struct Agreement {
        var leader: NodeID
        /// The end of the first status round in which every node agreed (epoch ms).
        var seenMs: Double
        /// The end of the round before it, when they did not yet agree: the agreement came
        /// between the two.
        var notYetMs: Double
    }

    /// Polls `nodes` every `pause` until they all name one leader that says it leads (and,
    /// if `required` is given, that it is that node); `nil` after `timeout`, with the last
    /// round in `lastRound` for the error message.
    func awaitAgreement(among nodes: [NodeID], required: NodeID? = nil, timeout: Duration,
                        pause: Duration = .milliseconds(5), lastRound: inout StatusPollRound?) -> Agreement? {
        let deadline = ContinuousClock.now + timeout
        var previousEndMs = WallClock.nowMs()
        while ContinuousClock.now < deadline {
            let round = pollRound(nodes)
            lastRound = round
            if let leader = round.agreedLeader, required == nil || leader == required {
                return Agreement(leader: leader, seenMs: round.endMs, notYetMs: previousEndMs)
            }
            previousEndMs = round.endMs
            Self.sleep(pause)
        }
        return nil
    }
}
