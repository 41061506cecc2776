import Election

/// The tunable timing of Raft's leader election. Every property has a default that suits a
/// local cluster; `init()` gives all of them.
///
/// Call `validate()` once, where the settings come in (command-line flags, a scenario
/// file), and show its error to the user: each one is a sentence that says what to change.
/// `RaftNode` refuses to start with settings that fail validation.
///
/// The timing requirement behind these numbers (§5.6):
/// `broadcastTime << electionTimeout << MTBF`. Heartbeats must arrive well within the
/// shortest election timeout, or followers start elections against a healthy leader.
///
/// Options still to come, each as a flag that is off by default and a bench variant:
/// PreVote (§9.6 of Ongaro's thesis: a would-be candidate first asks whether it could win,
/// so a partitioned node does not disrupt the cluster with higher terms on return),
/// CheckQuorum (a leader steps down when it has not heard from a majority for an election
/// timeout), refusing votes while a live leader is known, and using the transport's
/// `peerUnreachable` hint to start an election without waiting for a timeout.
public struct RaftSettings: Hashable, Sendable, CustomStringConvertible {
    /// How often a leader sends heartbeats (empty AppendEntries) to every follower.
    ///
    /// Default 75 ms, half the shortest election timeout, as in the Raft paper's own
    /// measurements (§9.3). It MUST be shorter than `electionTimeoutMin`; a half to a tenth
    /// of it is a good choice, so that a lost heartbeat does not trigger an election.
    /// Shorter intervals detect nothing faster (followers wait for the election timeout
    /// anyway) but cost more messages: every heartbeat is answered. An idle leader of three
    /// live nodes measured about 0.6% of a core at 75 ms and 0.8% at 50 ms
    /// (`scripts/idle-cpu.sh`), so 75 ms keeps room under the 1% an idle node may use.
    public var heartbeatInterval: Duration = .milliseconds(75)

    /// The shortest election timeout a follower or candidate may draw.
    ///
    /// Default 150 ms. A follower that hears nothing from a leader for its election timeout
    /// starts an election, so this bounds how fast a crashed leader is replaced. Make it
    /// several times the heartbeat interval plus the network's round-trip time.
    public var electionTimeoutMin: Duration = .milliseconds(150)

    /// The upper end (exclusive) of the election timeout range.
    ///
    /// Default 300 ms. Each timeout is drawn uniformly from
    /// `[electionTimeoutMin, electionTimeoutMax)` and re-drawn whenever the timer is reset
    /// (§5.2), so that usually one node times out well before the others and wins before
    /// anyone else stands. The paper (§9.3, Figure 16) found a spread of about one
    /// minimum timeout works well. Setting it equal to `electionTimeoutMin` is allowed and
    /// removes the randomness, which the paper shows leads to repeated split votes: use
    /// that only to see the problem.
    public var electionTimeoutMax: Duration = .milliseconds(300)

    /// The defaults: 75 ms heartbeats, election timeouts drawn from [150 ms, 300 ms).
    public init() {}

    /// Explicit values for every setting.
    public init(heartbeatInterval: Duration, electionTimeoutMin: Duration,
                electionTimeoutMax: Duration) {
        self.heartbeatInterval = heartbeatInterval
        self.electionTimeoutMin = electionTimeoutMin
        self.electionTimeoutMax = electionTimeoutMax
    }

    /// The command line's shape: one election timeout `T` means timeouts drawn from
    /// `[T, 2T)`, as in the paper's 150-300 ms.
    public init(heartbeat: Duration, electionTimeout: Duration) {
        self.init(heartbeatInterval: heartbeat, electionTimeoutMin: electionTimeout,
                  electionTimeoutMax: electionTimeout * 2)
    }

    /// Throws the first problem found, as a sentence a user can act on.
    public func validate() throws(RaftSettingsError) {
        if let validationError { throw validationError }
    }

    /// The first problem with these settings, or `nil` when they are usable.
    public var validationError: RaftSettingsError? {
        if heartbeatInterval <= .zero { return .heartbeatNotPositive(heartbeatInterval) }
        if electionTimeoutMin <= .zero { return .electionTimeoutNotPositive(electionTimeoutMin) }
        if electionTimeoutMax < electionTimeoutMin {
            return .electionTimeoutRangeReversed(min: electionTimeoutMin, max: electionTimeoutMax)
        }
        if heartbeatInterval >= electionTimeoutMin {
            return .heartbeatNotShorterThanElectionTimeout(
                heartbeat: heartbeatInterval, electionTimeoutMin: electionTimeoutMin)
        }
        return nil
    }

    public var description: String {
        "heartbeat every \(heartbeatInterval.millisecondsText), election timeout drawn from "
            + "[\(electionTimeoutMin.millisecondsText), \(electionTimeoutMax.millisecondsText))"
    }
}

/// Why a set of Raft settings was refused. Each description is one sentence a user can
/// act on.
public enum RaftSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    case heartbeatNotPositive(Duration)
    case electionTimeoutNotPositive(Duration)
    case electionTimeoutRangeReversed(min: Duration, max: Duration)
    case heartbeatNotShorterThanElectionTimeout(heartbeat: Duration, electionTimeoutMin: Duration)

    public var description: String {
        switch self {
        case .heartbeatNotPositive(let heartbeat):
            return "the heartbeat interval is \(heartbeat.millisecondsText); it must be more than "
                + "0 ms (the default is 75 ms)"
        case .electionTimeoutNotPositive(let timeout):
            return "the election timeout is \(timeout.millisecondsText); it must be more than 0 ms "
                + "(the default range is 150-300 ms)"
        case .electionTimeoutRangeReversed(let min, let max):
            return "the election timeout range \(min.millisecondsText)-\(max.millisecondsText) "
                + "ends before it starts; give the smaller value first, like 150-300"
        case .heartbeatNotShorterThanElectionTimeout(let heartbeat, let timeoutMin):
            return "the heartbeat interval (\(heartbeat.millisecondsText)) must be shorter than "
                + "the shortest election timeout (\(timeoutMin.millisecondsText)), or followers "
                + "will start elections against a healthy leader; try a heartbeat of at most "
                + "a third of the election timeout"
        }
    }
}

extension Duration {
    /// `150 ms`, or `0.5 ms` below a millisecond, for settings and their error messages.
    fileprivate var millisecondsText: String {
        let millis = milliseconds
        if millis == millis.rounded() { return "\(Int64(millis)) ms" }
        return "\(millis) ms"
    }
}
