import Election

/// The Bully algorithm (Hector Garcia-Molina, "Elections in a Distributed Computing
/// System", IEEE Transactions on Computers C-31(1), 1982) as a pure state machine.
///
/// The rule: of the nodes that are alive, the one with the highest id leads. A node that
/// finds itself without a leader *holds an election*:
///
/// 1. It sends ELECTION to every node with a higher id.
/// 2. Every higher node that is alive sends back ANSWER and holds an election of its own.
///    The lower node stands down and waits for the winner's COORDINATOR.
/// 3. If no ANSWER arrives in time, no higher node is alive: the node broadcasts
///    COORDINATOR and leads.
///
/// Higher ids always win, hence the name: a node that starts, restarts, or hears a lower
/// node claim to lead holds an election and takes over. The Bully algorithm assumes a
/// network that delivers every message in time. When the network splits, each side elects
/// its own leader (split brain) until it heals; the same paper's Invitation algorithm is
/// Garcia-Molina's answer to that, Raft's majority rule is another.
///
/// Failure detection: the leader broadcasts HEARTBEAT every `heartbeatInterval`; a
/// follower that hears nothing from it for `failureTimeout` holds an election.
///
/// The node keeps nothing on disk (`NoDurableState`). Its *epoch* numbers leaderships for
/// status and logs, like a Raft term that decides nothing: a new leader announces one more
/// than the highest epoch it has seen. A restarted node has seen none yet, so its first
/// epoch may be lower than the cluster's; in Bully, ids decide who leads, not epochs.
/// A node's status reports the epoch of the leadership it follows, so every node that
/// follows the same leader shows the same number.
///
/// Beyond the textbook, three rules each behind their own setting (all off by default):
///
/// - **Known-down peers** (`fastDetect`, and LEAVING from `handOver`). A node remembers the
///   peers whose connection closed (for `failureTimeout`: the news may be stale) or who
///   said they are leaving, until it hears from them again (a node that starts with
///   either option says HELLO to everyone, since its election speaks to higher ids only).
///   An election does not wait for them: if every higher node is known down, the node
///   leads at once (still asking them, so one wrongly thought down answers and takes
///   over). A closed connection
///   to the *leader* starts the election at once; one to any other peer only marks it.
///   A hint never outweighs evidence: hearing from a peer clears its mark, so a follower
///   whose leader speaks after the hint follows it again. A wrong hint (a link broken while
///   the leader lives) can make the node on that link announce itself; in the classic
///   variant the healthy leader is higher and takes its place back as soon as it hears
///   the announcement, so leadership flickers for one round trip and is never lost to a
///   hint. A hint is about the peer's process that the transport failed to reach; it never
///   comes after the peer's next process has spoken (the simulator and the live transport
///   both drop such stale hints), so a node that restarted, said HELLO and led is not
///   skipped on the word of a refusal from before. (In the sticky variant a node above its leader, a returned higher id, keeps
///   the place it took: the one classic would have given it.) If a node's HELLO is lost,
///   a lower node may go on skipping it; should the leader then leave, both may lead for
///   one round trip, until the higher one's COORDINATOR arrives.
/// - **Graceful hand-over** (`handOver`). A stopping node broadcasts LEAVING (and, with
///   either option, a starting node broadcasts HELLO, so no peer keeps skipping it). When
///   the leader leaves, the highest remaining node (all higher ones known down) leads at
///   once; the others wait for its COORDINATOR instead of each holding an election (or
///   follow it at once if its COORDINATOR, in a newer epoch, came first). Both messages
///   carry the sender's `life`: a LEAVING from another life than the latest HELLO said is
///   from a process that has since been replaced, delivered late, and is ignored.
/// - **Sticky** (`variant: .sticky`). A starting node listens before it speaks, followers
///   keep a leader they hear, candidates join a leader they hear, and a leader challenged
///   by a lower claim just announces itself again. The highest live id no longer always
///   leads; see `BullyVariant`.
public struct BullyNode: ElectionProtocol {
    public typealias Message = BullyMessage
    public typealias Settings = BullySettings
    public typealias DurableState = NoDurableState

    public static let algorithmName = "bully"

    /// Where a node is in an election it holds.
    public enum ElectionStage: Hashable, Sendable {
        /// Not holding an election: following a leader, or leading.
        case notElecting
        /// ELECTION sent to the higher nodes; waiting up to `answerTimeout` for an ANSWER.
        case waitingForAnswer
        /// A higher node answered; waiting up to `coordinatorTimeout` for a COORDINATOR.
        case waitingForCoordinator
    }

    public let id: NodeID
    /// The configured membership, in increasing id order (this node included).
    public let members: [NodeID]
    /// The members with a higher id than this node: the only ones that may bully it.
    public let higherNodes: [NodeID]
    public let settings: BullySettings
    /// This process's life: a number drawn at start (1 to `BullyMessage.largestLife`) and
    /// carried in HELLO and LEAVING, so that peers can tell this process's LEAVING from one
    /// its predecessor sent (a restarted node keeps its id, not its life).
    public let life: UInt64

    public private(set) var role: Role = .follower
    /// The leader this node believes in, or `nil` while it knows of none.
    public private(set) var leader: NodeID?
    /// The highest epoch this node has seen or announced; the next leader it elects
    /// announces one more.
    public private(set) var epoch: UInt64 = 0
    /// The epoch of the leadership this node follows or leads, which is what its status
    /// reports as `term`. It can be below `epoch`: a restarted highest node announces a low
    /// epoch, and its followers show that one, so the whole cluster shows the same number.
    public private(set) var leaderEpoch: UInt64 = 0
    public private(set) var electionStage: ElectionStage = .notElecting
    /// True after `.stop`: the node ignores every later input.
    public private(set) var isStopped = false
    /// Why a peer is thought to be down, until it is heard from again.
    private enum DownMark: Equatable {
        /// Its connection closed at this time (`fastDetect`). Trusted for `failureTimeout`:
        /// long enough for the failover it speeds up, and no longer, because the news may
        /// be stale when it comes (a refused connect reported after the peer started and
        /// said HELLO), and skipping a live peer would let this node lead beside it.
        case connectionClosed(at: Instant)
        /// It said LEAVING: it stays out until it speaks again.
        case left
    }

    private var downMarks: [NodeID: DownMark] = [:]
    /// Each peer's life, as its latest HELLO (or, before any, its LEAVING) said.
    private var peerLives: [NodeID: UInt64] = [:]
    /// The epoch of the latest COORDINATOR each peer sent: a hand-over's successor may have
    /// announced itself before the old leader's LEAVING arrived (they travel on different
    /// connections).
    private var announcedEpochs: [NodeID: UInt64] = [:]
    /// The time of the input being handled, for the age of marks.
    private var now = Instant.start
    /// Senders outside the membership already reported once, so the log is not flooded.
    private var reportedStrangers: Set<NodeID> = []

    /// Creates a node. Its only random draw is its `life`, from `random`; it persists
    /// nothing, so `durable` is ignored.
    public init(id: NodeID, members: [NodeID], settings: BullySettings, random: SeededRandom,
                durable: NoDurableState?) {
        self.id = id
        self.members = Set(members + [id]).sorted()
        self.higherNodes = self.members.filter { $0 > id }
        self.settings = settings
        var random = random
        self.life = UInt64.random(in: 1...BullyMessage.largestLife, using: &random)
    }

    public var status: NodeStatus {
        NodeStatus(id: id, role: role, leader: leader, term: role == .candidate ? epoch : leaderEpoch)
    }

    public mutating func handle(_ input: Input<BullyMessage>, at now: Instant) -> Effects {
        guard !isStopped else { return [] }
        self.now = now
        switch input {
        case .start:
            return onStart()
        case .receive(let message, let sender):
            guard sender != id, members.contains(sender) else { return onStranger(sender, sent: message) }
            // Hearing from a peer proves it is up, whatever hint came before.
            downMarks[sender] = nil
            switch message {
            case .election: return onElection(from: sender)
            case .answer: return onAnswer(from: sender)
            case .coordinator(let epoch):
                announcedEpochs[sender] = epoch
                return onLeaderClaim(message, epoch: epoch, from: sender)
            case .heartbeat(let epoch):
                return onLeaderClaim(message, epoch: epoch, from: sender)
            case .leaving(let life): return onLeaving(from: sender, life: life)
            case .hello(let life):
                // Its mark is cleared above; its life tells its LEAVING from an older one's.
                if life != 0 { peerLives[sender] = life }
                announcedEpochs[sender] = nil  // a new process has announced nothing yet
                return []
            }
        case .timerFired(let timer):
            return onTimerFired(timer)
        case .peerUnreachable(let peer):
            return onPeerUnreachable(peer)
        case .stop(let graceful):
            return onStop(graceful: graceful)
        }
    }

    // MARK: - Starting and holding an election

    /// A node that starts or restarts knows no leader, and it may well be the highest live
    /// node, so it holds an election at once (the paper's recovery step). This is why a
    /// returning highest id takes leadership back from whoever replaced it; the sticky
    /// variant listens first instead, so that it does not.
    private mutating func onStart() -> Effects {
        let reason = "started as node \(id) of \(list(members))"
        // Peers may hold me for down (I said LEAVING, or my connections closed). My
        // election speaks to higher ids only, so tell everyone I am back.
        let hello: Effects = settings.handOver || settings.fastDetect ? [.broadcast(.hello(life: life))] : []
        // Sticky: a healthy leader may exist; find out before bullying it.
        if settings.variant == .sticky && members.count > 1 {
            return hello + listenForLeader(because: reason)
        }
        return hello + holdElection(because: reason)
    }

    /// Sticky only: follow whichever leader speaks within `failureTimeout` (its heartbeats
    /// come every `heartbeatInterval`); if none does, `onLeaderTimeout` holds the election.
    private mutating func listenForLeader(because reason: String) -> Effects {
        role = .follower
        leader = nil
        return [
            .log(Event(.listeningForLeader,
                "\(reason): listening up to \(settings.failureTimeout.exactMillisecondsText) for a leader "
                    + "to follow before holding an election (sticky)", term: epoch)),
            .setTimer(.leaderTimeout, after: settings.failureTimeout),
        ]
    }

    /// Garcia-Molina's election, steps 1 and 3 (step 2 is `onElection` at the higher nodes).
    private mutating func holdElection(because reason: String) -> Effects {
        // 1) Nobody is higher: no one to ask, so win at once.
        guard !higherNodes.isEmpty else {
            return becomeLeader(because: "\(reason); no member has a higher id than mine")
        }
        // 2) Drop the old leader and ask every higher node whether it is alive.
        role = .candidate
        leader = nil
        electionStage = .waitingForAnswer
        var effects: Effects = [
            .cancelTimer(.heartbeat), .cancelTimer(.leaderTimeout), .cancelTimer(.coordinatorTimeout),
            .log(Event(.electionStarted,
                       "\(reason): holding an election, sending ELECTION to \(list(higherNodes))",
                       term: epoch)),
        ]
        effects += higherNodes.map { .send(.election, to: $0) }
        // 3) Higher nodes known to be down will not answer: if that is all of them, lead now.
        //    (They were asked anyway: one wrongly thought down answers and takes over.)
        if higherNodes.allSatisfy(isKnownDown) {
            return effects + becomeLeader(because: "every higher node is known to be down")
        }
        // 4) Give them `answerTimeout` to answer; silence means they are all down.
        effects.append(.setTimer(.answerTimeout, after: settings.answerTimeout))
        return effects
    }

    /// Winning: announce a new epoch to everyone and start heartbeating.
    private mutating func becomeLeader(because reason: String) -> Effects {
        epoch += 1
        leaderEpoch = epoch
        role = .leader
        leader = id
        electionStage = .notElecting
        return [
            .cancelTimer(.answerTimeout), .cancelTimer(.coordinatorTimeout), .cancelTimer(.leaderTimeout),
            .log(Event(.becameLeader, "\(reason): I am the leader (epoch \(epoch))", term: epoch)),
            .broadcast(.coordinator(epoch: epoch)),
            .setTimer(.heartbeat, after: settings.heartbeatInterval),
        ]
    }

    // MARK: - Messages

    /// Step 2 at a higher node: a lower node asked whether anyone higher is alive.
    private mutating func onElection(from sender: NodeID) -> Effects {
        guard sender < id else {
            // Only lower nodes send ELECTION upwards; this one sees the cluster differently.
            return [.log(Event(.note,
                "ignored an ELECTION from node \(sender), which has a higher id than mine; "
                    + "only lower nodes should send one, so check that both use the same --nodes list",
                term: epoch))]
        }
        // 1) Answer: I am higher and alive, so the lower node must not declare itself.
        var effects: Effects = [.send(.answer, to: sender)]
        // 2) Make sure the election ends with the right leader announced.
        switch role {
        case .leader:
            // Already the leader: tell the lower node so again instead of a new election.
            effects.append(.log(Event(.electionAnswered,
                "node \(sender) called an election: answered it and told it again that I am "
                    + "the leader (epoch \(epoch))", term: epoch)))
            effects.append(.send(.coordinator(epoch: epoch), to: sender))
        case .candidate:
            // Already holding an election: its outcome will be announced to everyone.
            effects.append(.log(Event(.electionAnswered,
                "node \(sender) called an election: answered it; I am already holding one",
                term: epoch)))
        case .follower:
            // Sticky: a leader I hear is healthy, so I do not take its place. If it is higher
            // than the sender, the sender asked it too and it answers; if not, the sender
            // joins it on its next heartbeat (see `onLeaderClaim`).
            if settings.variant == .sticky, let current = leader {
                effects.append(.log(Event(.electionAnswered,
                    "node \(sender) called an election: answered it, but I still hear leader \(current), "
                        + "so I keep following it instead of taking over (sticky)", term: epoch)))
                return effects
            }
            effects.append(.log(Event(.electionAnswered,
                "node \(sender) called an election: answered it, since I am higher and alive",
                term: epoch)))
            effects += holdElection(because: "taking over the election from node \(sender)")
        }
        return effects
    }

    /// A higher node is alive: stand down and wait for its COORDINATOR.
    private mutating func onAnswer(from sender: NodeID) -> Effects {
        // A late or second ANSWER belongs to an election already decided or already answered.
        guard electionStage == .waitingForAnswer, sender > id else { return [] }
        electionStage = .waitingForCoordinator
        return [
            .cancelTimer(.answerTimeout),
            .log(Event(.answerReceived,
                "node \(sender) answered: a higher node is alive, so I stand down and wait up to "
                    + "\(settings.coordinatorTimeout.exactMillisecondsText) for the winner's COORDINATOR",
                term: epoch)),
            .setTimer(.coordinatorTimeout, after: settings.coordinatorTimeout),
        ]
    }

    /// COORDINATOR and HEARTBEAT both say "I lead"; who says it decides what to do.
    private mutating func onLeaderClaim(_ claim: BullyMessage, epoch announced: UInt64,
                                        from sender: NodeID) -> Effects {
        // 1) Keep the highest epoch seen, so the next leader's epoch is higher still.
        //    A claim below it comes from a node that restarted and lost count, or that led
        //    the other side of a partition while this side moved on.
        let epochWasBehind = announced < epoch
        epoch = max(epoch, announced)
        // 2) A higher node leads: that is the rule, so follow it.
        if sender > id {
            return follow(sender, claim: claim, epoch: announced, epochWasBehind: epochWasBehind)
        }
        // 3) Sticky: a lower node leads, and a healthy leader keeps its place. Join it, unless
        //    I lead, or follow a higher leader, which hears the same broadcast and settles it.
        if settings.variant == .sticky && role != .leader {
            if let current = leader, current > sender { return [] }
            return follow(sender, claim: claim, epoch: announced, epochWasBehind: epochWasBehind)
        }
        // 4) A lower node claims to lead while I am alive and higher: bully it.
        //    If I am holding an election already, its result will be announced to all.
        guard role != .candidate else { return [] }
        // 5) I lead already, and the claim is older than my leadership: my COORDINATOR
        //    has answered it for everyone, so remind its sender only, in the same epoch.
        //    (Without this, every late heartbeat would start yet another epoch.)
        if role == .leader && announced < epoch {
            return [
                .log(Event(.lowerLeaderChallenged,
                    "\(claim) from node \(sender) is older than my leadership: reminding it that "
                        + "I am the leader (epoch \(epoch))", term: epoch)),
                .send(.coordinator(epoch: epoch), to: sender),
            ]
        }
        let sentence = "\(claim) from node \(sender), whose id is lower than mine: "
            + "I challenge its leadership"
        // 6) Sticky: I lead, so I announce myself again (a new epoch) rather than hold an
        //    election, which would ask higher nodes that chose to follow me to take over.
        if settings.variant == .sticky {
            return [.log(Event(.lowerLeaderChallenged, sentence, term: epoch))]
                + becomeLeader(because: "still leading (sticky)")
        }
        // 7) Classic: hold an election, which the highest live node wins.
        return [.log(Event(.lowerLeaderChallenged, sentence, term: epoch))]
            + holdElection(because: "challenging node \(sender)")
    }

    /// Accepts `newLeader` (a higher node) as leader, or notes that it is still alive.
    private mutating func follow(_ newLeader: NodeID, claim: BullyMessage, epoch announced: UInt64,
                                 epochWasBehind: Bool) -> Effects {
        leaderEpoch = announced
        // 1) The leader I follow is alive: restart the failure detector, nothing more.
        if role == .follower && leader == newLeader {
            return [.setTimer(.leaderTimeout, after: settings.failureTimeout)]
        }
        // 2) A new leader (or I was leading or electing): step down and follow it.
        let wasLeader = role == .leader
        role = .follower
        leader = newLeader
        electionStage = .notElecting
        var sentence = wasLeader
            ? "\(claim) from node \(newLeader), whose id is higher: I step down and follow it"
            : "\(claim) from node \(newLeader): following it as leader"
        if epochWasBehind {
            sentence += "; its epoch is below the \(epoch) I have seen (it restarted and lost count, "
                + "or it led the other side of a partition), but in Bully the higher id decides"
        }
        return [
            .cancelTimer(.heartbeat), .cancelTimer(.answerTimeout), .cancelTimer(.coordinatorTimeout),
            .log(Event(wasLeader ? .becameFollower : .leaderChanged, sentence, term: announced)),
            .setTimer(.leaderTimeout, after: settings.failureTimeout),
        ]
    }

    // MARK: - Known-down peers

    /// A transport hint: the connection to `peer` closed, as when its process died.
    private mutating func onPeerUnreachable(_ peer: NodeID) -> Effects {
        // The textbook learns of crashes from silence only.
        guard settings.fastDetect, peer != id, members.contains(peer) else { return [] }
        // 1) Remember it: until it speaks again, no election waits for it. (A peer that said
        //    LEAVING closes its connections next; that says nothing new.)
        if downMarks[peer] != .left { downMarks[peer] = .connectionClosed(at: now) }
        // 2) My leader's connection closed: hold the election now, not after `failureTimeout`.
        //    Only the leader's hint acts; any other is only remembered.
        if role == .follower && leader == peer {
            return [.log(Event(.leaderLost,
                "the connection to leader \(peer) closed: presuming it crashed (fast detection)",
                term: epoch))]
                + holdElection(because: "replacing leader \(peer)")
        }
        // 3) During an election, it may have been the last higher node worth waiting for.
        return [.log(Event(.peerKnownDown,
            "the connection to node \(peer) closed: no election of mine will wait for it", term: epoch))]
            + stopWaiting(for: peer)
    }

    /// A peer is stopping gracefully (`handOver` at the sender).
    private mutating func onLeaving(from sender: NodeID, life: UInt64) -> Effects {
        // 0) A LEAVING from another life than the peer's latest HELLO: its previous process
        //    said it, and it arrives after the new one started (on the old connection, slower
        //    than the new). Taking it would skip, or hand over from, a node that is back.
        if life != 0, let latest = peerLives[sender], latest != life {
            return [.log(Event(.note,
                "ignored LEAVING from node \(sender)'s earlier process (life \(life)): it has restarted since "
                    + "and said HELLO as life \(latest)", term: epoch))]
        }
        if life != 0 { peerLives[sender] = life }
        // 1) It said so itself: count it down, as a closed connection but certain.
        downMarks[sender] = .left
        announcedEpochs[sender] = nil
        // 2) My leader is leaving: the highest remaining node takes over.
        if role == .follower && leader == sender {
            return handOver(from: sender)
        }
        // 3) During an election, it may have been the last higher node worth waiting for.
        return [.log(Event(.peerKnownDown,
            "node \(sender) is leaving: no election of mine will wait for it", term: epoch))]
            + stopWaiting(for: sender)
    }

    /// The leader resigned. The highest node not known down leads at once; every other
    /// node waits for that one's COORDINATOR (and starts over, as usual, if none comes).
    private mutating func handOver(from resigned: NodeID) -> Effects {
        let remainingHigher = higherNodes.filter { !isKnownDown($0) }
        guard let successor = remainingHigher.max() else {
            return becomeLeader(because: "leader \(resigned) handed over and I am the highest remaining node")
        }
        // The successor's COORDINATOR, in an epoch after the one that resigned, overtook the
        // LEAVING (they come on different connections): it has taken over, so follow it.
        if let announced = announcedEpochs[successor], announced > leaderEpoch {
            return [.log(Event(.note,
                "leader \(resigned) is leaving, and node \(successor), the highest remaining, already announced "
                    + "epoch \(announced)", term: epoch))]
                + follow(successor, claim: .coordinator(epoch: announced), epoch: announced, epochWasBehind: false)
        }
        role = .candidate
        leader = nil
        electionStage = .waitingForCoordinator
        return [
            .cancelTimer(.leaderTimeout),
            // A candidate now, though it sends no ELECTION: the successor needs no asking.
            .log(Event(.becameCandidate,
                "leader \(resigned) is leaving: waiting up to \(settings.coordinatorTimeout.exactMillisecondsText) "
                    + "for node \(successor), the highest remaining, to take over", term: epoch)),
            .setTimer(.coordinatorTimeout, after: settings.coordinatorTimeout),
        ]
    }

    /// An election waits for answers (or the winner's COORDINATOR) from higher nodes; once
    /// every one of them is known down, nobody is left to wait for, so this node leads.
    private mutating func stopWaiting(for peer: NodeID) -> Effects {
        guard role == .candidate, electionStage != .notElecting, peer > id,
              higherNodes.allSatisfy(isKnownDown) else { return [] }
        return becomeLeader(because: "every higher node is known to be down")
    }

    /// Whether no election needs to wait for `peer`: it is marked down, and recently.
    private func isKnownDown(_ peer: NodeID) -> Bool {
        switch downMarks[peer] {
        case nil: return false
        case .left: return true
        case .connectionClosed(let since): return now - since < settings.failureTimeout
        }
    }

    /// The peers no election waits for, as of the last input (for status pages and tests).
    public var knownDown: Set<NodeID> { Set(downMarks.keys.filter(isKnownDown)) }

    /// A message from outside the configured membership (or from this node's own id).
    private mutating func onStranger(_ sender: NodeID, sent message: BullyMessage) -> Effects {
        guard reportedStrangers.insert(sender).inserted else { return [] }
        return [.log(Event(.note,
            "ignored \(message) from node \(sender), which is not another member of \(list(members)); "
                + "check that every node has the same --nodes list and a unique --id",
            term: epoch))]
    }

    // MARK: - Timers

    private mutating func onTimerFired(_ timer: TimerID) -> Effects {
        switch timer {
        case .heartbeat: return onHeartbeatTimer()
        case .leaderTimeout: return onLeaderTimeout()
        case .answerTimeout: return onAnswerTimeout()
        case .coordinatorTimeout: return onCoordinatorTimeout()
        default: return []
        }
    }

    /// The leader's pulse: tell every follower it is still alive.
    private mutating func onHeartbeatTimer() -> Effects {
        // A timer left over from an earlier leadership is simply dropped.
        guard role == .leader else { return [] }
        return [
            .broadcast(.heartbeat(epoch: epoch)),
            .setTimer(.heartbeat, after: settings.heartbeatInterval),
        ]
    }

    /// The leader has been silent for `failureTimeout`: presume it crashed, elect anew.
    private mutating func onLeaderTimeout() -> Effects {
        guard role == .follower else { return [] }
        guard let silentLeader = leader else {
            // Sticky: the listening after a start heard no leader, so there is none to keep.
            return holdElection(because: "heard no leader within \(settings.failureTimeout.exactMillisecondsText) "
                + "of starting")
        }
        let sentence = "heard nothing from leader \(silentLeader) for "
            + "\(settings.failureTimeout.exactMillisecondsText): presuming it crashed"
        return [.log(Event(.leaderLost, sentence, term: epoch))]
            + holdElection(because: "replacing leader \(silentLeader)")
    }

    /// Step 3 of the election: no higher node answered, so none is alive and I lead.
    private mutating func onAnswerTimeout() -> Effects {
        guard electionStage == .waitingForAnswer else { return [] }
        return becomeLeader(
            because: "no answer from a higher node within \(settings.answerTimeout.exactMillisecondsText)")
    }

    /// A higher node answered, then died before announcing itself: start over.
    private mutating func onCoordinatorTimeout() -> Effects {
        guard electionStage == .waitingForCoordinator else { return [] }
        let sentence = "a higher node answered but no COORDINATOR arrived within "
            + "\(settings.coordinatorTimeout.exactMillisecondsText): starting the election over"
        return [.log(Event(.coordinatorMissing, sentence, term: epoch))]
            + holdElection(because: "retrying")
    }

    // MARK: - Stopping

    /// Cancels every timer and goes quiet. With `handOver`, a graceful stop first tells
    /// every peer it is leaving; otherwise the others notice the silence after
    /// `failureTimeout` (or the closed connection, with `fastDetect`).
    private mutating func onStop(graceful: Bool) -> Effects {
        let wasLeader = role == .leader
        isStopped = true
        electionStage = .notElecting
        var effects: Effects = [
            .cancelTimer(.heartbeat), .cancelTimer(.leaderTimeout),
            .cancelTimer(.answerTimeout), .cancelTimer(.coordinatorTimeout),
        ]
        let sentence: String
        if graceful && settings.handOver {
            effects.append(.broadcast(.leaving(life: life)))
            sentence = wasLeader
                ? "stopping gracefully: told every node I am leaving, so the highest remaining one takes over at once"
                : "stopping gracefully: told every node I am leaving, so no election waits for me"
        } else {
            let how = graceful ? "stopping gracefully" : "stopping"
            let consequence = wasLeader
                ? "the other nodes will elect a new leader once they notice my silence"
                : "nothing more to do"
            sentence = "\(how): timers cancelled; \(consequence)"
        }
        effects.append(.log(Event(.nodeStopped, sentence, term: epoch)))
        return effects
    }

    // MARK: - Wording

    /// `node 4`, `nodes 4 and 5`, `nodes 3, 4 and 5`.
    private func list(_ ids: [NodeID]) -> String {
        let names = ids.map(String.init(describing:))
        guard let last = names.last else { return "no nodes" }
        if names.count == 1 { return "node \(last)" }
        return "nodes " + names.dropLast().joined(separator: ", ") + " and " + last
    }
}
