import Election

/// Inputs of every kind to hand a node by hand, taken from what a run really carried: its
/// messages (up to 16 distinct ones, in the order first seen) from each other member, the
/// timers its nodes set plus one never set, an unreachable hint for each member, `.start`
/// and both stops.
struct ProbeInputs<Node: ElectionProtocol> {
    let messages: [Node.Message]
    let timers: [TimerID]
    let members: [NodeID]

    /// A timer id no algorithm sets.
    static var neverSetTimer: TimerID { TimerID("conformance-never-set") }

    init(steps: [HandledInput<Node>], members: [NodeID]) {
        var seenMessages: Set<Node.Message> = []
        var messages: [Node.Message] = []
        var seenTimers: Set<TimerID> = []
        var timers: [TimerID] = []
        for step in steps {
            for message in step.sentMessages where messages.count < 16 && seenMessages.insert(message).inserted {
                messages.append(message)
            }
            for case .setTimer(let timer, _) in step.effects where seenTimers.insert(timer).inserted {
                timers.append(timer)
            }
        }
        self.messages = messages
        self.timers = timers + [Self.neverSetTimer]
        self.members = members
    }

    /// Every probe for node `id`.
    func inputs(for id: NodeID) -> [Input<Node.Message>] {
        let others = members.filter { $0 != id }
        return messages.flatMap { message in others.map { Input.receive(message, from: $0) } }
            + timers.map { .timerFired($0) }
            + members.map { .peerUnreachable($0) }
            + [.start, .stop(graceful: true), .stop(graceful: false)]
    }
}
