import Testing

/// The seven promises of `ElectionProtocol` that the conformance suite checks for every
/// registered algorithm; `ConformanceSuite` documents how each is checked.
enum ConformanceCheck: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sameSeedSameTrace = "the same seed gives the same trace"
    case silentAfterStop = "nothing happens after .stop, except what .stop itself returns"
    case persistsBeforeSending = ".persist comes before every send that depends on it"
    case onlyPendingTimersAct = "only timers that were set fire, and cancelled ones stay silent"
    case messagesRoundTrip = "every message round-trips through the wire codec and uses no reserved key"
    case statusAgreesWithEffects = "status agrees with the last effects"
    case convergesAfterFaults = "after faults stop, the cluster converges to one agreed leader"

    var testDescription: String { rawValue }
}
