import Election

extension BenchAlgorithm {
    /// The timeouts a result ran with, for `ScenarioResult.timing`.
    static func timingSettings(of settings: Settings) -> TimingSettings {
        TimingSettings(recorded: recordedTimeouts(of: settings))
    }
}

extension TimingSettings {
    /// The fields that `timeouts` name; a key this version of the results file has no
    /// field for is left out rather than misfiled.
    init(recorded timeouts: [RecordedTimeout]) {
        self.init()
        for timeout in timeouts {
            let minimum = timeout.minimum.milliseconds
            switch CodingKeys(rawValue: timeout.key) {
            case .heartbeatMs: heartbeatMs = minimum
            case .failureTimeoutMs: failureTimeoutMs = minimum
            case .answerTimeoutMs: answerTimeoutMs = minimum
            case .electionTimeoutMs:
                electionTimeoutMs = MillisecondRange(minimum, (timeout.maximum ?? timeout.minimum).milliseconds)
            case nil: continue
            }
        }
    }
}
