import Election
import Raft

/// Raft's safety under chaos (§5.2 and Figure 3 of the Raft paper), checked at every step:
///
/// - **Election Safety**: at most one leader per term.
/// - **One vote per term**: no node votes for two candidates in one term, counted from the
///   votes on its disk and from the granted replies it really sent, across all its lives.
/// - **Vote before reply**: a granted vote reply leaves only once the vote is on disk
///   (Figure 2: "updated on stable storage before responding to RPCs").
/// - **Terms never go back**: not within one life, not on disk, and not across a restart
///   (a node starts at least at the highest term it ever persisted).
///
/// Checked from what the simulator performed and stored, not from what the node intended:
/// a crash within an input, a slow write or a failed write changes exactly those.
///
/// Generic so that it also watches wrappers of `RaftNode` (the tests check it catches a
/// Raft that forgets to persist its vote).
public final class RaftChaosCheck<Node: ElectionProtocol>: ChaosSafetyCheck
    where Node.Message == RaftMessage, Node.DurableState == RaftPersistentState
{
    public private(set) var violations: [String] = []
    /// Who led each term, and since when.
    private var leaderOfTerm: [UInt64: (leader: NodeID, since: Instant)] = [:]
    /// Per node, per term, the candidate it voted for.
    private var votes: [NodeID: [UInt64: NodeID]] = [:]
    /// Per node, the highest term it has stored.
    private var highestPersistedTerm: [NodeID: UInt64] = [:]
    private var grantedReplies = 0
    private var writes = 0

    /// Raft's rules are the same whoever leads.
    public init(highestRunningIdLeads: Bool) {}

    public var checked: [(what: String, count: Int)] {
        [("terms with a leader", leaderOfTerm.count), ("granted vote replies", grantedReplies),
         ("durable writes", writes)]
    }

    public static func invariants(highestRunningIdLeads: Bool) -> [String] {
        ["at most one leader per term",
         "no node votes for two candidates in one term (from its disk and the replies it sent)",
         "a vote is on disk before its reply leaves",
         "a node's term never goes back: within one life, on disk, or across a restart"]
    }

    public func observe(transitionOf node: NodeID, at time: Instant, before: NodeStatus?, after: NodeStatus,
                        persisted: RaftPersistentState?) {
        if let before, after.term < before.term {
            violations.append("node \(node)'s term went back from \(before.term) to \(after.term) at \(time)")
        }
        if let stored = highestPersistedTerm[node], after.term < stored {
            violations.append("node \(node) is at term \(after.term) at \(time), below term \(stored) "
                              + "that it had persisted")
        }
        if let persisted { notePersisted(persisted, by: node, at: time) }
        guard after.isLeader else { return }
        if let earlier = leaderOfTerm[after.term] {
            if earlier.leader != node {
                violations.append("two leaders in term \(after.term): node \(earlier.leader) since \(earlier.since) "
                                  + "and node \(node) at \(time)")
            }
        } else {
            leaderOfTerm[after.term] = (node, time)
        }
    }

    public func observe(effectsOf node: NodeID, at time: Instant, _ effects: [Effect<RaftMessage, RaftPersistentState>],
                        persisted: RaftPersistentState?) {
        for effect in effects {
            switch effect {
            case .persist(let state):
                writes += 1
                notePersisted(state, by: node, at: time)
            case .send(.requestVoteReply(let term, voteGranted: true), let candidate):
                grantedReplies += 1
                noteVote(by: node, in: term, for: candidate, at: time, source: "a granted reply")
                let isOnDisk = persisted.map {
                    $0.currentTerm > term || ($0.currentTerm == term && $0.votedFor == candidate)
                } ?? false
                if !isOnDisk {
                    violations.append("node \(node) granted its vote in term \(term) to node \(candidate) at \(time) "
                                      + "before the vote was on disk (disk: \(persisted.map(\.description) ?? "empty"))")
                }
            default:
                break
            }
        }
    }

    private func notePersisted(_ state: RaftPersistentState, by node: NodeID, at time: Instant) {
        let highest = highestPersistedTerm[node] ?? 0
        if state.currentTerm < highest {
            violations.append("node \(node) persisted term \(state.currentTerm) at \(time) after term \(highest)")
        }
        highestPersistedTerm[node] = max(highest, state.currentTerm)
        if let candidate = state.votedFor {
            noteVote(by: node, in: state.currentTerm, for: candidate, at: time, source: "its disk")
        }
    }

    private func noteVote(by node: NodeID, in term: UInt64, for candidate: NodeID, at time: Instant, source: String) {
        if let earlier = votes[node]?[term] {
            if earlier != candidate {
                violations.append("node \(node) voted twice in term \(term): for node \(earlier), then for node "
                                  + "\(candidate) (seen in \(source)) at \(time)")
            }
        } else {
            votes[node, default: [:]][term] = candidate
        }
    }
}

extension RaftNode: ChaosAlgorithm {
    public typealias SafetyCheck = RaftChaosCheck<RaftNode>

    /// Ten maximum election timeouts: room for about nine split votes in a row.
    public static var recoveryBound: Duration { chaosSettings.electionTimeoutMax * 10 }

    public static func recoveryInvariant(highestMustLead: Bool) -> String {
        "after the faults stop (a majority running), a leader that every running node agrees on within "
            + ReportNumber.milliseconds(Double(recoveryBound.nanoseconds) / 1e6)
    }

    /// A minority may stay down; the majority must be there to elect.
    public static func mayStayDown(size: Int) -> Int { (size - 1) / 2 }
}
