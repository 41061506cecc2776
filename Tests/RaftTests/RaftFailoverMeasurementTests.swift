import Election
import ElectionSimulation
import Testing
@testable import Raft

/// Failover after a leader crash, measured in the simulator (virtual time, so nothing here
/// depends on the machine): 3 nodes on a loopback-like network (0.1-0.2 ms per message) whose
/// every persist takes 1-3 ms like an fsync, crashed at a uniform point of the heartbeat
/// interval. It checks the timeout distribution's derivation (`RaftSettings.electionTimeoutWindow`)
/// and that connection-loss detection fails over within a few vote rounds. The figures are
/// printed, labelled "sim".
@Suite struct RaftFailoverMeasurementTests {
    static let trials = 300
    static let heartbeat = Duration.milliseconds(50)
    static let timeout = Duration.milliseconds(500)

    struct Figures {
        var failovers: [Duration]
        /// Trials in which more than one term was started before a leader was agreed on.
        var splitVotes: Int

        func quantile(_ q: Double) -> Duration {
            let sorted = failovers.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }

        var mean: Duration { failovers.reduce(.zero, +) / failovers.count }

        func line(_ name: String) -> String {
            func ms(_ d: Duration) -> String { String(format: "%.1f", d.milliseconds) }
            return "sim, 3 nodes, \(failovers.count) trials, \(name): failover p50 \(ms(quantile(0.5))) ms, "
                + "p90 \(ms(quantile(0.9))) ms, p99 \(ms(quantile(0.99))) ms, mean \(ms(mean)) ms; "
                + "split votes \(splitVotes) of \(failovers.count)"
        }
    }

    /// `trials` crashes (or, with `gracefulStop`, SIGTERM-like stops) of the leader.
    static func measure(_ settings: RaftSettings, gracefulStop: Bool = false) -> Figures {
        var figures = Figures(failovers: [], splitVotes: 0)
        for trial in 1...trials {
            let seed = UInt64(trial)
            let network = LinkConditions(baseDelay: .microseconds(100), jitter: .microseconds(100))
            let cluster = RaftCluster(size: 3, seed: seed, network: network, recordsTrace: false,
                                      settings: { _ in settings })
            let simulator = cluster.simulator
            simulator.setStorageFaults(StorageFaults(persistLatencyMin: .milliseconds(1),
                                                     persistLatencyMax: .milliseconds(3)))
            // Settle, then crash at a uniform point of the heartbeat interval.
            var phase = SeededRandom(seed: seed ^ 0xFA11)
            guard let leader = cluster.electLeader(
                settlingFor: .milliseconds(300) + phase.duration(from: .zero, below: heartbeat)) else { continue }
            let term = simulator.status(of: leader)!.term
            if gracefulStop { simulator.stop(leader, graceful: true) } else { simulator.crash(leader) }
            let crashedAt = simulator.now
            guard simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(10)) else { continue }
            figures.failovers.append(simulator.now - crashedAt)
            let newTerm = simulator.status(of: simulator.agreedLeader!)!.term
            if newTerm > term + 1 { figures.splitVotes += 1 }
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
        #expect(figures.failovers.count == trials, "some trials found no leader")
        return figures
    }

    /// Timeouts only. `[T, T + W)` with the default `W` (100 ms) against the textbook
    /// `[T, 2T)`, at heartbeat 50 ms and T = 500 ms. Derived median of the first survivor's
    /// timeout after the crash, with two survivors: `T + (1 - 1/√2) W - H/2`, plus a vote
    /// round (a 1-3 ms persist of the candidate's term, the request, the voter's persist of
    /// its vote, the reply, the first heartbeat: about 4.3 ms here): about
    /// 500 + 29.3 - 25 + 4.3 ≈ 508.6 ms for W = 100, and 655 ms for W = 500.
    @Test func narrowWindow_beatsTheTextbookDraw_withinFivePercentOfItsDerivation() {
        let narrow = Self.measure(RaftSettings(heartbeat: Self.heartbeat, electionTimeout: Self.timeout).optionsOff)
        let textbook = Self.measure(RaftSettings(heartbeat: Self.heartbeat, electionTimeout: Self.timeout,
                                                 window: Self.timeout).optionsOff)
        print(narrow.line("leader crash, timeouts only, election timeout [500, 600) ms, heartbeat 50 ms"))
        print(textbook.line("leader crash, timeouts only, election timeout [500, 1000) ms, heartbeat 50 ms"))
        func derivedMedian(window: Double) -> Double {
            500 + (1 - 1 / 2.0.squareRoot()) * window - 25 + 4.3
        }
        let narrowMedian = narrow.quantile(0.5).milliseconds
        #expect(abs(narrowMedian / derivedMedian(window: 100) - 1) < 0.05, "median \(narrowMedian) ms")
        let textbookMedian = textbook.quantile(0.5).milliseconds
        #expect(abs(textbookMedian / derivedMedian(window: 500) - 1) < 0.05, "median \(textbookMedian) ms")
        #expect(narrowMedian < textbookMedian)
        // About 2δ/W with δ ≈ 2-3 ms: a few percent; well under one in ten.
        #expect(narrow.splitVotes * 10 < Self.trials, "\(narrow.splitVotes) split votes")
    }

    /// Connection-loss detection, alone and with every other option (production), beside
    /// the same timing without it: the survivors hear of the crash one link delay later and
    /// stand one stagger (5 ms) apart, so a failover costs a link delay, a vote round and, with
    /// PreVote, a pre-vote round.
    @Test func fastDetection_failsOverInAFewVoteRounds() {
        let textbook = RaftSettings(heartbeat: Self.heartbeat, electionTimeout: Self.timeout,
                                    window: Self.timeout).optionsOff
        var fast = textbook
        fast.fastDetection = true
        var production = textbook
        production.enableEveryOption()
        let figures = [("fast detection on", Self.measure(fast)), ("production (every option on)", Self.measure(production)),
                       ("fast detection off", Self.measure(textbook))]
        for (name, measured) in figures {
            print(measured.line("leader crash, \(name), election timeout [500, 1000) ms, heartbeat 50 ms"))
        }
        #expect(figures[0].1.quantile(0.99) < .milliseconds(25))
        #expect(figures[1].1.quantile(0.99) < .milliseconds(25))
        #expect(figures[2].1.quantile(0.5) > textbook.electionTimeoutMin - textbook.heartbeatInterval)
    }

    /// Graceful stop of the leader (SIGTERM), with and without the hand-over, every other
    /// option on: the hand-over costs TimeoutNow's link delay and one vote round.
    @Test func handOver_replacesAStoppingLeaderInAVoteRound() {
        var withHandOver = RaftSettings(heartbeat: Self.heartbeat, electionTimeout: Self.timeout,
                                        window: Self.timeout)
        withHandOver.enableEveryOption()
        var without = withHandOver
        without.handOverOnStop = false
        without.fastDetection = false
        let handedOver = Self.measure(withHandOver, gracefulStop: true)
        let waited = Self.measure(without, gracefulStop: true)
        print(handedOver.line("graceful stop, hand-over on (every option on)"))
        print(waited.line("graceful stop, hand-over and fast detection off (PreVote, CheckQuorum, lease on)"))
        #expect(handedOver.quantile(0.99) < .milliseconds(25))
        #expect(waited.quantile(0.5) > withHandOver.electionTimeoutMin)
    }
}
