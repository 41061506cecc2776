import Raft

/// What `election-bench crash-loop` did and found.
struct CrashLoopReport: Hashable, Sendable {
    /// How the second kill of each round was aimed.
    enum Aim: String, Hashable, Sendable, CaseIterable {
        /// Right after (or shortly after) a node logged `election_started`.
        case candidate = "a candidate after its election_started"
        /// Right after (or shortly after) a node logged `vote_granted`.
        case voter = "a voter after its vote_granted"
        /// A random running node at a random moment of the election window.
        case randomMoment = "a random node at a random moment"
    }

    var options: CrashLoopOptions
    var roundsRun = 0
    var kills = 0
    /// Leaders killed, one per round that had one.
    var leaderKills = 0
    /// Second kills, by aim.
    var aimedKills: [Aim: Int] = [:]
    /// Rounds whose aimed event did not come in time (no second kill).
    var missedAims = 0
    var restarts = 0
    /// Rounds that began without an agreed leader within `settleTimeout`.
    var roundsWithoutLeader = 0
    var linesAudited = 0
    var audit = ElectionSafetyAudit.Report()
    var durationSeconds: Double = 0

    init(options: CrashLoopOptions) { self.options = options }

    var violations: [SafetyViolation] { audit.violations }

    /// The lines `election-bench crash-loop` prints.
    var lines: [String] {
        let timing = options.live.timing.settings(algorithm: RaftNode.algorithmName).summary
        var lines = [
            "crash-loop: live, \(options.settingsLabel), \(options.clusterSize) election-node processes on "
                + "loopback (\(timing)), seed \(options.seed)",
            "rounds: \(roundsRun); kills (kill -9): \(kills) (leaders \(leaderKills), "
                + Aim.allCases.map { "\($0.rawValue) \(aimedKills[$0] ?? 0)" }.joined(separator: ", ")
                + (missedAims > 0 ? ", aimed event missed \(missedAims)" : "") + "); restarts: \(restarts)",
            "checked from \(linesAudited) JSON log lines of every run: terms \(audit.termsChecked), "
                + "leaders seen \(audit.leadersSeen), votes \(audit.votesChecked), restarts against the state "
                + "persisted before the kill \(audit.restartsChecked) (kills that landed inside a persist: "
                + "\(audit.killsInsidePersist))",
        ]
        if audit.dropReports > 0 {
            lines.append("log lines dropped by the nodes (unread output), unseen by the audit: reported "
                         + "\(audit.dropReports) times")
        }
        if roundsWithoutLeader > 0 {
            lines.append("rounds that began without an agreed leader within "
                         + "\(ReportNumber.plain(options.settleTimeout.milliseconds)) ms: \(roundsWithoutLeader)")
        }
        lines.append("violations: \(violations.count) (at most one leader per term, one vote per node per term, "
                     + "persisted votes survive restarts)")
        lines += violations.flatMap(\.lines)
        lines.append("time: \(ReportNumber.plain(durationSeconds, decimals: 1)) s")
        return lines
    }
}
