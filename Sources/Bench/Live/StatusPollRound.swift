import Election
import ElectionLive

/// One round of status queries: each node asked once, one after another, with the wall
/// clock read before the first and after the last. A change is seen by the round that
/// follows it, so a time taken from polling is late by at most one round period plus
/// the pause between rounds.
struct StatusPollRound: Sendable {
    /// When the round began and ended, in epoch milliseconds (`WallClock`).
    var startMs: Double
    var endMs: Double
    /// The reply of each node asked; `nil` for a node that did not answer.
    var replies: [NodeID: StatusReply?]

    init(startMs: Double, endMs: Double, replies: [NodeID: StatusReply?]) {
        self.startMs = startMs
        self.endMs = endMs
        self.replies = replies
    }

    /// The leader every asked node names, when they all answered, all name the same one,
    /// it is one of them, and it says it is the leader. (A dead leader that the others
    /// still believe in is not agreed on.)
    var agreedLeader: NodeID? {
        let answers = replies.values.compactMap { $0 }
        guard answers.count == replies.count, let leader = answers.first?.leader,
              answers.allSatisfy({ $0.leader == leader }),
              let leaderReply = answers.first(where: { $0.id == leader }), leaderReply.role == .leader
        else { return nil }
        return leader
    }

    /// `node 1: follower of 3, node 2: no answer`, for error messages.
    var summary: String {
        replies.keys.sorted().map { id in
            guard let reply = replies[id] ?? nil else { return "node \(id): no answer" }
            let belief = reply.role == .leader ? "leader" : "\(reply.role), leader \(reply.leader.map(String.init(describing:)) ?? "none")"
            return "node \(id): \(belief) (term \(reply.term))"
        }.joined(separator: "; ")
    }
}
