import Election

/// Raft's leader election as a pure state machine: the election half of Figure 2 of
/// Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm" (2014),
/// sections 5.1, 5.2 and 5.4.1.
///
/// How it works, in short:
/// - Time is divided into numbered *terms*. Each term begins with an election and has at
///   most one leader, because each node votes at most once per term and a candidate needs
///   the votes of a majority of the configured members (§5.2).
/// - Every node starts as a *follower*. A follower that hears no heartbeat from a leader for
///   its election timeout (drawn at random, so nodes rarely time out together) becomes a
///   *candidate*: it moves to the next term, votes for itself and asks everyone else for a
///   vote. With a majority it becomes *leader* and sends heartbeats (empty AppendEntries)
///   often enough that no follower times out.
/// - Any message carrying a newer term sends its receiver back to follower in that term
///   (§5.1), which is how an old leader learns it has been replaced.
/// - A voter refuses a candidate whose log is behind its own (§5.4.1), so a node that
///   missed entries cannot become leader.
///
/// This is *election-only* Raft: there is no log replication. Each node has a log
/// position (`lastLogIndex`, `lastLogTerm`) in its persistent state, restored on restart and
/// compared in elections, but it never changes here: heartbeats carry no entries, and
/// followers neither check nor extend their log when they receive one.
///
/// The node does no I/O. `handle(_:at:)` takes one input and returns effects for the
/// runtime to perform in order; a `.persist` always comes before the messages that depend
/// on it (a vote reply, a RequestVote broadcast).
///
/// Beyond Figure 2, five options from Ongaro's dissertation and from production Raft, each
/// behind its own `RaftSettings` switch and each a named step below: PreVote (§9.6),
/// CheckQuorum (§6.2), the leader lease's vote refusal (§4.2.3), hand-over on stop (§3.10,
/// with a stopping follower's `leaving`), and acting on the transport's word that the
/// leader's connection is gone. With all of them off (`RaftSettings.textbook`), the node is
/// the textbook algorithm.
public struct RaftNode: ElectionProtocol {
    public typealias Message = RaftMessage
    public typealias Settings = RaftSettings
    public typealias DurableState = RaftPersistentState

    public static let algorithmName = "raft"

    /// Fires when a follower or candidate has waited a whole election timeout without
    /// hearing from a leader; the node then starts an election (or, with PreVote, a pre-vote).
    /// With fast detection it is also armed, much shorter, when the leader's connection is lost.
    public static let electionTimer = TimerID("raft-election-timeout")
    /// Fires every heartbeat interval on the leader, which then sends heartbeats.
    public static let heartbeatTimer = TimerID("raft-heartbeat")

    // MARK: Configuration

    public let id: NodeID
    /// The configured members, this node included, in increasing id order.
    public let members: [NodeID]
    public let settings: RaftSettings
    /// Everyone but this node: the receivers of broadcasts and the possible voters.
    private let peers: [NodeID]

    /// Votes needed to win: a majority of the *configured* members, whether they are
    /// running or not. A member that is down (or a "zombie" left in the configuration)
    /// still counts, which is what keeps two partitions from both electing a leader.
    public var quorum: Int { members.count / 2 + 1 }

    // MARK: Persistent state on all servers (Figure 2)

    /// `currentTerm`, `votedFor` and the log position; persisted before anyone hears of a
    /// change.
    public private(set) var persistentState: RaftPersistentState
    public var currentTerm: UInt64 { persistentState.currentTerm }
    public var votedFor: NodeID? { persistentState.votedFor }

    // MARK: Volatile state

    /// A node holding a pre-vote reports itself as a follower: it has not left its term.
    public private(set) var role: Role = .follower
    /// The leader of the current term, once this node has heard from it; `nil` otherwise.
    public private(set) var leader: NodeID?
    /// The members that voted for this node in the current term (a candidate's tally).
    public private(set) var votesReceived: Set<NodeID> = []
    /// The election timeout drawn the last time the election timer was reset (or, after a
    /// lost connection to the leader, the stagger this node waits before standing).
    public private(set) var electionTimeout: Duration = .zero
    /// True after `.stop`: the node acts on nothing any more.
    public private(set) var isStopped = false

    /// PreVote (§9.6): the members that said they would vote for this node in
    /// `currentTerm + 1`, itself included; `nil` when no pre-vote is under way.
    public private(set) var preVotesReceived: Set<NodeID>?
    /// When this node last heard from `leader` (an AppendEntries of the current term). The
    /// lease and PreVote's voters compare it with `now`; a lost connection clears it.
    public private(set) var lastLeaderContact: Instant?
    /// When each peer was last heard from, whatever it sent: CheckQuorum counts the recent
    /// ones, and a hand-over picks a live follower among them.
    public private(set) var lastHeard: [NodeID: Instant] = [:]
    /// The peers that said they were leaving (`leaving`, a graceful stop) and have not been
    /// heard from since: CheckQuorum counts them silent and a hand-over skips them.
    public private(set) var departedPeers: Set<NodeID> = []
    /// When this node became leader, so that CheckQuorum gives every follower one election
    /// timeout to answer before counting it as silent.
    private var leaderSince: Instant?
    /// How this node learned that its leader is gone ("its connection to leader 1 was
    /// lost"), while it waits its turn to stand (fast detection); cleared when the election
    /// timer is reset normally.
    private var leaderGoneNews: String?
    /// Pre-votes this follower refused only because it still heard its leader, by asker:
    /// should the leader's connection be reported lost soon after, they are granted late
    /// (see `grantPreVotesRefusedInLease`).
    private var preVotesRefusedInLease: [NodeID: PreVoteRefusedInLease] = [:]

    private var random: SeededRandom
    /// Effects of the input being handled, returned by `handle` in the order they were added.
    private var outbox: Effects = []

    /// Creates a node that will start as a follower. `members` MUST include `id`, and
    /// `settings` MUST pass `validate()`. `durable` is the state last persisted before a
    /// crash (or a scenario's starting state, such as a shorter log); `nil` on first boot.
    public init(id: NodeID, members: [NodeID], settings: RaftSettings, random: SeededRandom,
                durable: RaftPersistentState?) {
        if let problem = settings.validationError {
            preconditionFailure("Raft settings are invalid: \(problem)")
        }
        let configured = Array(Set(members)).sorted()
        precondition(configured.contains(id),
                     "node \(id) is not in its own member list \(configured); add it to --nodes")
        self.id = id
        self.members = configured
        self.peers = configured.filter { $0 != id }
        self.settings = settings
        self.random = random
        var state = durable ?? RaftPersistentState()
        // A log entry from term T means its node has lived through term T, so the current
        // term is never below the last entry's term. A scenario that only sets a log
        // position gets a matching term here.
        if state.lastLogTerm > state.currentTerm {
            state.currentTerm = state.lastLogTerm
            state.votedFor = nil
        }
        self.persistentState = state
    }

    public var status: NodeStatus {
        NodeStatus(id: id, role: role, leader: leader, term: currentTerm)
    }

    // MARK: - Inputs

    public mutating func handle(_ input: Input<RaftMessage>, at now: Instant) -> Effects {
        // After `.stop` the node is gone, whatever still arrives (ElectionProtocol's rule).
        guard !isStopped else { return [] }
        switch input {
        case .start:
            onStart()
        case .receive(let message, let sender):
            onReceive(message, from: sender, at: now)
        case .timerFired(let timer):
            onTimerFired(timer, at: now)
        case .peerUnreachable(let peer):
            onPeerUnreachable(peer, at: now)
        case .stop(let graceful):
            onStop(graceful: graceful, at: now)
        }
        let effects = outbox
        outbox = []
        return effects
    }

    /// §5.2: a node begins life as a follower, with the term and vote it persisted before
    /// any crash, and gives a leader one election timeout to make itself heard.
    private mutating func onStart() {
        role = .follower
        leader = nil
        votesReceived = []
        let vote = votedFor.map { $0 == id ? "itself" : "node \($0)" } ?? "nobody"
        log(.becameFollower,
            "started as follower at term \(currentTerm) (voted for \(vote) in this term; "
                + "log ends at index \(persistentState.lastLogIndex), term \(persistentState.lastLogTerm))")
        resetElectionTimer()
    }

    // The handlers take `now`, the instant handed to `handle(_:at:)`: the lease, PreVote's
    // voters and CheckQuorum compare it with when a leader or peer was last heard. Raft
    // reads no clock of its own.

    private mutating func onTimerFired(_ timer: TimerID, at now: Instant) {
        switch timer {
        case Self.electionTimer: onElectionTimeout(at: now)
        case Self.heartbeatTimer: onHeartbeatTimer(at: now)
        default: break  // not a timer this node sets
        }
    }

    /// §5.2: a follower that has heard from no leader, or a candidate whose election
    /// produced no winner (a split vote or lost messages), starts a new election. With
    /// PreVote (§9.6) it first asks whether it could win.
    private mutating func onElectionTimeout(at now: Instant) {
        // A leader cancels its election timer; a firing already on its way is harmless.
        guard role != .leader else { return }
        let reason = electionReason()
        if settings.preVote {
            startPreVote(because: reason, at: now)
        } else {
            becomeCandidate(because: reason, at: now)
        }
    }

    /// §5.2: the leader keeps its authority by sending heartbeats, so that no follower's
    /// election timeout expires. With CheckQuorum (§6.2) it first checks that it still has
    /// a majority to lead.
    private mutating func onHeartbeatTimer(at now: Instant) {
        guard role == .leader else { return }
        if settings.checkQuorum, let silence = quorumSilence(at: now) {
            return becomeFollower(term: currentTerm, leader: nil, because: silence)
        }
        sendHeartbeats()
    }

    /// `.stop`: the node cancels its timers and falls silent. Stopped gracefully with
    /// `handOverOnStop`, it says goodbye first: a leader hands leadership to a live follower
    /// (§3.10), and a follower or candidate tells every peer it is leaving, so that a leader
    /// it leaves without a majority steps down at once (see `onLeaving`). Otherwise the
    /// others find out from silence or closed connections, as after a crash.
    private mutating func onStop(graceful: Bool, at now: Instant) {
        let wasLeader = role == .leader
        let saysGoodbye = graceful && settings.handOverOnStop
        var handedTo: NodeID?
        if saysGoodbye && wasLeader {
            handedTo = handOverLeadership(at: now)
        } else if saysGoodbye && !peers.isEmpty {
            // A leader sends no `leaving`: its `timeout_now` and the vote requests that
            // follow are its goodbye, and its followers act on its closed connections.
            broadcast(.leaving(term: currentTerm))
        }
        isStopped = true
        cancelTimer(Self.electionTimer)
        cancelTimer(Self.heartbeatTimer)
        let after: String
        if let handedTo {
            after = "; node \(handedTo) was told to stand at once (timeout_now)"
        } else if wasLeader {
            after = "; the others will elect a new leader after their election timeout"
        } else {
            after = saysGoodbye && !peers.isEmpty ? "; told every peer it is leaving" : ""
        }
        log(.note, "stopped as \(role) at term \(currentTerm)" + after)
    }

    // MARK: - Messages

    private mutating func onReceive(_ message: RaftMessage, from sender: NodeID, at now: Instant) {
        // Only configured peers take part: a message from anyone else (a misconfigured
        // node) must not count as a vote or make us follow it.
        guard peers.contains(sender) else { return }
        // Whatever it says, the sender is alive and can reach us (CheckQuorum, hand-over),
        // and back if it had said it was leaving; `leaving` is the one message that says
        // the opposite.
        if !message.isLeaving {
            lastHeard[sender] = now
            departedPeers.remove(sender)
        }

        // Rules for all servers (Figure 2, §5.1): first decide what the message's term means
        // to this node, then handle it.
        switch termRule(for: message, at: now) {
        case .adoptTermAndFollow:
            becomeFollower(term: message.term, leader: nil,
                           because: "node \(sender) sent \(message.typeName) for term \(message.term)")
        case .handleInCurrentTerm:
            break
        case .ignoreStale:
            return
        case .refuseInLease:
            return refuseVote(to: sender, candidateTerm: message.term,
                              because: "it still hears from a live leader (\(leaseText(at: now))), "
                                  + "so it keeps its term \(currentTerm) (leader lease, §4.2.3)")
        }

        switch message {
        case .requestVote(let term, let lastLogIndex, let lastLogTerm, _):
            onRequestVote(term: term, lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm,
                          from: sender, at: now)
        case .requestVoteReply(let term, let voteGranted):
            onRequestVoteReply(term: term, voteGranted: voteGranted, from: sender, at: now)
        case .appendEntries(let term, _, _, _):
            onAppendEntries(term: term, from: sender, at: now)
        case .appendEntriesReply:
            // With no log to replicate there is nothing to track; a reply from a newer
            // term has already made this leader step down above.
            break
        case .preVote(let term, let lastLogIndex, let lastLogTerm):
            onPreVote(term: term, lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm,
                      from: sender, at: now)
        case .preVoteReply(let term, let voteGranted):
            onPreVoteReply(term: term, voteGranted: voteGranted, from: sender, at: now)
        case .timeoutNow(let term):
            onTimeoutNow(term: term, from: sender, at: now)
        case .leaving(let term):
            onLeaving(from: sender, term: term, at: now)
        }
    }

    /// What a message's term asks of its receiver, decided before the message is handled.
    enum TermVerdict: Equatable {
        /// The sender is in a newer term, so this node is out of date: it moves to that term
        /// as a follower (a leader or candidate steps down), then handles the message.
        case adoptTermAndFollow
        /// The message is handled in this node's current term. That covers its own term,
        /// and also an older-term *request*, whose handler answers with the current term so
        /// that the stale sender learns it is behind.
        case handleInCurrentTerm
        /// An older-term *reply* answers a request this node made in a term it has left:
        /// there is nothing to count, nothing to answer, and no term to learn.
        case ignoreStale
        /// The leader lease (§4.2.3): a vote request from a newer term while this node still
        /// hears a live leader. It is refused, and its term is *not* adopted.
        case refuseInLease
    }

    /// The term rule, one decision per message kind (Figure 2, "Rules for All Servers", and
    /// §5.1: "If RPC request or response contains term T > currentTerm: set currentTerm = T,
    /// convert to follower"), with the two exceptions the options need:
    /// - a pre-vote request (§9.6) carries the term its sender *would* stand in, so it never
    ///   moves the receiver's term, and a granted pre-vote reply only echoes that term;
    /// - with `leaderLease`, a vote request that arrives while this node still hears a live
    ///   leader is refused without adopting its term, so that a node that lost touch with
    ///   the leader cannot depose it; a leadership transfer (§3.10) is let through.
    func termRule(for message: RaftMessage, at now: Instant) -> TermVerdict {
        let newer = message.term > currentTerm
        let stale = message.term < currentTerm
        switch message {
        case .requestVote(_, _, _, let leadershipTransfer):
            // A candidate in a newer term means an election has started that this node
            // missed; it joins the term (and may vote in it). A stale candidate is refused
            // by the handler, whose reply carries our term (RequestVote receiver, step 1).
            guard newer else { return .handleInCurrentTerm }
            if settings.leaderLease && !leadershipTransfer && hearsLiveLeader(at: now) {
                return .refuseInLease
            }
            return .adoptTermAndFollow
        case .requestVoteReply:
            // A voter in a newer term tells a candidate its election is lost (§5.1). A
            // reply from a term this node has left counts for nothing (§5.2).
            return newer ? .adoptTermAndFollow : stale ? .ignoreStale : .handleInCurrentTerm
        case .appendEntries:
            // A leader of a newer term was elected while this node was away: follow it. A
            // stale leader is answered with our term so that it steps down (AppendEntries
            // receiver, step 1).
            return newer ? .adoptTermAndFollow : .handleInCurrentTerm
        case .appendEntriesReply:
            // A follower in a newer term is how a replaced leader learns of it (§5.1). A
            // stale reply answers a heartbeat of a term this node no longer leads.
            return newer ? .adoptTermAndFollow : stale ? .ignoreStale : .handleInCurrentTerm
        case .preVote:
            // A pre-vote's term is a question ("could I win term T?"), not a term anyone is
            // in: answered in our own term, whatever it says.
            return .handleInCurrentTerm
        case .preVoteReply(_, let voteGranted):
            // Granted, the reply echoes the term we asked about, which nobody is in yet:
            // adopting it would be the very term bump PreVote exists to avoid. Refused with
            // a newer term, it is the voter's real term, and we are behind.
            if stale { return .ignoreStale }
            return newer && !voteGranted ? .adoptTermAndFollow : .handleInCurrentTerm
        case .timeoutNow:
            // A leader of a newer term hands over to us: join its term first. An old
            // leader's hand-over is no reason to stand now.
            return newer ? .adoptTermAndFollow : stale ? .ignoreStale : .handleInCurrentTerm
        case .leaving:
            // The sender is going, whatever its term. A newer one is no reason to leave ours
            // (a leader would step down for a node that is no longer there), and an older
            // one does not make the departure less true.
            return .handleInCurrentTerm
        }
    }

    /// RequestVote receiver (Figure 2; §5.2 and §5.4.1).
    private mutating func onRequestVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64,
                                        from candidate: NodeID, at now: Instant) {
        // 1. A candidate from an older term cannot win; our term in the reply tells it so.
        if term < currentTerm {
            return refuseVote(to: candidate, candidateTerm: term,
                              because: "its term \(term) is stale, this node is at term \(currentTerm)")
        }
        // 2. One vote per term, first come first served. The same candidate may ask again
        //    (a retry or a duplicated message) and gets the same answer.
        if let votedFor, votedFor != candidate {
            let whom = votedFor == id ? "itself" : "node \(votedFor)"
            return refuseVote(to: candidate, candidateTerm: term,
                              because: "it already voted for \(whom) in term \(currentTerm)")
        }
        // 3. §5.4.1: only a candidate whose log is at least as up-to-date as ours may win,
        //    so that a new leader never lacks an entry a majority has stored.
        if let behind = logBehindReason(lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm) {
            return refuseVote(to: candidate, candidateTerm: term, because: behind)
        }
        // 4. Grant. The vote is persisted before the reply leaves, so that a crash and
        //    restart cannot lead to a second vote in this term.
        persistentState.votedFor = candidate
        persist()
        // 5. Give the candidate a full election timeout to win before standing ourselves.
        resetElectionTimer()
        log(.voteGranted, "granted its vote for term \(currentTerm) to node \(candidate)")
        send(.requestVoteReply(term: currentTerm, voteGranted: true), to: candidate)
    }

    /// Why a candidate's log (§5.4.1) is not as up to date as ours; `nil` when it is.
    private func logBehindReason(lastLogIndex: UInt64, lastLogTerm: UInt64) -> String? {
        if persistentState.isLogAtLeastAsUpToDate(lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm) {
            return nil
        }
        return "its log (ending at index \(lastLogIndex), term \(lastLogTerm)) is not as "
            + "up to date as this node's (index \(persistentState.lastLogIndex), "
            + "term \(persistentState.lastLogTerm))"
    }

    private mutating func refuseVote(to candidate: NodeID, candidateTerm: UInt64,
                                     because reason: String) {
        log(.voteRefused, "refused its vote for term \(candidateTerm) to node \(candidate): \(reason)")
        send(.requestVoteReply(term: currentTerm, voteGranted: false), to: candidate)
    }

    /// §5.2: a candidate counts the votes granted for the term it stands in. Replies from
    /// other terms, refusals, and votes arriving after the election is decided change
    /// nothing.
    private mutating func onRequestVoteReply(term: UInt64, voteGranted: Bool, from voter: NodeID,
                                             at now: Instant) {
        guard role == .candidate, term == currentTerm, voteGranted else { return }
        votesReceived.insert(voter)  // a set: a duplicated reply is counted once
        if votesReceived.count >= quorum {
            becomeLeader(at: now)
        }
    }

    /// AppendEntries receiver (Figure 2), used as a heartbeat only (§5.2).
    private mutating func onAppendEntries(term: UInt64, from sender: NodeID, at now: Instant) {
        // 1. A leader from an older term has been replaced; our term in the reply makes it
        //    step down.
        if term < currentTerm {
            return send(.appendEntriesReply(term: currentTerm, success: false), to: sender)
        }
        // 2. The sender won this term's election. A candidate of the same term lost.
        switch role {
        case .candidate:
            becomeFollower(term: term, leader: sender,
                           because: "node \(sender) won the election for term \(term)")
        case .leader:
            // Two leaders in one term would break Election Safety (§5.2), which one vote
            // per term rules out. Say so loudly rather than follow.
            return log(.note, "ignored append_entries from node \(sender), which claims to lead "
                + "term \(term) that this node leads; this is a bug, please report it")
        case .follower:
            followLeader(sender)
        }
        // 3. The leader is alive: wait a fresh election timeout before suspecting it, and
        //    (lease, PreVote) remember when it was last heard. A pre-vote under way is moot.
        lastLeaderContact = now
        preVotesReceived = nil
        resetElectionTimer()
        // 4. Election-only Raft: there is no log to check against prevLogIndex/prevLogTerm
        //    or to append to, so this node's log position stays as it is.
        send(.appendEntriesReply(term: currentTerm, success: true), to: sender)
    }

    // MARK: - PreVote (dissertation §9.6)

    /// PreVote, step 1: instead of moving to the next term at once, ask every member whether
    /// it would vote for us in it. Nothing is persisted and no term changes, so a node that
    /// cannot win (partitioned away, or alone in missing the leader) disturbs nobody.
    private mutating func startPreVote(because reason: String, at now: Instant) {
        // A candidate whose election failed goes back to asking first. The shared `Role` has
        // no pre-candidate, so it is a follower again, of its own term, and says so.
        if role == .candidate {
            becomeFollower(term: currentTerm, leader: nil,
                           because: "its election found no winner; it asks for a pre-vote "
                               + "before standing again")
        }
        leader = nil
        preVotesReceived = [id]
        log(.preVoteStarted, "started a pre-vote for term \(currentTerm + 1), staying at term "
            + "\(currentTerm): \(reason)")
        // A pre-vote that finds no majority is tried again after a fresh timeout.
        resetElectionTimer()
        if preVotesReceived?.count ?? 0 >= quorum {
            return becomeCandidate(because: "it needs no other member's vote", at: now)
        }
        broadcast(.preVote(term: currentTerm + 1, lastLogIndex: persistentState.lastLogIndex,
                           lastLogTerm: persistentState.lastLogTerm))
    }

    /// PreVote, step 2 (the voter): would this node vote for the asker in `term`? It answers
    /// without changing its term, its vote or its timer.
    private mutating func onPreVote(term: UInt64, lastLogIndex: UInt64, lastLogTerm: UInt64,
                                    from asker: NodeID, at now: Instant) {
        // 1. The asker would stand in a term this node has reached already: it is behind,
        //    and our term in the reply tells it so.
        if term <= currentTerm {
            return refusePreVote(to: asker, term: term,
                                 because: "this node is at term \(currentTerm) already")
        }
        // 2. §9.6: a node that hears from a live leader has no reason to replace it. A
        //    follower remembers the refusal, in case it learns next that the leader is gone.
        if hearsLiveLeader(at: now) {
            if role == .follower, let leader {
                preVotesRefusedInLease[asker] = PreVoteRefusedInLease(
                    term: term, lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm,
                    leader: leader, refusedAt: now)
            }
            return refusePreVote(to: asker, term: term,
                                 because: "it still hears from a live leader (\(leaseText(at: now)))")
        }
        // 3. §5.4.1, as in a real vote: the asker could not win with a log behind ours.
        if let behind = logBehindReason(lastLogIndex: lastLogIndex, lastLogTerm: lastLogTerm) {
            return refusePreVote(to: asker, term: term, because: behind)
        }
        // 4. Say yes, echoing the term asked about. Nothing to persist: no vote was cast.
        grantPreVote(to: asker, term: term, because: "pre-vote")
    }

    private mutating func grantPreVote(to asker: NodeID, term: UInt64, because reason: String) {
        log(.preVoteGranted, "would vote for node \(asker) in term \(term) (\(reason); "
            + "it stays at term \(currentTerm))")
        send(.preVoteReply(term: term, voteGranted: true), to: asker)
    }

    /// A pre-vote refused in step 2 only because the leader was still heard.
    private struct PreVoteRefusedInLease {
        let term: UInt64
        let lastLogIndex: UInt64
        let lastLogTerm: UInt64
        /// The leader whose lease the refusal relied on.
        let leader: NodeID
        let refusedAt: Instant
    }

    /// PreVote with connection-loss detection, step 2b (the voter, told its leader's
    /// connection is gone): grant the pre-votes it refused shortly before only because it
    /// still heard that leader. A dying leader's connections close one at a time, so one
    /// survivor's pre-vote can arrive before the other survivor's own hint; had the hint come
    /// first, the answer would have been yes, and it is yes now if what else step 2 checks
    /// still holds: the asker still wants a term above ours, and its log is still as up to
    /// date as ours. A heartbeat between the refusal and the hint does not cancel it: the
    /// leader sent it before its connection closed, and the close, reported after everything
    /// sent on that connection, is the newer news. The refusal must be recent, within the
    /// shortest election timeout: the asker waits at least that long before it asks again,
    /// so a later answer would most likely find its round over. A follower that is not told
    /// the leader is gone keeps its refusal, so one broken link still cannot depose a leader
    /// the others hear, and a follower that is told would have granted a pre-vote arriving
    /// after the hint anyway: the hint still lowers only its own suspicion.
    private mutating func grantPreVotesRefusedInLease(by lostLeader: NodeID, at now: Instant) {
        let refused = preVotesRefusedInLease
        preVotesRefusedInLease = [:]
        for (asker, refusal) in refused.sorted(by: { $0.key < $1.key }) {
            guard refusal.leader == lostLeader,
                  now - refusal.refusedAt < settings.electionTimeoutMin,
                  refusal.term > currentTerm,
                  logBehindReason(lastLogIndex: refusal.lastLogIndex,
                                  lastLogTerm: refusal.lastLogTerm) == nil
            else { continue }
            grantPreVote(to: asker, term: refusal.term,
                         because: "a pre-vote refused \((now - refusal.refusedAt).secondsText) ago under "
                             + "leader \(lostLeader)'s lease, granted now that the leader is known gone")
        }
    }

    private mutating func refusePreVote(to asker: NodeID, term: UInt64, because reason: String) {
        log(.preVoteRefused, "refused its pre-vote for term \(term) to node \(asker): \(reason)")
        send(.preVoteReply(term: currentTerm, voteGranted: false), to: asker)
    }

    /// PreVote, step 3: with a majority of yeses for `currentTerm + 1`, start the real
    /// election. Answers about another term, or arriving when no pre-vote is under way,
    /// count for nothing.
    private mutating func onPreVoteReply(term: UInt64, voteGranted: Bool, from voter: NodeID,
                                         at now: Instant) {
        guard voteGranted, term == currentTerm + 1, var tally = preVotesReceived else { return }
        tally.insert(voter)
        preVotesReceived = tally
        if tally.count >= quorum {
            let voters = tally.sorted().map(\.description).joined(separator: ", ")
            becomeCandidate(because: "won the pre-vote for term \(term) with nodes \(voters)", at: now)
        }
    }

    // MARK: - Leader lease (dissertation §4.2.3)

    /// Whether this node heard from a live leader within the shortest election timeout, the
    /// time within which no follower of a healthy leader should have timed out. A leader
    /// counts as hearing itself.
    func hearsLiveLeader(at now: Instant) -> Bool {
        if role == .leader { return true }
        guard leader != nil, let lastLeaderContact else { return false }
        return now - lastLeaderContact < settings.electionTimeoutMin
    }

    private func leaseText(at now: Instant) -> String {
        if role == .leader { return "itself" }
        let leaderText = leader.map { "node \($0)" } ?? "its leader"
        let ago = lastLeaderContact.map { (now - $0).secondsText } ?? "?"
        return "\(leaderText), \(ago) ago, within the shortest election timeout "
            + settings.electionTimeoutMin.secondsText
    }

    // MARK: - CheckQuorum (dissertation §6.2)

    /// Why this leader should step down: fewer than a majority of the members (itself
    /// included) were heard from within the shortest election timeout. `nil` when enough
    /// were. A follower gets one election timeout from the start of the term to answer.
    /// A peer that said it is leaving counts as silent at once, grace or not.
    private func quorumSilence(at now: Instant) -> String? {
        let window = settings.electionTimeoutMin
        let since = leaderSince ?? now
        let heard = peers.filter { peer in
            guard !departedPeers.contains(peer) else { return false }
            let last = max(lastHeard[peer] ?? since, since)
            return now - last < window
        }
        guard heard.count + 1 < quorum else { return nil }
        let departed = departedPeers.isEmpty ? "" : " (gone: "
            + departedPeers.sorted().map { "node \($0)" }.joined(separator: ", ") + " said so)"
        return "heard from only \(heard.count + 1) of \(members.count) members (itself included) "
            + "within \(window.secondsText)\(departed), fewer than the \(quorum) needed to lead "
            + "(CheckQuorum, §6.2)"
    }

    // MARK: - Leadership transfer (dissertation §3.10)

    /// Hand-over, step 1 (the leader, stopping): tell a live follower to stand at once.
    /// Election-only Raft has no match index (as far as the leader knows every follower's
    /// log is as long as its own), so "up to date" means live: heard from within the
    /// shortest election timeout, and not gone since (`leaving`). Among those it picks the
    /// lowest id, the one that connection-loss detection's stagger also puts first, so the
    /// others' lost-connection hints, which arrive as we exit, do not make them race the
    /// hand-over.
    /// - Returns: the follower told, or `nil` when none is live.
    private mutating func handOverLeadership(at now: Instant) -> NodeID? {
        let live = peers.filter { peer in
            !departedPeers.contains(peer)
                && (lastHeard[peer].map { now - $0 < settings.electionTimeoutMin } ?? false)
        }
        guard let target = live.first else {
            log(.note, "could not hand over leadership: no follower answered within "
                + settings.electionTimeoutMin.secondsText)
            return nil
        }
        log(.note, "hands leadership of term \(currentTerm) over to node \(target) before stopping "
            + "(timeout_now, §3.10)")
        send(.timeoutNow(term: currentTerm), to: target)
        return target
    }

    /// Hand-over, step 2 (the chosen follower): stand now, in the next term, skipping PreVote
    /// and marking the vote requests as a transfer so that the others' leases let them
    /// through. Only a follower of the sender's term obeys.
    private mutating func onTimeoutNow(term: UInt64, from sender: NodeID, at now: Instant) {
        guard role == .follower else { return }
        becomeCandidate(because: "leader \(sender) handed leadership over to it (timeout_now)",
                        leadershipTransfer: true, at: now)
    }

    // MARK: - Connection-loss detection

    /// The transport says the connection to `peer` was closed, reset or refused. When
    /// `peer` is our leader and `fastDetection` is on, it is most likely dead, so this
    /// follower stops trusting its lease on it (so that it will vote) and stands after a
    /// stagger by its rank among the presumed survivors, instead of waiting a whole
    /// election timeout. It does not forget the leader: a heartbeat arriving meanwhile (the
    /// link came back) resets the timer as usual, and the others vote by their own view, so
    /// one broken link cannot depose a leader they still hear. Any other peer: nothing.
    private mutating func onPeerUnreachable(_ peer: NodeID, at now: Instant) {
        presumeLeaderGone(peer, news: "its connection to leader \(peer) was lost", at: now)
    }

    /// Fast detection's step, for a follower told (`news`) that `peer`, its leader, is
    /// gone: drop the lease and stand after a stagger by rank among the presumed survivors.
    /// Nothing when `peer` is not its leader or the option is off.
    private mutating func presumeLeaderGone(_ peer: NodeID, news: String, at now: Instant) {
        guard settings.fastDetection, role == .follower, peer == leader else { return }
        lastLeaderContact = nil
        leaderGoneNews = news
        // Survivors stand one stagger apart, by increasing id, so that they do not all ask
        // for votes at the same instant and split them.
        let survivors = members.filter { $0 != peer }
        let rank = survivors.firstIndex(of: id) ?? 0
        electionTimeout = settings.fastDetectionStagger * rank
        log(.leaderLost, "\(news); stands in "
            + "\(electionTimeout.secondsText) (rank \(rank) of \(survivors.count) survivors, "
            + "\(settings.fastDetectionStagger.secondsText) apart) instead of its election timeout")
        setTimer(Self.electionTimer, after: electionTimeout)
        // Pre-votes refused a moment ago on this leader's behalf are now a yes.
        grantPreVotesRefusedInLease(by: peer, at: now)
    }

    // MARK: - Leaving (a follower's graceful stop)

    /// A peer stopped gracefully and said so (`leaving`, sent with `handOverOnStop`). It is
    /// known gone: what the transport's lost-connection hint would say, but certain (the
    /// peer said so itself, where a closed connection may be a flaky link) and sooner (one
    /// link delay, not a close and a refused reconnect). It is worth that, and no more:
    /// - Until it speaks again it is not heard from: CheckQuorum counts it silent, and a
    ///   hand-over does not pick it. A leader that this leaves without a majority steps down
    ///   now, not at its next heartbeat (nor an election timeout later, as without the
    ///   message): §6.2 wants a leader that cannot reach a majority to stop acting as one,
    ///   and waiting would only confirm what the peer said.
    /// - It moves no term (see `termRule`) and deposes nobody. A follower keeps its leader
    ///   and its lease when another follower leaves: the lease (§4.2.3) protects a leader
    ///   that is still heard, one peer fewer says nothing about that leader, and dropping
    ///   the lease would let a disruptive candidate through, the very thing the lease is
    ///   for. Only when the peer leaving is the leader this follower still follows (it stepped
    ///   down, and then stopped, before this node heard of it) is it news about the leader,
    ///   acted on exactly as the hint is: with fast detection, drop the lease and stand
    ///   after the stagger.
    /// - PreVote (§9.6): a voter's answer does not change, since it depends on a live
    ///   leader and on logs, not on who else is up. An asker withdraws the leaving peer's
    ///   yes: a pre-vote forecasts a real vote, which a stopped node will never cast, and
    ///   counting it could start a real election, and raise a term, that cannot be won. A
    ///   real vote already granted stays counted: its voter persisted it for this term
    ///   (§5.2), and cannot give it to anyone else, whatever becomes of it.
    private mutating func onLeaving(from peer: NodeID, term: UInt64, at now: Instant) {
        departedPeers.insert(peer)
        preVotesReceived?.remove(peer)
        preVotesRefusedInLease[peer] = nil  // nobody left to answer
        log(.peerLeaving, "node \(peer) is leaving (it stopped gracefully at term \(term)); "
            + "it counts as not heard from until it speaks again")
        switch role {
        case .leader:
            guard settings.checkQuorum, let silence = quorumSilence(at: now) else { return }
            becomeFollower(term: currentTerm, leader: nil, because: silence)
        case .follower:
            presumeLeaderGone(peer, news: "leader \(peer) said it is leaving", at: now)
        case .candidate:
            break
        }
    }

    /// Why the election timer fired, for the story: a whole timeout of silence, or news
    /// that the leader is gone.
    private func electionReason() -> String {
        let waited = electionTimeout.secondsText
        if let leaderGoneNews {
            return "\(leaderGoneNews), and it waited its turn (\(waited))"
        }
        if role == .candidate { return "the election for term \(currentTerm) found no winner within \(waited)" }
        return leader.map { "heard nothing from leader \($0) for \(waited)" }
            ?? "heard from no leader for \(waited)"
    }

    // MARK: - Role changes

    /// §5.2: start an election. Move to the next term, vote for ourselves, and ask every
    /// other member for its vote. `leadershipTransfer` marks the requests of a hand-over.
    private mutating func becomeCandidate(because reason: String, leadershipTransfer: Bool = false,
                                          at now: Instant) {
        // 1. A new term, with our own vote in it.
        role = .candidate
        leader = nil
        preVotesReceived = nil
        persistentState.currentTerm += 1
        persistentState.votedFor = id
        votesReceived = [id]
        log(.electionStarted, "became candidate at term \(currentTerm) and voted for itself: \(reason)")
        // 2. Persist the term and vote before any other node can hear of them.
        persist()
        // 3. A fresh random timeout: if the vote splits, a new election starts when it fires.
        resetElectionTimer()
        // 4. A single-member cluster has its majority already; otherwise ask for votes.
        if votesReceived.count >= quorum {
            return becomeLeader(at: now)
        }
        broadcast(.requestVote(term: currentTerm, lastLogIndex: persistentState.lastLogIndex,
                               lastLogTerm: persistentState.lastLogTerm,
                               leadershipTransfer: leadershipTransfer))
    }

    /// §5.2: a candidate with votes from a majority of the configured members leads this
    /// term. It stays leader until it sees a newer term, or, with CheckQuorum, until a
    /// majority falls silent.
    private mutating func becomeLeader(at now: Instant) {
        role = .leader
        leader = id
        leaderSince = now
        // A leader has no election timeout; its heartbeats hold everyone else's back.
        cancelTimer(Self.electionTimer)
        let voters = votesReceived.sorted().map(\.description).joined(separator: ", ")
        log(.becameLeader, "became leader at term \(currentTerm) with votes from nodes \(voters) "
            + "(\(quorum) of \(members.count) configured members needed)")
        // Heartbeats at once, so that other candidates of this term stand down and no
        // follower times out while it waits for the first one.
        sendHeartbeats()
    }

    /// Return to follower (§5.1, §5.2): on a message from a newer term, when a candidate
    /// hears from the leader of its own term, (CheckQuorum) when a leader loses its
    /// majority, or (PreVote) when a candidate's election times out. A newer term clears the
    /// vote and is persisted.
    private mutating func becomeFollower(term: UInt64, leader newLeader: NodeID?,
                                         because reason: String) {
        let previousRole = role
        let previousTerm = currentTerm
        let previousLeader = leader
        if term > currentTerm {
            persistentState.currentTerm = term
            persistentState.votedFor = nil
        }
        role = .follower
        votesReceived = []
        preVotesReceived = nil
        if term > previousTerm || previousRole == .leader {
            leader = nil
            leaderSince = nil
        }

        switch previousRole {
        case .leader:
            log(.becameFollower, "stepped down at term \(currentTerm) after leading term "
                + "\(previousTerm): \(reason)")
        case .candidate:
            log(.becameFollower, "became follower at term \(currentTerm): \(reason)")
        case .follower:
            let forgetting = previousLeader.map { ", forgetting leader \($0)" } ?? ""
            log(.becameFollower, "moved to term \(currentTerm) as follower\(forgetting): \(reason)")
        }
        if term > previousTerm { persist() }

        if previousRole == .leader {
            // Back to waiting for a leader, with an election timer of our own again.
            cancelTimer(Self.heartbeatTimer)
            resetElectionTimer()
        }
        if let newLeader { followLeader(newLeader) }
    }

    /// Records the leader of the current term, telling the story when it changes.
    private mutating func followLeader(_ newLeader: NodeID) {
        guard leader != newLeader else { return }
        leader = newLeader
        log(.leaderChanged, "now follows node \(newLeader), leader of term \(currentTerm)")
    }

    private mutating func sendHeartbeats() {
        broadcast(.appendEntries(term: currentTerm, prevLogIndex: persistentState.lastLogIndex,
                                 prevLogTerm: persistentState.lastLogTerm, leaderCommit: 0))
        setTimer(Self.heartbeatTimer, after: settings.heartbeatInterval)
    }

    // MARK: - Effects

    /// §5.2: every reset draws a new timeout uniformly from [min, max), so that nodes whose
    /// timers were reset together still time out at different moments. A normal reset ends
    /// any wait for our turn after a lost connection.
    private mutating func resetElectionTimer() {
        leaderGoneNews = nil
        electionTimeout = random.duration(from: settings.electionTimeoutMin,
                                          below: settings.electionTimeoutMax)
        setTimer(Self.electionTimer, after: electionTimeout)
    }

    private mutating func send(_ message: RaftMessage, to peer: NodeID) {
        outbox.append(.send(message, to: peer))
    }

    private mutating func broadcast(_ message: RaftMessage) {
        outbox.append(.broadcast(message))
    }

    private mutating func setTimer(_ timer: TimerID, after delay: Duration) {
        outbox.append(.setTimer(timer, after: delay))
    }

    private mutating func cancelTimer(_ timer: TimerID) {
        outbox.append(.cancelTimer(timer))
    }

    private mutating func persist() {
        outbox.append(.persist(persistentState))
    }

    private mutating func log(_ kind: Event.Kind, _ sentence: String) {
        outbox.append(.log(Event(kind, sentence, term: currentTerm)))
    }
}
