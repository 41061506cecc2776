import Election

extension ConformanceSuite {
    /// Status agrees with the last effects. The log events that name a role:
    /// - `became_leader`: the node leads, and believes in itself;
    /// - `election_started`, `became_candidate`: the node is a candidate;
    /// - `became_follower`, `leader_changed`: the node follows (after `leader_changed`, a
    ///   leader other than itself).
    /// For every input of every run:
    /// 1. When the effects log such events, the last one names the role the status reports
    ///    after the input, and, when it carries a term, the status's term.
    /// 2. When the role the status reports changes, the effects log such an event: nobody
    ///    becomes leader, or stops being one, without saying so. (A node that starts is
    ///    compared with a blank follower.)
    func statusAgreesWithEffectsFindings() -> [String] {
        seeds.flatMap { seed in
            journaledRun(seed: seed).flatMap { statusFindings(of: $0, seed: seed) }
        }
    }

    func statusFindings(of step: HandledInput<Node>, seed: UInt64) -> [String] {
        let status = step.after.status
        let where_ = "seed \(seed): node \(step.node), handling \(step.input) at \(step.time)"
        let roleEvents = step.effects.compactMap { effect -> (event: Event, role: Role)? in
            guard case .log(let event) = effect, let role = Self.role(named: event.kind) else { return nil }
            return (event, role)
        }
        var findings: [String] = []
        if let (event, role) = roleEvents.last {
            if status.role != role {
                findings.append("\(where_), logged \(event.kind) (\"\(event.message)\") but reports \(status)")
            }
            if let term = event.term, term != status.term {
                findings.append("\(where_), logged \(event.kind) for term \(term) but reports \(status)")
            }
            if event.kind == .becameLeader && status.leader != step.node {
                findings.append("\(where_), logged became_leader but believes in leader \(status.leader.map(String.init(describing:)) ?? "none")")
            }
            if event.kind == .leaderChanged && (status.leader == nil || status.leader == step.node) {
                findings.append("\(where_), logged leader_changed but reports \(status)")
            }
        }
        if status.role != step.statusBefore.role && roleEvents.isEmpty {
            findings.append("\(where_), went from \(step.statusBefore.role) to \(status.role) without logging it")
        }
        return findings
    }

    /// The role a log event says the node now has, if it says one.
    static func role(named kind: Event.Kind) -> Role? {
        switch kind {
        case .becameLeader: .leader
        case .electionStarted, .becameCandidate: .candidate
        case .becameFollower, .leaderChanged: .follower
        default: nil
        }
    }
}
