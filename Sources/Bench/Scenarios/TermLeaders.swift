import Election

/// Which nodes led in which term (Raft's term, Bully's epoch) during a trial: the check
/// behind "no term had two leaders", which split-brain time alone cannot make (a resumed
/// old leader may believe it leads for a while, but at an older term than the new one).
struct TermLeaders: Hashable, Sendable {
    private(set) var leaders: [UInt64: Set<NodeID>] = [:]

    init() {}

    mutating func led(_ node: NodeID, inTerm term: UInt64) {
        leaders[term, default: []].insert(node)
    }

    /// The terms in which more than one node led, oldest first.
    var termsWithTwoLeaders: [UInt64] {
        leaders.filter { $0.value.count > 1 }.keys.sorted()
    }

    /// For a trial's note: "no term had two leaders (2 terms with a leader)", or which did.
    var sentence: String {
        let doubled = termsWithTwoLeaders
        guard !doubled.isEmpty else {
            return "no term had two leaders (\(leaders.count) term\(leaders.count == 1 ? "" : "s") with a leader)"
        }
        return doubled.map { term in
            let nodes = (leaders[term] ?? []).sorted().map(\.description).joined(separator: ", ")
            return "term \(term) had two leaders (nodes \(nodes))"
        }.joined(separator: "; ")
    }
}

extension NodeEventTimeline {
    /// The leaders of each term from the nodes' own lines between `startMs` and `endMs`
    /// (epoch ms), counting what each node believed when the window opened: a leader
    /// elected before the window still leads in its term inside it.
    func termLeaders(from startMs: Double, to endMs: Double) -> TermLeaders {
        var result = TermLeaders()
        var leadingAtStart: [NodeID: UInt64] = [:]
        for event in events where event.timestampMs < endMs {
            let isLeaderClaim = event.role == .leader || event.kind == .becameLeader
            if event.timestampMs < startMs {
                if isLeaderClaim, let term = event.term {
                    leadingAtStart[event.node] = term
                } else if event.role != nil {
                    leadingAtStart[event.node] = nil
                }
            } else if isLeaderClaim, let term = event.term {
                result.led(event.node, inTerm: term)
            }
        }
        for (node, term) in leadingAtStart { result.led(node, inTerm: term) }
        return result
    }
}
