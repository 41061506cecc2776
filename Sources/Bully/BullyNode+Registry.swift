import Election

/// Bully's entry in the algorithm registry: its flags, its settings check, what it keeps
/// (nothing) and what the bench needs to measure it. Everything `election-node` and
/// `election-bench` decide about Bully is decided here.
extension BullyNode: RegisteredAlgorithm {
    public static let title = "Bully"

    public static let helpSummary =
        "Garcia-Molina's Bully algorithm: the highest live id leads; no terms, nothing kept on disk."

    public static var defaultSettings: BullySettings { BullySettings() }

    public static let flags: [AlgorithmFlag<BullySettings>] = [
        .milliseconds("--heartbeat-ms", \.heartbeatInterval,
                      help: "How often the leader says it is alive.",
                      cost: "Each heartbeat is one message per follower; keep it several times shorter than the election timeout."),
        AlgorithmFlag("--election-timeout-ms", placeholder: "T",
                      help: "Declare the leader dead after T ms without a heartbeat.",
                      cost: "The largest part of failover time; too short, and a late heartbeat makes a healthy leader look dead.",
                      read: { text, settings throws(FlagValueError) in
                          let flag = "--election-timeout-ms"
                          let timeout = try FlagValue.millisecondRange(text, flag: flag)
                          // Bully waits a fixed time; only an algorithm that draws its timeout at random takes a range.
                          guard timeout.maximum == nil else {
                              throw .badValue(flag: flag, value: text,
                                              expected: "one failure timeout such as 200: Bully takes no range")
                          }
                          settings.failureTimeout = timeout.minimum
                      },
                      write: { settings in FlagValue.text(settings.failureTimeout) }),
        .milliseconds("--answer-timeout-ms", \.answerTimeout,
                      help: "How long an election waits for an answer from a higher id.",
                      cost: "Too short, and a slow higher node answers after a lower one took over, so leadership changes twice."),
        .milliseconds("--coordinator-timeout-ms", \.coordinatorTimeout,
                      help: "How long to wait for the winner's announcement after an answer.",
                      cost: "It must outlast the answer timeout; longer delays the new election when the winner crashes mid-way."),
        // The options beyond the textbook (BullySettings documents each): fast detection and hand-over on by default, classic.
        .onOff("--fast-detect", \.fastDetect, option: "fast detection",
               help: "When the leader's connection closes, hold the election at once; never wait for a peer whose connection closed.",
               cost: "One HELLO per peer on start; a wrongly closed link can make one node announce itself until the healthy leader answers it."),
        .onOff("--hand-over", \.handOver, option: "the hand-over",
               help: "On SIGINT/SIGTERM say LEAVING, so the highest remaining node leads at once and nobody waits for this one.",
               cost: "One message per peer on stop and on start (HELLO, also with --fast-detect); without it the others wait the failure timeout."),
        .oneOf("--bully-variant", \.variant,
               help: "classic: the highest live id leads; sticky: a healthy leader keeps its place, a returning higher id follows it.",
               cost: "sticky gives up 'the highest live id leads' and adds a failure timeout of listening to every start."),
    ]

    public static func problem(with settings: BullySettings) -> String? {
        do {
            try settings.validate()
            return nil
        } catch {
            return error.description
        }
    }

    public static func settingsSummary(_ settings: BullySettings) -> String {
        let timing = "heartbeat \(settings.heartbeatInterval.exactMillisecondsText), "
            + "failure timeout \(settings.failureTimeout.exactMillisecondsText), "
            + "answer timeout \(settings.answerTimeout.exactMillisecondsText), "
            + "coordinator timeout \(settings.coordinatorTimeout.exactMillisecondsText)"
        var options: [String] = []
        if settings.variant != .classic { options.append("\(settings.variant.rawValue) variant") }
        if settings.fastDetect { options.append("fast detection") }
        if settings.handOver { options.append("hand-over") }
        return options.isEmpty ? timing : timing + "; " + options.joined(separator: ", ")
    }

    public static let durableStatePolicy = DurableStatePolicy.none

    /// Epochs number leaderships, but nothing stops two nodes from leading at once while a
    /// partition lasts: Bully promises the highest live id, not one leader per epoch.
    public static let promisesOneLeaderPerTerm = false

    /// True of the classic variant, the default. The sticky variant gives it up: a
    /// returning highest id follows the leader it finds (`BullyVariant.sticky`).
    public static let highestRunningIdLeads = true

    public static func benchVariants(for comparison: BenchComparison) -> [BenchVariantOffer] {
        offeredBenchVariants.filter { $0.comparison == comparison }
    }

    /// Each option beyond Garcia-Molina's paper off against the defaults, and the sticky
    /// variant against the classic rule wherever the highest id comes and goes.
    static let offeredBenchVariants: [BenchVariantOffer] = [
        BenchVariantOffer(.crashDetection, "Bully no fast detect", flags: ["--fast-detect", "off"]),
        BenchVariantOffer(.handOver, "Bully no hand-over", flags: ["--hand-over", "off"]),
        BenchVariantOffer(.timeoutsOnly, "Bully timeouts only", flags: ["--fast-detect", "off"]),
        BenchVariantOffer(.highestIDStability, "Bully sticky", flags: ["--bully-variant", "sticky"]),
        BenchVariantOffer(.highestIDStorm, "Bully sticky", flags: ["--bully-variant", "sticky"]),
        // Garcia-Molina's algorithm as published: the classic rule, on timeouts alone.
        BenchVariantOffer(.highestIDStorm, "Bully textbook",
                          flags: ["--bully-variant", "classic", "--fast-detect", "off", "--hand-over", "off"]),
    ]
}

extension BullyNode: BenchAlgorithm {
    /// `--election-timeout-ms` is the failure timeout (the MIN of a range), and
    /// `--answer-timeout-ms` also sets the coordinator timeout: 200 ms, or four answer
    /// timeouts when that is longer, so a chain of higher nodes still has time to announce.
    ///
    /// The bench's baseline is the textbook (`BullySettings.textbook`), so that each option is
    /// measured against it.
    public static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> BullySettings {
        var settings = BullySettings.textbook
        if let heartbeat = timing.heartbeat { settings.heartbeatInterval = heartbeat }
        if let timeout = timing.electionTimeoutMin { settings.failureTimeout = timeout }
        if let answer = timing.answerTimeout {
            settings.answerTimeout = answer
            settings.coordinatorTimeout = max(.milliseconds(200), answer * 4)
        }
        if let problem = problem(with: settings) { throw BenchSettingsError(algorithm: title, reason: problem) }
        return settings
    }

    public static func recordedTimeouts(of settings: BullySettings) -> [RecordedTimeout] {
        [RecordedTimeout("heartbeat_ms", settings.heartbeatInterval),
         RecordedTimeout("failure_timeout_ms", settings.failureTimeout),
         RecordedTimeout("answer_timeout_ms", settings.answerTimeout)]
    }

    /// ELECTION, ANSWER and COORDINATOR make an election, and so do LEAVING (it starts
    /// the hand-over) and HELLO (it tells elections whom to wait for); HEARTBEAT keeps a
    /// leader.
    public static func purpose(of message: BullyMessage) -> MessagePurpose {
        switch message {
        case .election, .answer, .coordinator, .leaving, .hello: .election
        case .heartbeat: .heartbeat
        }
    }

    public static func heartbeatInterval(of settings: BullySettings) -> Duration {
        settings.heartbeatInterval
    }

    /// Noticing the silence, then waiting for answers and for the winner's announcement.
    public static func longestQuietElection(of settings: BullySettings) -> Duration {
        settings.failureTimeout + settings.answerTimeout + settings.coordinatorTimeout
    }

    public static func competingTimeout(of settings: BullySettings) -> (duration: Duration, name: String) {
        (settings.answerTimeout, "answer timeout")
    }
}
