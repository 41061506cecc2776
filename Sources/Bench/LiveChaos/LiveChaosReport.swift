import AlgorithmRegistry
import Election

/// What one algorithm's live chaos run did and found.
struct LiveChaosReport: Hashable, Sendable {
    /// The faults the run injects.
    enum FaultKind: String, Hashable, Sendable, CaseIterable {
        /// kill -9, then a start after a random down time.
        case kill = "kill -9"
        /// SIGSTOP, then SIGCONT after a random pause.
        case pause = "SIGSTOP/SIGCONT"
        /// SIGINT (a clean stop), then a start at once.
        case cleanRestart = "SIGINT and restart"
    }

    var algorithm: String
    var options: LiveChaosOptions
    var faults: [FaultKind: Int] = [:]
    /// Starts after a kill -9 or a clean stop.
    var restarts = 0
    /// The most nodes down or paused at one moment.
    var mostImpairedAtOnce = 0
    var linesAudited = 0
    var audit = ElectionSafetyAudit.Report()
    /// Time during which two or more nodes believed they led (paused nodes not counted).
    var overlap = LeaderOverlap()
    var chaosSeconds: Double = 0
    /// After the faults stopped: who was agreed on, and how long it took.
    var agreedLeader: NodeID?
    var convergenceMs: Double?
    /// The error bound of `convergenceMs`: the agreement came between two status rounds.
    var convergenceResolutionMs: Double?
    /// What the convergence is checked against: the algorithm's longest quiet election
    /// (Raft: two longest election timeouts).
    var convergenceBoundMs: Double = 0
    /// Bully's after-chaos check: the leader must be the highest id.
    var requiredLeader: NodeID?
    /// Violations that are not in the logs (no agreed leader in time).
    var livenessViolations: [SafetyViolation] = []

    init(algorithm: String, options: LiveChaosOptions) {
        self.algorithm = algorithm
        self.options = options
    }

    var violations: [SafetyViolation] { audit.violations + livenessViolations }

    private var name: String { ScenarioResult.displayName(ofAlgorithm: algorithm) }

    /// Whether the algorithm promises one leader (and one vote per node) per term, which the
    /// logs can then be audited for.
    private var promisesOneLeaderPerTerm: Bool {
        AlgorithmRegistry.standard.entry(named: algorithm)?.promisesOneLeaderPerTerm ?? false
    }

    /// What the run requires once the faults stop.
    private var recoveryRule: String {
        requiredLeader == nil ? "one leader every node agrees on" : "the highest id leads and every node agrees"
    }

    /// The lines `election-bench chaos --live` prints for this algorithm.
    var lines: [String] {
        let timing = options.live.timing.settings(algorithm: algorithm).summary
        let gap = Self.range(options.faultGap), pause = Self.range(options.pauseLength)
        let down = Self.range(options.downTime)
        var lines = [
            "chaos --live: \(options.settingsLabel(of: algorithm)), \(options.clusterSize) election-node processes "
                + "on loopback (\(timing)), "
                + "seed \(options.seed), \(ReportNumber.plain(chaosSeconds, decimals: 1)) s of faults",
            "faults injected: " + FaultKind.allCases.map { "\($0.rawValue) \(faults[$0] ?? 0)" }.joined(separator: ", ")
                + "; restarts \(restarts); one every \(gap) ms, pauses \(pause) ms, down \(down) ms; at most "
                + "\(options.maxImpaired) of \(options.clusterSize) down or paused at once (reached \(mostImpairedAtOnce))",
        ]
        if promisesOneLeaderPerTerm {
            lines.append("invariants checked from \(linesAudited) JSON log lines: at most one leader per term "
                         + "(\(audit.termsChecked) terms, \(audit.leadersSeen) leaders seen), one vote per node per "
                         + "term (\(audit.votesChecked) votes), persisted votes survive restarts "
                         + "(\(audit.restartsChecked) restarts)")
        } else {
            lines.append("invariants checked: after the chaos \(recoveryRule) "
                         + "(\(linesAudited) JSON log lines read, \(audit.leadersSeen) (epoch, leader) pairs seen; "
                         + "\(name) has no per-epoch safety rule to check)")
        }
        if audit.dropReports > 0 {
            lines.append("log lines dropped by the nodes (unread output), unseen by the audit: reported "
                         + "\(audit.dropReports) times")
        }
        let overlapText = "\(ReportNumber.milliseconds(overlap.totalMs)) in \(overlap.episodes) episodes "
            + "(longest \(ReportNumber.milliseconds(overlap.longestMs))), from the event logs, paused nodes not counted"
        lines.append(promisesOneLeaderPerTerm
            ? "two nodes believing they led at once (in different terms): \(overlapText)"
            : "split brain (two nodes both believing they led), expected for \(name): \(overlapText)")
        if let convergenceMs, let agreedLeader {
            let resolution = convergenceResolutionMs.map { " ±\(ReportNumber.milliseconds($0))" } ?? ""
            lines.append("after the chaos: node \(agreedLeader) agreed by all \(options.clusterSize) nodes "
                         + "\(ReportNumber.milliseconds(convergenceMs))\(resolution) after the last node was back "
                         + "(status polling; bound \(ReportNumber.milliseconds(convergenceBoundMs)))")
        } else {
            lines.append("after the chaos: no agreed leader within "
                         + "\(ReportNumber.plain(options.convergenceTimeout.milliseconds)) ms")
        }
        lines.append("violations: \(violations.count)")
        lines += violations.flatMap(\.lines)
        return lines
    }

    private static func range(_ range: ClosedRange<Duration>) -> String {
        "\(ReportNumber.plain(range.lowerBound.milliseconds))-\(ReportNumber.plain(range.upperBound.milliseconds))"
    }
}
