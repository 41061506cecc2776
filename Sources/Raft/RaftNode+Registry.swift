import Election

/// Raft's entry in the algorithm registry: its flags, its settings check, the term and vote
/// it keeps, and what the bench needs to measure it. Everything `election-node` and
/// `election-bench` decide about Raft is decided here.
extension RaftNode: RegisteredAlgorithm {
    public static let title = "Raft"

    public static let helpSummary =
        "Raft's leader election (§5.2): randomised timeouts, at most one leader per term, term and vote kept on disk."

    public static var defaultSettings: RaftSettings { RaftSettings() }

    public static let flags: [AlgorithmFlag<RaftSettings>] = [
        .milliseconds("--heartbeat-ms", \.heartbeatInterval,
                      help: "How often the leader sends heartbeats (empty AppendEntries).",
                      cost: "Every heartbeat is answered: shorter costs messages and CPU and detects nothing faster."),
        AlgorithmFlag("--election-timeout-ms", placeholder: "T|MIN-MAX",
                      help: "Each election timeout is drawn at random from [T, T + W) for a single T "
                          + "(W: --election-timeout-window-ms), or from [MIN, MAX) for a range.",
                      cost: "The low end bounds how fast a dead leader is replaced by timeouts; a narrow range invites split votes.",
                      read: { text, settings throws(FlagValueError) in
                          let timeout = try FlagValue.millisecondRange(text, flag: "--election-timeout-ms")
                          let window = settings.electionTimeoutWindow
                          settings.electionTimeoutMin = timeout.minimum
                          settings.electionTimeoutMax = timeout.maximum ?? timeout.minimum + window
                      },
                      write: { settings in
                          FlagValue.text(settings.electionTimeoutMin) + "-" + FlagValue.text(settings.electionTimeoutMax)
                      }),
        // Read after --election-timeout-ms (flags apply in this order), so it sets MAX = MIN + W
        // whatever order they are given in.
        .milliseconds("--election-timeout-window-ms", \.electionTimeoutWindow,
                      help: "W, the spread of the election timeouts: MAX becomes MIN + W.",
                      cost: "Each ms of W adds about a third of a ms to a failover by timeouts (3 nodes); "
                          + "W under many vote rounds splits votes (about 2 x vote round / W of failovers)."),
        // The options beyond Figure 2 (RaftSettings documents each); all on by default, each
        // turned off by --no-<name> or <name> off.
        .onOff("--pre-vote", \.preVote, option: "PreVote",
               help: "PreVote (§9.6): ask whether an election could be won before raising the term.",
               cost: "One more round trip before every election; without it a node that lost touch can depose a healthy leader."),
        .onOff("--check-quorum", \.checkQuorum, option: "CheckQuorum",
               help: "CheckQuorum (§6.2): a leader that hears no majority for an election timeout steps down.",
               cost: "A leader whose replies are lost for that long steps down needlessly; without it a cut-off leader leads on."),
        .onOff("--leader-lease", \.leaderLease, option: "the leader lease",
               help: "Refuse votes while a live leader was heard within the shortest election timeout (§4.2.3).",
               cost: "Survivors of a dead leader vote only once that lease runs out, unless fast detection drops it."),
        .onOff("--hand-over", \.handOverOnStop, option: "the hand-over on stop",
               help: "On SIGINT/SIGTERM a leader tells a live follower to stand at once (TimeoutNow, §3.10); "
                   + "a follower or candidate tells its peers it is leaving, so a leader it leaves without a majority steps down at once.",
               cost: "One message on stop (a follower's to each peer); without it the others wait an election timeout."),
        .onOff("--fast-detect", \.fastDetection, option: "fast detection",
               help: "When the leader's connection is closed or refused, stand after a stagger by rank instead of the election timeout.",
               cost: "None without such hints; a flaky link can make one node stand needlessly (PreVote and the lease contain it)."),
        .milliseconds("--fast-detect-stagger-ms", \.fastDetectionStagger,
                      help: "With --fast-detect, how far apart the survivors stand, by rank.",
                      cost: "Shorter than a vote round (with its fsync) splits votes; longer slows the failover by that much per rank."),
    ]

    public static func problem(with settings: RaftSettings) -> String? {
        settings.validationError?.description
    }

    public static func settingsSummary(_ settings: RaftSettings) -> String {
        let timing = "heartbeat \(FlagValue.text(settings.heartbeatInterval)) ms, election timeout "
            + "\(FlagValue.text(settings.electionTimeoutMin))-\(FlagValue.text(settings.electionTimeoutMax)) ms"
        let options = settings.enabledOptions
        return options.isEmpty ? timing : timing + "; " + options.joined(separator: ", ")
    }

    /// A node that forgets its vote can vote twice in one term (§5.2, Figure 2).
    public static let durableStatePolicy = DurableStatePolicy.file(what: "term and vote")

    public static let promisesOneLeaderPerTerm = true

    public static let highestRunningIdLeads = false

    public static func benchVariants(for comparison: BenchComparison) -> [BenchVariantOffer] {
        offeredBenchVariants.filter { $0.comparison == comparison }
    }

    /// Raft as Figure 2 has it: none of the options beyond the paper's §5.
    static let textbookFlags = ["--pre-vote", "off", "--check-quorum", "off", "--leader-lease", "off",
                                "--hand-over", "off", "--fast-detect", "off"]

    /// The textbook against the defaults wherever the options act together, and the one
    /// option a comparison is about off where it is about one.
    static let offeredBenchVariants: [BenchVariantOffer] = [
        BenchVariantOffer(.crashDetection, "Raft textbook", flags: textbookFlags),
        BenchVariantOffer(.handOver, "Raft no hand-over", flags: ["--hand-over", "off"]),
        BenchVariantOffer(.timeoutsOnly, "Raft timeouts only", flags: ["--fast-detect", "off"]),
        BenchVariantOffer(.disruptionOptions, "Raft textbook", flags: textbookFlags),
    ]
}

extension RaftNode: BenchAlgorithm {
    /// The bench's baseline: the textbook (`RaftSettings.textbook`), so that each option is
    /// measured against it. `--election-timeout-ms T` means [T, T + W) with the default window
    /// W (100 ms), `MIN-MAX` means [MIN, MAX); `--answer-timeout-ms` does not apply.
    public static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> RaftSettings {
        var settings = RaftSettings.textbook
        if let heartbeat = timing.heartbeat { settings.heartbeatInterval = heartbeat }
        if let minimum = timing.electionTimeoutMin {
            let window = settings.electionTimeoutWindow
            settings.electionTimeoutMin = minimum
            settings.electionTimeoutMax = timing.electionTimeoutMax ?? minimum + window
        }
        if let problem = problem(with: settings) { throw BenchSettingsError(algorithm: title, reason: problem) }
        return settings
    }

    public static func recordedTimeouts(of settings: RaftSettings) -> [RecordedTimeout] {
        [RecordedTimeout("heartbeat_ms", settings.heartbeatInterval),
         RecordedTimeout("election_timeout_ms", from: settings.electionTimeoutMin, below: settings.electionTimeoutMax)]
    }

    /// Vote requests and their replies make an election; AppendEntries is only a heartbeat
    /// in this election-only Raft.
    public static func purpose(of message: RaftMessage) -> MessagePurpose {
        switch message {
        case .requestVote, .requestVoteReply, .preVote, .preVoteReply, .timeoutNow: .election
        case .appendEntries: .heartbeat
        case .appendEntriesReply, .leaving: .other
        }
    }

    public static func heartbeatInterval(of settings: RaftSettings) -> Duration {
        settings.heartbeatInterval
    }

    /// The longest election timeout, plus one more for a single split vote.
    public static func longestQuietElection(of settings: RaftSettings) -> Duration {
        settings.electionTimeoutMax * 2
    }

    public static func competingTimeout(of settings: RaftSettings) -> (duration: Duration, name: String) {
        (settings.electionTimeoutMin, "shortest election timeout")
    }
}
