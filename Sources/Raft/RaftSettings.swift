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
/// Beyond the timing, five options go past the paper's Figure 2, each a switch of its own
/// (sections of Ongaro's dissertation, "Consensus: Bridging Theory and Practice", 2014):
/// `preVote` (§9.6), `checkQuorum` (§6.2), `leaderLease` (§4.2.3), `handOverOnStop` (§3.10)
/// and `fastDetection` (acting on the transport's `peerUnreachable`). `init()` turns all of
/// them on, as etcd runs in production (it is also `RaftSettings.production`);
/// `RaftSettings.textbook` turns them all off, the algorithm of the paper's Figure 2.
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
    /// Default 250 ms: the shortest timeout plus `defaultElectionTimeoutWindow`. Each timeout
    /// is drawn uniformly from `[electionTimeoutMin, electionTimeoutMax)` and re-drawn whenever
    /// the timer is reset (§5.2), so that usually one node times out well before the others
    /// and wins before anyone else stands. Setting it equal to `electionTimeoutMin` is
    /// allowed and removes the randomness, which the paper shows leads to repeated split
    /// votes: use that only to see the problem.
    ///
    /// Why not the paper's 150-300 ms: the spread only has to be several vote rounds wide
    /// (see `electionTimeoutWindow`), every millisecond of it is paid for in failover time,
    /// and the paper's own Figure 16 (and ours, `election-bench figure16`) shows 150-200 ms
    /// electing faster than 150-300 ms. 250 ms keeps the default equal to what
    /// `--election-timeout-ms 150` means; `--election-timeout-ms 150-300` gives the paper's.
    public var electionTimeoutMax: Duration = .milliseconds(250)

    /// The width of the randomisation window `W = electionTimeoutMax - electionTimeoutMin`;
    /// setting it keeps the minimum and moves the maximum. Default 100 ms
    /// (`defaultElectionTimeoutWindow`); `--election-timeout-ms T` means `[T, T + W)`.
    ///
    /// Sized from the vote round, not from the timeout. A vote splits when a second node
    /// times out before the first one's request reaches it, `δ` later (the candidate's fsync
    /// of its term, a link delay; with PreVote, a pre-vote round before it). With two
    /// survivors that happens with probability about `2δ / W` and costs about one more
    /// timeout, so `W` must be many times `δ`, not as wide as `T`.
    ///
    /// Expected failover by timeouts after a leader crash, 3 nodes (two survivors), heartbeat
    /// `H`, timeouts from `[T, T + W)`. Both survivors reset their timers at the last
    /// heartbeat, which came `u` before the crash, `u` uniform in `[0, H)`. The first of them
    /// times out at the earlier of two uniform draws, `T + m W` after that heartbeat, where
    /// `P(m > x) = (1 - x)²`: the median of `m` is `1 - 1/√2` ≈ 0.29 (its mean is 1/3). The
    /// failover is that, minus `u`, plus the vote round `v`:
    ///
    ///     median ≈ T + (1 - 1/√2) W - H / 2 + v        (mean: T + W / 3 - H / 2 + v)
    ///
    /// With `n - 1` survivors the mean is `T + W / n - H / 2 + v`. At H = 50, T = 500 ms:
    /// W = 100 expects a median of ≈ 504 ms + v and splits ≈ 2δ / W, a few percent;
    /// `[T, 2T)` (W = 500, etcd's draw) expects ≈ 621 ms + v. In the simulator (3 nodes,
    /// 1-3 ms persists, 300 crashes; RaftFailoverMeasurementTests) `[500, 600)` measured a
    /// median of 515 ms with 11 split votes, `[500, 1000)` 649 ms with 2. The leader lease
    /// adds nothing here: it lasts `T` from the same last heartbeat, so it has run out when
    /// the first survivor stands. Live figures belong to `election-bench`.
    public var electionTimeoutWindow: Duration {
        get { electionTimeoutMax - electionTimeoutMin }
        set { electionTimeoutMax = electionTimeoutMin + newValue }
    }

    /// 100 ms: 30-100 vote rounds on this machine's loopback (1-3 ms each, the vote's fsync
    /// included), so splits stay rare, and a fifth of a 500 ms timeout, so failovers stay
    /// close to `T` (see `electionTimeoutWindow`).
    public static let defaultElectionTimeoutWindow: Duration = .milliseconds(100)

    // MARK: Beyond the textbook (each on in `init()`, off in `textbook`)

    /// PreVote (dissertation §9.6): before a real election, a node asks whether it *could*
    /// win, in a pre-vote round for `currentTerm + 1` that changes nobody's term or vote.
    /// A voter says yes only if the asker's log is at least as up to date as its own and it
    /// has not heard from a live leader within `electionTimeoutMin`. Only a node that wins the
    /// pre-vote starts the real election.
    ///
    /// Default on (off in `textbook`). What it buys: a node that was partitioned away, or that
    /// cannot reach the leader while others can, no longer bumps the term and forces a
    /// healthy leader to step down when it returns. What it costs: one more round trip before
    /// every election (no fsync: nothing is persisted for a pre-vote), and a pre-vote message
    /// pair per peer.
    public var preVote = true

    /// CheckQuorum (dissertation §6.2): a leader that has not heard from a majority of the
    /// configured members (itself included) within `electionTimeoutMin` steps down. It
    /// checks at every heartbeat.
    ///
    /// Default on (off in `textbook`). What it buys: a leader cut off from the majority stops
    /// calling itself leader within about one election timeout, instead of until the
    /// partition heals, so clients stop talking to it. What it costs: a leader whose replies
    /// are slow or lost for a whole election timeout steps down even though nobody replaced
    /// it; no messages.
    public var checkQuorum = true

    /// The leader lease's vote refusal (dissertation §4.2.3): a node that heard from a live
    /// leader within `electionTimeoutMin` (or is the leader) refuses vote requests, without
    /// adopting their newer term. A request marked as a leadership transfer is the exception.
    ///
    /// Default on (off in `textbook`). What it buys: a disruptive node (one that timed out while
    /// the others still hear the leader) cannot depose a healthy leader. What it costs: after
    /// a leader really fails, the survivors vote only once their own lease has run out (a
    /// minimum election timeout after the last heartbeat), unless `fastDetection` drops it.
    public var leaderLease = true

    /// Graceful hand-over (dissertation §3.10): a leader told `.stop(graceful: true)` sends
    /// TimeoutNow to an up-to-date live follower, which starts an election at once, past
    /// PreVote and the lease, and then the leader stops. A follower or candidate told so
    /// broadcasts `leaving` instead: its peers count it as gone at once, so that a leader
    /// it leaves without a majority steps down (with `checkQuorum`) without waiting.
    ///
    /// Default on (off in `textbook`, where the others wait an election timeout). What it buys: a
    /// planned restart of the leader costs one vote round instead of an election timeout,
    /// and a leader whose followers stop, leaving it without a majority, knows it at once.
    /// What it costs: one message on stop (a follower's to each peer).
    public var handOverOnStop = true

    /// Connection-loss detection: when the transport reports the *leader* unreachable
    /// (`Input.peerUnreachable`: its connection was closed, reset or refused), a follower
    /// stops trusting its lease on that leader and starts a (pre-)vote after
    /// `fastDetectionStagger` times its rank, instead of waiting for its election timeout.
    /// The hint only shortens that node's own wait: a heartbeat from the leader still resets
    /// it, and the others judge the vote request by their own view.
    ///
    /// Default on (off in `textbook`, which detects failures by timeouts only). What it buys: failover
    /// in about a link delay plus a vote round when the leader's process dies. What it
    /// costs: nothing without such hints; a flaky link can make one node stand needlessly,
    /// which PreVote and the lease keep from disturbing a healthy leader.
    public var fastDetection = true

    /// With `fastDetection`, how long apart the survivors stand: the follower at rank `r`
    /// among the members other than the lost leader (by increasing id) waits `r` times this.
    ///
    /// Default 5 ms. All survivors hear of a crash within a few hundred microseconds of each
    /// other, so without a stagger they would all stand at once and split the vote. One step
    /// must be longer than a vote round, including the vote's fsync (about 1-3 ms on this
    /// machine's loopback; the bench measures it), so that the first node's request reaches
    /// the next before that one's turn. Zero makes all stand together.
    public var fastDetectionStagger: Duration = .milliseconds(5)

    /// The defaults: 75 ms heartbeats, election timeouts drawn from [150 ms, 250 ms), and
    /// PreVote, CheckQuorum, the lease, hand-over on stop and connection-loss detection all
    /// on: close to how etcd servers run (CheckQuorum, whose lease comes with it, PreVote,
    /// and a leadership transfer when a leader stops), plus acting on lost connections, which
    /// etcd does not do.
    public init() {}

    /// The defaults, named for where they belong: `RaftSettings()` is this.
    public static var production: RaftSettings { RaftSettings() }

    /// The defaults' timing with every option beyond the textbook off: the paper's Figure 2,
    /// failures found by timeouts only. The baseline each option is measured against, and
    /// what tests of the textbook's own behaviour (its disruptions included) ask for.
    public static var textbook: RaftSettings {
        var settings = RaftSettings()
        settings.disableEveryOption()
        return settings
    }

    /// Turns on every option beyond the textbook, leaving the timing as it is.
    public mutating func enableEveryOption() {
        preVote = true
        checkQuorum = true
        leaderLease = true
        handOverOnStop = true
        fastDetection = true
    }

    /// Turns off every option beyond the textbook, leaving the timing as it is.
    public mutating func disableEveryOption() {
        preVote = false
        checkQuorum = false
        leaderLease = false
        handOverOnStop = false
        fastDetection = false
    }

    /// Explicit timing; the options keep their defaults (on).
    public init(heartbeatInterval: Duration, electionTimeoutMin: Duration,
                electionTimeoutMax: Duration) {
        self.heartbeatInterval = heartbeatInterval
        self.electionTimeoutMin = electionTimeoutMin
        self.electionTimeoutMax = electionTimeoutMax
    }

    /// The command line's shape: one election timeout `T` with a randomisation window `W`
    /// (default 100 ms) means timeouts drawn from `[T, T + W)`; the textbook's `[T, 2T)` is
    /// `window: electionTimeout`. The options keep their defaults (on).
    public init(heartbeat: Duration, electionTimeout: Duration,
                window: Duration = RaftSettings.defaultElectionTimeoutWindow) {
        self.init(heartbeatInterval: heartbeat, electionTimeoutMin: electionTimeout,
                  electionTimeoutMax: electionTimeout + window)
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
        if fastDetectionStagger < .zero || fastDetectionStagger >= electionTimeoutMin {
            return .fastDetectionStaggerOutOfRange(stagger: fastDetectionStagger,
                                                   electionTimeoutMin: electionTimeoutMin)
        }
        return nil
    }

    /// The names of the options that are on, in a fixed order.
    public var enabledOptions: [String] {
        [(preVote, "PreVote"), (checkQuorum, "CheckQuorum"), (leaderLease, "leader lease"),
         (handOverOnStop, "hand-over on stop"),
         (fastDetection, "fast detection (stagger \(fastDetectionStagger.exactMillisecondsText))")]
            .filter(\.0).map(\.1)
    }

    public var description: String {
        let timing = "heartbeat every \(heartbeatInterval.exactMillisecondsText), election timeout drawn from "
            + "[\(electionTimeoutMin.exactMillisecondsText), \(electionTimeoutMax.exactMillisecondsText))"
        let options = enabledOptions
        return options.isEmpty ? timing : timing + "; " + options.joined(separator: ", ")
    }
}

/// Why a set of Raft settings was refused. Each description is one sentence a user can
/// act on.
public enum RaftSettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    case heartbeatNotPositive(Duration)
    case electionTimeoutNotPositive(Duration)
    case electionTimeoutRangeReversed(min: Duration, max: Duration)
    case heartbeatNotShorterThanElectionTimeout(heartbeat: Duration, electionTimeoutMin: Duration)
    case fastDetectionStaggerOutOfRange(stagger: Duration, electionTimeoutMin: Duration)

    public var description: String {
        switch self {
        case .heartbeatNotPositive(let heartbeat):
            return "the heartbeat interval is \(heartbeat.exactMillisecondsText); it must be more than "
                + "0 ms (the default is 75 ms)"
        case .electionTimeoutNotPositive(let timeout):
            return "the election timeout is \(timeout.exactMillisecondsText); it must be more than 0 ms "
                + "(the default range is 150-250 ms)"
        case .electionTimeoutRangeReversed(let min, let max):
            return "the election timeout range \(min.exactMillisecondsText)-\(max.exactMillisecondsText) "
                + "ends before it starts; give the smaller value first, like 150-250"
        case .heartbeatNotShorterThanElectionTimeout(let heartbeat, let timeoutMin):
            return "the heartbeat interval (\(heartbeat.exactMillisecondsText)) must be shorter than "
                + "the shortest election timeout (\(timeoutMin.exactMillisecondsText)), or followers "
                + "will start elections against a healthy leader; try a heartbeat of at most "
                + "a third of the election timeout"
        case .fastDetectionStaggerOutOfRange(let stagger, let timeoutMin):
            return "the fast-detection stagger is \(stagger.exactMillisecondsText); it must be at least "
                + "0 ms and well below the shortest election timeout (\(timeoutMin.exactMillisecondsText)), "
                + "a little more than one vote round (the default is 5 ms)"
        }
    }
}
