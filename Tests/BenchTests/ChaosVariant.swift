import Election

@testable import Bench

/// A deliberately broken copy of a real algorithm, for tests that show a chaos check can
/// fail: it wraps an `Original` node and forwards everything the bench asks about an
/// algorithm to it, so each broken variant writes only its bug in `handle` (and may override
/// any of these, to change a setting).
protocol ChaosVariant: ChaosAlgorithm
where Settings == Original.Settings, Message == Original.Message, DurableState == Original.DurableState {
    associatedtype Original: ChaosAlgorithm
    var inner: Original { get }
    init(inner: Original)
}

extension ChaosVariant {
    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom, durable: DurableState?) {
        self.init(inner: Original(id: id, members: members, settings: settings, random: random, durable: durable))
    }

    var id: NodeID { inner.id }
    var status: NodeStatus { inner.status }

    static var chaosSettings: Settings { Original.chaosSettings }
    /// The variant's own `chaosSettings` for the defaults (a broken variant may change a
    /// setting there), the original's for any other choice.
    static func chaosSettings(_ choice: ChaosSettingsChoice) throws(ChaosSettingsError) -> Settings {
        choice == .defaults ? chaosSettings : try Original.chaosSettings(choice)
    }
    static func chaosSettingsSummary(_ settings: Settings) -> String { Original.chaosSettingsSummary(settings) }
    static func highestRunningIdLeads(with settings: Settings) -> Bool { Original.highestRunningIdLeads(with: settings) }
    static var recoveryBound: Duration { Original.recoveryBound }
    static func recoveryInvariant(highestMustLead: Bool) -> String {
        Original.recoveryInvariant(highestMustLead: highestMustLead)
    }
    static func mayStayDown(size: Int) -> Int { Original.mayStayDown(size: size) }
    static var recoveredWatch: Duration { Original.recoveredWatch }
    static func settings(from timing: BenchTiming) throws(BenchSettingsError) -> Settings {
        try Original.settings(from: timing)
    }
    static func recordedTimeouts(of settings: Settings) -> [RecordedTimeout] { Original.recordedTimeouts(of: settings) }
    static func purpose(of message: Message) -> MessagePurpose { Original.purpose(of: message) }
    static func heartbeatInterval(of settings: Settings) -> Duration { Original.heartbeatInterval(of: settings) }
    static func longestQuietElection(of settings: Settings) -> Duration {
        Original.longestQuietElection(of: settings)
    }
    static func competingTimeout(of settings: Settings) -> (duration: Duration, name: String) {
        Original.competingTimeout(of: settings)
    }
}
