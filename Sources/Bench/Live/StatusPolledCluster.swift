import Election

/// A running cluster whose members the bench can ask, round after round, whom they
/// follow: our `election-node` processes (`LiveCluster`) and the outside systems measured
/// beside them (`PeerCluster`). The waits built on `pollRound(_:)` are shared, so "settled"
/// and "agreed after a fault" mean the same for every system in a table.
protocol StatusPolledCluster: AnyObject {
    /// Asks each of `nodes` once and says what they answered.
    func pollRound(_ nodes: [NodeID]) -> StatusPollRound
}

extension StatusPolledCluster {
    /// Polls `nodes` until they have agreed on one leader, without a change, for
    /// `stableFor`; returns that leader.
    func waitForStableLeader(among nodes: [NodeID], stableFor: Duration, timeout: Duration,
                             pause: Duration = .milliseconds(10)) throws -> NodeID {
        let deadline = ContinuousClock.now + timeout
        var candidate: (leader: NodeID, sinceMs: Double)?
        var last: StatusPollRound?
        while ContinuousClock.now < deadline {
            let round = pollRound(nodes)
            last = round
            if let leader = round.agreedLeader {
                if candidate?.leader != leader { candidate = (leader, round.startMs) }
                if round.endMs - candidate!.sinceMs >= stableFor.milliseconds { return leader }
            } else {
                candidate = nil
            }
            LiveCluster.sleep(pause)
        }
        throw LiveBenchError.noStableLeader(within: timeout, lastSeen: last?.summary ?? "no round completed")
    }

    /// Waits for a stable agreed leader among `nodes`; the problem, as a sentence, if
    /// there is none.
    func settleProblem(among nodes: [NodeID], stableFor: Duration, timeout: Duration) -> String? {
        do {
            _ = try waitForStableLeader(among: nodes, stableFor: stableFor, timeout: timeout)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Polls `survivors` every `pause` until they all name one leader other than
    /// `formerLeader`, which itself says it leads; `nil` if that does not happen within
    /// `timeout`.
    func pollUntilAgreement(among survivors: [NodeID], formerLeader: NodeID, since faultMs: Double,
                            pause: Duration, timeout: Duration) -> PolledAgreement? {
        let deadline = ContinuousClock.now + timeout
        var previousEndMs = faultMs
        var rounds = 0
        while ContinuousClock.now < deadline {
            let round = pollRound(survivors)
            rounds += 1
            if let leader = round.agreedLeader, leader != formerLeader {
                let period = rounds > 1 ? (round.endMs - faultMs) / Double(rounds) : round.endMs - round.startMs
                return PolledAgreement(leader: leader, seenMs: round.endMs, notYetMs: previousEndMs,
                                       rounds: rounds, roundPeriodMs: period)
            }
            previousEndMs = round.endMs
            LiveCluster.sleep(pause)
        }
        return nil
    }
}
