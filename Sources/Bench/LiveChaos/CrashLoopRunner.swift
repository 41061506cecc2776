import Election
import Raft

/// `election-bench crash-loop`: a live Raft cluster killed with `kill -9` over and over,
/// aimed at its elections, and restarted each time; then every line every run logged is
/// audited (`ElectionSafetyAudit`).
///
/// One round:
/// 1. wait until the running nodes agree on a leader (polling their status);
/// 2. kill the leader at a random point of its heartbeat interval: an election follows;
/// 3. kill a second node, aimed (seeded choice) at that election: a node right after it
///    logs `election_started` or `vote_granted` (at once, or after a random part of the
///    shortest election timeout), or a random node at a random moment of the window;
/// 4. restart both, each after a random delay below the longest election timeout, so
///    that they come back while the election may still run.
///
/// At most two nodes are down at once, a minority of 5, so the others can always elect
/// (a smaller cluster, as in the tests, waits for the restarts instead).
/// Every process is killed and the data directories removed on every path out.
struct CrashLoopRunner: Sendable {
    var options: CrashLoopOptions

    init(options: CrashLoopOptions) { self.options = options }

    func run(progress: @escaping @Sendable (String) -> Void) throws -> CrashLoopReport {
        try options.validate()
        let clock = ContinuousClock()
        let started = clock.now
        var report = CrashLoopReport(options: options)
        let cluster = try LiveCluster(algorithm: RaftNode.algorithmName, size: options.clusterSize, options: options.live)
        defer { cluster.shutDown() }
        let originMs = WallClock.nowMs()
        try cluster.startAll()
        var random = SeededRandom(seed: options.seed)
        var cursor = 0
        let label = options.settings.settingsName(of: RaftNode.algorithmName)
        for round in 1...options.rounds {
            progress("crash-loop \(label) round \(round)/\(options.rounds): \(report.kills) kills, "
                     + "\(report.restarts) restarts")
            try runRound(cluster, random: &random, cursor: &cursor, into: &report)
            report.roundsRun = round
        }
        cluster.catchUp()
        let events = cluster.allRunEvents()
        report.linesAudited = events.count
        report.audit = ElectionSafetyAudit(checkRaftPromises: true, originMs: originMs).audit(events)
        report.durationSeconds = Double((clock.now - started).nanoseconds) / 1e9
        return report
    }

    private var raft: RaftSettings { options.live.timing[RaftNode.self] }

    private func runRound(_ cluster: LiveCluster, random: inout SeededRandom, cursor: inout Int,
                          into report: inout CrashLoopReport) throws {
        // 1. A leader to kill.
        var lastRound: StatusPollRound?
        let agreement = cluster.awaitAgreement(among: cluster.runningNodes, timeout: options.settleTimeout,
                                               lastRound: &lastRound)
        if agreement == nil { report.roundsWithoutLeader += 1 }
        // 2. Kill it (or any node, when none leads) at a random point of a heartbeat.
        LiveCluster.sleep(random.duration(from: .zero, below: raft.heartbeatInterval))
        _ = cluster.newEvents(after: &cursor)  // the election to aim at comes after this kill
        let first = agreement?.leader ?? cluster.runningNodes.randomElement(using: &random)!
        cluster.takeDown(first, .kill)
        report.kills += 1
        if agreement != nil { report.leaderKills += 1 }
        var killed = [first]
        // 3. A second kill, aimed at the election.
        let aim = CrashLoopReport.Aim.allCases.randomElement(using: &random)!
        if let victim = aimSecondKill(aim, cluster, random: &random, cursor: &cursor) {
            cluster.takeDown(victim, .kill)
            report.kills += 1
            report.aimedKills[aim, default: 0] += 1
            killed.append(victim)
        } else {
            report.missedAims += 1
        }
        // 4. Back, each after a random delay.
        for node in killed {
            LiveCluster.sleep(random.duration(from: .zero, below: raft.electionTimeoutMax))
            try cluster.restart(node)
            report.restarts += 1
        }
    }

    /// Waits for the aimed moment and returns the node to kill, or `nil` when the aimed
    /// event did not come within two longest election timeouts (the election was over).
    private func aimSecondKill(_ aim: CrashLoopReport.Aim, _ cluster: LiveCluster, random: inout SeededRandom,
                               cursor: inout Int) -> NodeID? {
        let kind: Event.Kind
        switch aim {
        case .candidate: kind = .electionStarted
        case .voter: kind = .voteGranted
        case .randomMoment:
            LiveCluster.sleep(random.duration(from: .zero, below: raft.electionTimeoutMax))
            return cluster.runningNodes.randomElement(using: &random)
        }
        // Half the kills land at once (inside the persist or the reply), half later.
        let delay = random.chance(0.5) ? Duration.zero : random.duration(from: .zero, below: raft.electionTimeoutMin)
        let deadline = ContinuousClock.now + raft.electionTimeoutMax * 2
        while ContinuousClock.now < deadline {
            for logged in cluster.newEvents(after: &cursor)
            where logged.event.kind == kind && cluster.currentRun(of: logged.node) == logged.run {
                LiveCluster.sleep(delay)
                return cluster.currentRun(of: logged.node) == logged.run ? logged.node : nil
            }
            LiveCluster.sleep(.microseconds(200))
        }
        return nil
    }
}
