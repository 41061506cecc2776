import Election

/// One input a node handled during a conformance run: the state machine before and after,
/// and the effects it returned. Copies of the node let the checks replay anything by hand
/// from any moment of a run.
struct HandledInput<Node: ElectionProtocol>: Sendable {
    var time: Instant
    var input: Input<Node.Message>
    var before: Node
    var after: Node
    var effects: [Effect<Node.Message, Node.DurableState>]

    var node: NodeID { after.id }

    /// The status before the input; a node that is starting is compared with a blank
    /// follower, as the simulator's trace does.
    var statusBefore: NodeStatus {
        if case .start = input { return NodeStatus(id: node, role: .follower, leader: nil, term: 0) }
        return before.status
    }

    /// Where the first send or broadcast is among the effects, if there is one.
    var firstSendIndex: Int? {
        effects.firstIndex {
            switch $0 {
            case .send, .broadcast: true
            default: false
            }
        }
    }

    /// Every message the node sent in this input.
    var sentMessages: [Node.Message] {
        effects.compactMap {
            switch $0 {
            case .send(let message, _), .broadcast(let message): message
            default: nil
            }
        }
    }
}
