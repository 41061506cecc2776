import Election
import ElectionSimulation
import Testing
@testable import Raft

/// Whole clusters of `RaftNode`s in the deterministic simulator: elections from a cold start,
/// failover, a returning old leader, the zombie member, logs of different lengths, and a
/// thousand runs of random faults checked for Election Safety (§5.2, Figure 3) and liveness.
///
/// Every failure message starts with "reproduce with seed N".
@Suite struct RaftSimulationTests {
    /// How long a healthy cluster may take to agree on a leader, from a cold start or from
    /// the moment faults stop. Justification, with the default settings: within one maximum
    /// election timeout (250 ms) some node times out; its election takes a round trip of a
    /// few milliseconds and fails only if another node times out inside that window (a split
    /// vote, a few percent of rounds with timeouts spread over 100 ms); the new leader's
    /// first heartbeat tells everyone at once. Ten maximum election timeouts leave room for
    /// about nine split votes in a row, which practically never happens.
    static let agreementBound = RaftChaosRun.agreementBound

    // MARK: Cold start, failover, return

    @Test(arguments: [3, 5])
    func coldStart_electsExactlyOneLeaderAllAgreeOn(size: Int) {
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(size: size, seed: seed)
            cluster.simulator.startAll()
            let agreed = cluster.simulator.run(until: { $0.agreedLeader != nil },
                                               timeout: Self.agreementBound)
            #expect(agreed, "reproduce with seed \(seed): \(size) nodes found no leader in time")
            // Give any late candidate time to show itself, then look again.
            cluster.simulator.run(for: .seconds(1))
            let statuses = cluster.simulator.runningStatuses
            let leaders = statuses.filter(\.isLeader)
            #expect(leaders.count == 1, "reproduce with seed \(seed): leaders \(leaders)")
            #expect(Set(statuses.map(\.leader)) == [leaders.first?.id],
                    "reproduce with seed \(seed): \(statuses)")
            #expect(Set(statuses.map(\.term)).count == 1, "reproduce with seed \(seed): \(statuses)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }

    @Test func leaderCrash_aNewLeaderIsKnownToAllLiveNodes() throws {
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(size: 5, seed: seed)
            let simulator = cluster.simulator
            simulator.startAll()
            simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
            let oldLeader = try #require(simulator.agreedLeader, "reproduce with seed \(seed)")
            let oldTerm = try #require(simulator.status(of: oldLeader)).term

            simulator.crash(oldLeader)
            let failedOver = simulator.run(until: { $0.agreedLeader != nil },
                                           timeout: Self.agreementBound)
            #expect(failedOver, "reproduce with seed \(seed): no new leader after the crash")
            let newLeader = try #require(simulator.agreedLeader, "reproduce with seed \(seed)")
            #expect(newLeader != oldLeader)
            let statuses = simulator.runningStatuses
            #expect(statuses.count == 4)
            #expect(statuses.allSatisfy { $0.leader == newLeader && $0.term > oldTerm },
                    "reproduce with seed \(seed): \(statuses)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }

    @Test func oldLeaderRestarts_rejoinsAsFollowerWithoutChangingTheLeader() throws {
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(size: 5, seed: seed)
            let simulator = cluster.simulator
            simulator.startAll()
            simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
            let oldLeader = try #require(simulator.agreedLeader, "reproduce with seed \(seed)")
            simulator.crash(oldLeader)
            simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
            let newLeader = try #require(simulator.agreedLeader, "reproduce with seed \(seed)")
            let term = try #require(simulator.status(of: newLeader)).term

            simulator.restart(oldLeader)
            simulator.run(for: .seconds(2))
            #expect(simulator.agreedLeader == newLeader, "reproduce with seed \(seed)")
            #expect(simulator.status(of: oldLeader)
                == NodeStatus(id: oldLeader, role: .follower, leader: newLeader, term: term),
                "reproduce with seed \(seed)")
            // It never stood for election on its return: the leader's term did not move.
            #expect(simulator.status(of: newLeader)?.term == term, "reproduce with seed \(seed)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }

    // MARK: Election safety and liveness under random faults

    /// 1,000 seeded runs of 3 to 5 nodes on a network with delay, jitter, loss and
    /// duplication, while nodes crash, restart, hang, resume and slow down and the network
    /// splits and heals. Safety (at most one leader per term, terms never go back) is checked
    /// after every step of every node. Then the faults stop with a majority running and
    /// connected, and a leader must be agreed on within `agreementBound` (3 s; the slowest of
    /// the 1,000 runs took 0.336 s when this was written).
    @Test func randomFaults_atMostOneLeaderPerTerm_thenALeaderOnceFaultsStop() {
        var runsWithFailover = 0
        for seed in UInt64(1)...1_000 {
            let outcome = RaftChaosRun(seed: seed).run()
            #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations.joined(separator: "\n"))")
            #expect(outcome.recovery != nil, """
                reproduce with seed \(seed): no leader within \(Self.agreementBound) after the \
                faults stopped; statuses \(outcome.finalStatuses)
                """)
            if !outcome.safetyViolations.isEmpty || outcome.recovery == nil { return }
            if outcome.termsLed > 1 { runsWithFailover += 1 }
        }
        // The faults really did bite: most runs saw more than one leader (about 3 in 4 with
        // the script below), so the safety check above had something to check.
        #expect(runsWithFailover > 500, "only \(runsWithFailover) of 1,000 runs changed leader")
    }

    // MARK: The zombie member

    /// Four members are configured but only three ever start: the fourth is a "zombie" that
    /// still counts towards the quorum of 3. The three elect a leader; when it crashes, the
    /// two survivors can never gather three votes, however long they try.
    @Test func zombieMember_twoSurvivorsOfFourConfiguredCannotElect() throws {
        for seed in UInt64(1)...10 {
            let cluster = RaftCluster(size: 4, seed: seed)
            let simulator = cluster.simulator
            for node: NodeID in [1, 2, 3] { simulator.start(node) }
            let elected = simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
            #expect(elected, "reproduce with seed \(seed): three of four should elect a leader")
            let leader = try #require(simulator.agreedLeader, "reproduce with seed \(seed)")

            simulator.crash(leader)
            let survivors = [NodeID(1), 2, 3].filter { $0 != leader }
            let termsAtCrash = survivors.compactMap { simulator.status(of: $0)?.term }
            let termAtCrash = try #require(termsAtCrash.max())
            var leadersSinceCrash: [NodeID] = []
            simulator.onTransition = { time, before, after in
                if after.isLeader && before?.isLeader != true { leadersSinceCrash.append(after.id) }
                cluster.check(after, before: before, at: time)
            }
            simulator.run(for: .seconds(10))
            #expect(leadersSinceCrash.isEmpty, "reproduce with seed \(seed)")
            #expect(simulator.agreedLeader == nil)
            // They keep trying: elections in ever higher terms, none of them won.
            let statuses = survivors.compactMap { simulator.status(of: $0) }
            #expect(statuses.allSatisfy { $0.leader == nil && $0.term > termAtCrash + 10 },
                    "reproduce with seed \(seed): \(statuses)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
        }
    }

    // MARK: Logs of different lengths (§5.4.1)

    /// Nodes 1 and 2 missed the last entries: their logs end at index 3 of term 2, the others'
    /// at index 5 of term 3. Nodes 1 and 2 also time out about twice as fast, so they stand
    /// first in every election, yet only an up-to-date node ever wins, before and after the
    /// first winner crashes.
    @Test func shorterLogNeverWinsAgainstUpToDatePeers() throws {
        let behind = RaftPersistentState(currentTerm: 3, lastLogIndex: 3, lastLogTerm: 2)
        let upToDate = RaftPersistentState(currentTerm: 3, lastLogIndex: 5, lastLogTerm: 3)
        let eager = RaftSettings(heartbeatInterval: .milliseconds(50),
                                 electionTimeoutMin: .milliseconds(150),
                                 electionTimeoutMax: .milliseconds(160)).optionsOff
        let patient = RaftSettings(heartbeatInterval: .milliseconds(50),
                                   electionTimeoutMin: .milliseconds(290),
                                   electionTimeoutMax: .milliseconds(300)).optionsOff
        for seed in UInt64(1)...20 {
            let cluster = RaftCluster(
                size: 5, seed: seed,
                settings: { $0 <= 2 ? eager : patient },
                initialDurable: [1: behind, 2: behind, 3: upToDate, 4: upToDate, 5: upToDate])
            let simulator = cluster.simulator
            var winners: Set<NodeID> = []
            simulator.onTransition = { time, before, after in
                if after.isLeader { winners.insert(after.id) }
                cluster.check(after, before: before, at: time)
            }
            simulator.startAll()
            simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
            let first = try #require(simulator.agreedLeader, "reproduce with seed \(seed)")
            #expect([3, 4, 5].contains(first), "reproduce with seed \(seed): node \(first) won")

            simulator.crash(first)
            let failedOver = simulator.run(until: { $0.agreedLeader != nil }, timeout: Self.agreementBound)
            #expect(failedOver, "reproduce with seed \(seed): no new leader after the crash")
            simulator.run(for: .seconds(1))
            #expect(winners.isSubset(of: [3, 4, 5]), "reproduce with seed \(seed): winners \(winners)")
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
            // The eager nodes did stand, and were turned down for their logs.
            let refusedForLog = simulator.trace.filter {
                if case .log(let event) = $0.kind { event.kind == .voteRefused
                    && event.message.contains("not as up to date") } else { false }
            }.count
            #expect(refusedForLog > 0, "reproduce with seed \(seed)")
        }
    }

    // MARK: Determinism

    @Test func sameSeedGivesTheSameTrace() {
        func story(_ seed: UInt64) -> String {
            let network = LinkConditions(baseDelay: .milliseconds(2), jitter: .milliseconds(4),
                                         lossProbability: 0.1, duplicationProbability: 0.05)
            let cluster = RaftCluster(size: 5, seed: seed, network: network)
            let simulator = cluster.simulator
            simulator.startAll()
            simulator.run(for: .milliseconds(500))
            if let leader = simulator.agreedLeader { simulator.crash(leader) }
            simulator.run(for: .milliseconds(300))
            simulator.partition([[1, 2], [3, 4, 5]])
            simulator.run(for: .milliseconds(500))
            simulator.heal()
            simulator.run(for: .milliseconds(500))
            #expect(cluster.safetyViolations.isEmpty, "\(cluster.safetyViolations)")
            return simulator.traceText
        }
        let first = story(31)
        #expect(first.contains("log became_leader"))
        #expect(first == story(31))
        #expect(first != story(32))
    }
}

/// A simulated Raft cluster whose every step is checked for Election Safety: at most one
/// leader per term, and no node's term ever going back.
final class RaftCluster {
    let simulator: Simulator<RaftNode>
    let seed: UInt64
    /// Who led each term, and when it took over.
    private(set) var leaderOfTerm: [UInt64: (leader: NodeID, since: Instant)] = [:]
    /// The highest term any node has reached so far.
    private(set) var highestTerm: UInt64 = 0
    /// Each failure is a sentence that begins with "reproduce with seed N".
    private(set) var safetyViolations: [String] = []

    init(size: Int, seed: UInt64, network: LinkConditions = LinkConditions(),
         recordsTrace: Bool = true,
         settings: @escaping (NodeID) -> RaftSettings = { _ in .textbook },
         initialDurable: [NodeID: RaftPersistentState] = [:]) {
        self.seed = seed
        let options = SimulationOptions(seed: seed, network: network, recordsTrace: recordsTrace)
        simulator = Simulator<RaftNode>(members: (1...size).map { NodeID($0) }, options: options,
                                        settings: settings, initialDurable: initialDurable)
        // Weak: the simulator keeps this closure, and this cluster keeps the simulator.
        simulator.onTransition = { [weak self] time, before, after in
            self?.check(after, before: before, at: time)
        }
    }

    /// Starts every member, waits (up to 3 s) for an agreed leader, lets it lead for
    /// `settle`, and returns it; `nil` when no leader was agreed on.
    func electLeader(settlingFor settle: Duration = .milliseconds(200)) -> NodeID? {
        simulator.startAll()
        simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(3))
        simulator.run(for: settle)
        return simulator.agreedLeader
    }

    /// Elects a leader, does `fault` to it, and returns how long until all running nodes
    /// agree on a leader again (`nil` when that takes more than 3 s), then runs one more
    /// second so that a late second leader would still show in `safetyViolations`.
    func failover(after fault: (Simulator<RaftNode>, NodeID) -> Void) -> Duration? {
        guard let leader = electLeader() else { return nil }
        fault(simulator, leader)
        let faultAt = simulator.now
        guard simulator.run(until: { $0.agreedLeader != nil }, timeout: .seconds(3)) else { return nil }
        let took = simulator.now - faultAt
        simulator.run(for: .seconds(1))
        return took
    }

    /// How many terms from `term` on had a leader.
    func termsLedSince(_ term: UInt64) -> Int {
        leaderOfTerm.keys.filter { $0 >= term }.count
    }

    /// Records `after` if it is a leader and reports a second leader in the same term, a
    /// term going back, or a term that nobody had reached made by anyone but a candidate
    /// (a node adopting the term a pre-vote asked about, for instance).
    func check(_ after: NodeStatus, before: NodeStatus?, at now: Instant) {
        if let before, after.term < before.term {
            safetyViolations.append("reproduce with seed \(seed): node \(after.id)'s term went back "
                + "from \(before.term) to \(after.term) at \(now)")
        }
        // A node starting (no `before`) resumes the term it persisted: no new term.
        if before != nil, after.term > highestTerm, after.role == .follower {
            safetyViolations.append("reproduce with seed \(seed): node \(after.id) reached term "
                + "\(after.term), which no node had reached, without standing in it, at \(now)")
        }
        if before != nil, after.term > highestTerm + 1 {
            safetyViolations.append("reproduce with seed \(seed): node \(after.id) jumped to term "
                + "\(after.term), past the highest term so far, \(highestTerm), at \(now)")
        }
        highestTerm = max(highestTerm, after.term)
        guard after.isLeader else { return }
        if let earlier = leaderOfTerm[after.term] {
            if earlier.leader != after.id {
                safetyViolations.append("reproduce with seed \(seed): two leaders in term \(after.term): "
                    + "node \(earlier.leader) since \(earlier.since) and node \(after.id) at \(now)")
            }
        } else {
            leaderOfTerm[after.term] = (after.id, now)
        }
    }
}
