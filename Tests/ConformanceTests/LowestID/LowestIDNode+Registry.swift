import Election

/// The toy's registry entry: everything the programs decide about it, as for Bully and Raft.
extension LowestIDNode: RegisteredAlgorithm {
    public static let title = "Lowest id"

    public static let helpSummary =
        "A toy for tests: the lowest id that hears no lower one leads; its term is kept on disk."

    public static var defaultSettings: LowestIDSettings { LowestIDSettings() }

    public static let flags: [AlgorithmFlag<LowestIDSettings>] = [
        .milliseconds("--heartbeat-ms", \.heartbeatInterval,
                      help: "How often the leader says it is alive.",
                      cost: "One message per follower each time; keep it several times shorter than the claim timeout."),
        .milliseconds("--claim-timeout-ms", \.claimTimeout,
                      help: "Forget a silent leader after this long, and lead after as long again without a lower id.",
                      cost: "Failover takes about two of these; too short, and a late heartbeat drops a healthy leader."),
    ]

    public static func problem(with settings: LowestIDSettings) -> String? { settings.problem }

    public static func settingsSummary(_ settings: LowestIDSettings) -> String {
        "heartbeat \(FlagValue.text(settings.heartbeatInterval)) ms, "
            + "claim timeout \(FlagValue.text(settings.claimTimeout)) ms"
    }

    public static let durableStatePolicy = DurableStatePolicy.file(what: "the highest term seen")

    /// Each side of a partition leads itself, in whatever term it reached.
    public static let promisesOneLeaderPerTerm = false

    /// The lowest id leads, which the registry has no word for; any agreed leader will do.
    public static let highestRunningIdLeads = false
}

extension LowestIDNode: BenchAlgorithm {
    /// `--election-timeout-ms` is the claim timeout; `--answer-timeout-ms` does not apply.
    public static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> LowestIDSettings {
        var settings = LowestIDSettings()
        if let heartbeat = timing.heartbeat { settings.heartbeatInterval = heartbeat }
        if let timeout = timing.electionTimeoutMin { settings.claimTimeout = timeout }
        if let problem = settings.problem { throw BenchSettingsError(algorithm: title, reason: problem) }
        return settings
    }

    public static func recordedTimeouts(of settings: LowestIDSettings) -> [RecordedTimeout] {
        [RecordedTimeout("heartbeat_ms", settings.heartbeatInterval),
         RecordedTimeout("claim_timeout_ms", settings.claimTimeout)]
    }

    public static func purpose(of message: LowestIDMessage) -> MessagePurpose { .heartbeat }

    public static func heartbeatInterval(of settings: LowestIDSettings) -> Duration { settings.heartbeatInterval }

    /// One claim timeout to forget the dead leader, one more to lead.
    public static func longestQuietElection(of settings: LowestIDSettings) -> Duration { settings.claimTimeout * 2 }

    public static func competingTimeout(of settings: LowestIDSettings) -> (duration: Duration, name: String) {
        (settings.claimTimeout, "claim timeout")
    }
}
