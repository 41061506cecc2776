import AlgorithmRegistry
import Election

/// `election-bench chaos --live`: minutes of seeded faults on a live cluster, then a look at
/// whether it recovers.
///
/// 1. Every gap (drawn from `faultGap`) one fault hits a random node that is neither down
///    nor paused, as long as fewer than `maxImpaired` (a minority) are: kill -9 (started
///    again after a drawn down time), SIGSTOP (continued after a drawn pause), or a clean
///    SIGINT stop and an immediate restart.
/// 2. When the duration is over, every node is brought back at once; the bench then polls
///    until all nodes name one leader (Bully: the highest id), and checks that it took no
///    longer than the algorithm's quiet election (Raft: two longest election timeouts).
/// 3. The logs of every run are audited: for Raft the per-term promises
///    (`ElectionSafetyAudit`); for both, the time two nodes believed they led
///    (`LeaderOverlap`), which for Bully is its split brain, shown rather than hidden.
///
/// The same seed gives both algorithms the same fault schedule, as far as timing allows.
struct LiveChaosRunner: Sendable {
    var options: LiveChaosOptions

    init(options: LiveChaosOptions) { self.options = options }

    /// What is due for a node that is down or paused.
    private struct Recovery {
        enum Action { case restart, resume }
        var action: Action
        var dueMs: Double
        /// When the pause began (for `.resume`).
        var sinceMs: Double
    }

    func run(algorithm: String, progress: @escaping @Sendable (String) -> Void) throws -> LiveChaosReport {
        try options.validate()
        var report = LiveChaosReport(algorithm: algorithm, options: options)
        let cluster = try LiveCluster(algorithm: algorithm, size: options.clusterSize, options: options.live)
        defer { cluster.shutDown() }
        try cluster.startAll()
        var random = SeededRandom(seed: options.seed)
        var impaired: [NodeID: Recovery] = [:]
        var pauses: [PauseInterval] = []
        let startMs = WallClock.nowMs()
        let endMs = startMs + options.duration.milliseconds
        var nextFaultMs = startMs + Self.draw(options.faultGap, &random)
        var lastProgressMs = 0.0
        let label = options.settings.settingsName(of: algorithm)

        func recover(_ node: NodeID, _ recovery: Recovery) throws {
            switch recovery.action {
            case .resume:
                cluster.resume(node)
                pauses.append(PauseInterval(node: node, fromMs: recovery.sinceMs, toMs: WallClock.nowMs()))
            case .restart:
                try cluster.restart(node)
                report.restarts += 1
            }
            impaired[node] = nil
        }

        while WallClock.nowMs() < endMs {
            let nowMs = WallClock.nowMs()
            for (node, recovery) in impaired.sorted(by: { $0.value.dueMs < $1.value.dueMs }) where recovery.dueMs <= nowMs {
                try recover(node, recovery)
            }
            if nowMs >= nextFaultMs {
                if impaired.count < options.maxImpaired,
                   let victim = cluster.ids.filter({ impaired[$0] == nil }).randomElement(using: &random) {
                    let kind = LiveChaosReport.FaultKind.allCases.randomElement(using: &random)!
                    try inject(kind, on: victim, cluster, random: &random, impaired: &impaired, report: &report)
                    report.mostImpairedAtOnce = max(report.mostImpairedAtOnce, impaired.count)
                }
                nextFaultMs = WallClock.nowMs() + Self.draw(options.faultGap, &random)
            }
            if nowMs - lastProgressMs > 1000 {
                lastProgressMs = nowMs
                let faults = report.faults.values.reduce(0, +)
                progress("chaos --live \(label): \(Int((nowMs - startMs) / 1000)) of "
                         + "\(Int(options.duration.milliseconds / 1000)) s, \(faults) faults")
            }
            let wakeMs = ([nextFaultMs, endMs] + impaired.values.map(\.dueMs)).min()!
            LiveCluster.sleep(.microseconds(Int64(max(0, min(wakeMs - WallClock.nowMs(), 50)) * 1000)))
        }
        // 2. The chaos stops: everyone back, then a leader everyone agrees on.
        for (node, recovery) in impaired.sorted(by: { $0.key < $1.key }) { try recover(node, recovery) }
        let backMs = WallClock.nowMs()
        report.chaosSeconds = (backMs - startMs) / 1000
        try awaitConvergence(cluster, algorithm: algorithm, since: backMs, into: &report)
        // 3. The logs.
        cluster.catchUp()
        let events = cluster.allRunEvents()
        report.linesAudited = events.count
        let promises = AlgorithmRegistry.standard.entry(named: algorithm)?.promisesOneLeaderPerTerm ?? false
        report.audit = ElectionSafetyAudit(checkRaftPromises: promises, originMs: startMs)
            .audit(events)
        report.overlap = LeaderOverlap(timeline: cluster.timeline(), pauses: pauses, from: startMs, to: WallClock.nowMs())
        return report
    }

    private func inject(_ kind: LiveChaosReport.FaultKind, on victim: NodeID, _ cluster: LiveCluster,
                        random: inout SeededRandom, impaired: inout [NodeID: Recovery],
                        report: inout LiveChaosReport) throws {
        let nowMs = WallClock.nowMs()
        switch kind {
        case .kill:
            cluster.takeDown(victim, .kill)
            impaired[victim] = Recovery(action: .restart, dueMs: nowMs + Self.draw(options.downTime, &random),
                                        sinceMs: nowMs)
        case .pause:
            cluster.pause(victim)
            impaired[victim] = Recovery(action: .resume, dueMs: nowMs + Self.draw(options.pauseLength, &random),
                                        sinceMs: nowMs)
        case .cleanRestart:
            _ = cluster.finishStop(cluster.takeDown(victim, .stop))
            try cluster.restart(victim)
            report.restarts += 1
        }
        report.faults[kind, default: 0] += 1
    }

    /// Polls every node until they agree (Bully: on the highest id), and records how long
    /// it took and whether that was within the algorithm's quiet election time.
    private func awaitConvergence(_ cluster: LiveCluster, algorithm: String, since backMs: Double,
                                  into report: inout LiveChaosReport) throws {
        let bound = cluster.algorithm.longestQuietElection
        report.convergenceBoundMs = bound.milliseconds
        let highestLeads = AlgorithmRegistry.standard.entry(named: algorithm)?.highestRunningIdLeads ?? false
        let required = highestLeads ? cluster.ids.max() : nil
        report.requiredLeader = required
        var lastRound: StatusPollRound?
        guard let agreement = cluster.awaitAgreement(among: cluster.ids, required: required,
                                                     timeout: options.convergenceTimeout, lastRound: &lastRound)
        else {
            report.livenessViolations.append(SafetyViolation(
                kind: .noAgreedLeader,
                sentence: "no leader agreed by every node\(required.map { " (node \($0), the highest id)" } ?? "") "
                    + "within \(ReportNumber.plain(options.convergenceTimeout.milliseconds)) ms after the chaos stopped",
                evidence: [lastRound.map { "last status round: \($0.summary)" } ?? "no status round completed"]))
            return
        }
        report.agreedLeader = agreement.leader
        // The agreement came between the round before and this one; take the midpoint.
        let convergenceMs = max(0, (agreement.notYetMs + agreement.seenMs) / 2 - backMs)
        report.convergenceMs = convergenceMs
        report.convergenceResolutionMs = (agreement.seenMs - agreement.notYetMs) / 2
        if convergenceMs > bound.milliseconds {
            report.livenessViolations.append(SafetyViolation(
                kind: .noAgreedLeader,
                sentence: "every node agreed on node \(agreement.leader) only "
                    + "\(ReportNumber.milliseconds(convergenceMs)) after the chaos stopped, beyond the "
                    + "\(ReportNumber.milliseconds(bound.milliseconds)) bound",
                evidence: [lastRound.map { "first agreeing status round: \($0.summary)" } ?? ""]))
        }
    }

    /// A duration drawn uniformly from `range`, in milliseconds.
    private static func draw(_ range: ClosedRange<Duration>, _ random: inout SeededRandom) -> Double {
        random.duration(from: range.lowerBound, below: range.upperBound).milliseconds
    }
}
