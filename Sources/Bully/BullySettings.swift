/// The Bully algorithm's timing, with a documented default for every setting.
///
/// Start from `BullySettings()` and change what you need, then call `validate()` once
/// (the throwing initializer does both):
///
///     var settings = BullySettings()
///     settings.failureTimeout = .milliseconds(500)
///     try settings.validate()
///
/// Failover after a leader crash takes roughly `failureTimeout` (noticing the silence)
/// plus `answerTimeout` (the election at the new highest live node), so those two are
/// the settings to tune when comparing Bully with Raft.
public struct BullySettings: Hashable, Sendable {
    /// How often the leader broadcasts HEARTBEAT. Default: 50 ms.
    ///
    /// Each heartbeat costs one message per follower. Keep it several times shorter than
    /// `failureTimeout` (the defaults use a factor of four), so that one or two lost or
    /// late heartbeats do not make followers declare a healthy leader dead.
    public var heartbeatInterval: Duration

    /// How long a follower waits without hearing from its leader before it presumes the
    /// leader crashed and holds an election. Default: 200 ms (`--election-timeout-ms`).
    ///
    /// This is the largest part of failover time. Lower it for faster failover, but not
    /// below a few heartbeat intervals plus the worst network delay you expect: a Bully
    /// election that was not needed still makes every node drop its leader for a moment.
    public var failureTimeout: Duration

    /// How long a node holding an election waits for an ANSWER from a higher node before
    /// it declares itself the leader. Default: 50 ms.
    ///
    /// It must cover one round trip to a higher node plus that node's processing time; if
    /// it is too short, a slow higher node answers after the lower one has already
    /// announced itself, and leadership changes twice. It must be shorter than
    /// `failureTimeout`.
    public var answerTimeout: Duration

    /// How long a node that got an ANSWER waits for the COORDINATOR announcement before it
    /// starts its election over (the higher node may crash in the middle). Default: 200 ms.
    ///
    /// The node that answered holds an election of its own first and may wait a whole
    /// `answerTimeout` for answers of its own, so this must be longer than `answerTimeout`;
    /// a few times longer leaves room for a chain of higher nodes.
    public var coordinatorTimeout: Duration

    /// Whether a closed connection counts as evidence of a crash. Default: on (off in
    /// `textbook`, which learns of crashes from silence only).
    ///
    /// On, a follower whose connection to its leader closes (`.peerUnreachable`) holds its
    /// election at once instead of waiting `failureTimeout`, and an election does not wait
    /// `answerTimeout` for higher nodes whose connections closed: if all of them did, the
    /// node leads at once. Failover after a crash drops from about `failureTimeout +
    /// answerTimeout` to a few network delays. It costs one HELLO per peer per start. Its
    /// risk is a wrong hint (a connection closed by something other than the peer's death):
    /// the node that got it may announce itself, and a live higher leader takes its place
    /// back as soon as it hears that (see `BullyNode`, "Known-down peers").
    public var fastDetect: Bool

    /// Whether a node stopped gracefully (SIGINT, SIGTERM) says goodbye. Default: on (off
    /// in `textbook`, whose leader just goes silent).
    ///
    /// On, a stopping node broadcasts LEAVING before it stops. Its peers stop counting on
    /// it at once; if it led, the highest remaining node takes over without waiting for any
    /// timeout, and the others wait for that node's COORDINATOR. It costs one message per
    /// peer per stop, and one per peer per start: HELLO, so that peers count on a node
    /// that came back (it is sent with `fastDetect` too). Every node understands LEAVING
    /// and HELLO whatever this setting says.
    public var handOver: Bool

    /// Which rule decides whether a returning higher node takes over. Default: `.classic`
    /// (the workshop walkthrough relies on a returning node 3 taking leadership back).
    public var variant: BullyVariant

    /// The defaults: heartbeat every 50 ms, failure after 200 ms of silence, 50 ms to
    /// answer, 200 ms to announce; the classic variant with fast detection and hand-over on,
    /// what a cluster that wants millisecond failover runs. Classic, because the workshop
    /// walkthrough relies on a returning node 3 taking leadership back.
    public init() {
        heartbeatInterval = .milliseconds(50)
        failureTimeout = .milliseconds(200)
        answerTimeout = .milliseconds(50)
        coordinatorTimeout = .milliseconds(200)
        fastDetect = true
        handOver = true
        variant = .classic
    }

    /// The defaults, named for where they belong: `BullySettings()` is this.
    public static var production: BullySettings { BullySettings() }

    /// The defaults' timing as Garcia-Molina wrote it: classic, crashes learnt from silence
    /// only, no goodbye on stop. The baseline each option is measured against, and what tests
    /// of the textbook's own behaviour ask for.
    public static var textbook: BullySettings {
        var settings = BullySettings()
        settings.fastDetect = false
        settings.handOver = false
        return settings
    }

    /// Settings with the given values (defaults for the rest), validated.
    public init(
        heartbeatInterval: Duration = .milliseconds(50),
        failureTimeout: Duration = .milliseconds(200),
        answerTimeout: Duration = .milliseconds(50),
        coordinatorTimeout: Duration = .milliseconds(200),
        fastDetect: Bool = true,
        handOver: Bool = true,
        variant: BullyVariant = .classic
    ) throws(BullySettingsError) {
        self.heartbeatInterval = heartbeatInterval
        self.failureTimeout = failureTimeout
        self.answerTimeout = answerTimeout
        self.coordinatorTimeout = coordinatorTimeout
        self.fastDetect = fastDetect
        self.handOver = handOver
        self.variant = variant
        try validate()
    }

    /// Rejects settings that cannot work, with a sentence saying which and why.
    public func validate() throws(BullySettingsError) {
        let durations: [(String, Duration)] = [
            ("heartbeat interval", heartbeatInterval),
            ("failure timeout", failureTimeout),
            ("answer timeout", answerTimeout),
            ("coordinator timeout", coordinatorTimeout),
        ]
        for (setting, value) in durations where value <= .zero {
            throw .notPositive(setting: setting, value: value)
        }
        guard heartbeatInterval < failureTimeout else {
            throw .heartbeatNotShorterThanFailureTimeout(
                heartbeatInterval: heartbeatInterval, failureTimeout: failureTimeout)
        }
        guard answerTimeout < failureTimeout else {
            throw .answerTimeoutNotShorterThanFailureTimeout(
                answerTimeout: answerTimeout, failureTimeout: failureTimeout)
        }
        guard coordinatorTimeout > answerTimeout else {
            throw .coordinatorTimeoutNotLongerThanAnswerTimeout(
                coordinatorTimeout: coordinatorTimeout, answerTimeout: answerTimeout)
        }
    }
}
