import Election

/// Something the simulator has put on its agenda for a moment of virtual time. Nodes are
/// named by their position in the member list.
@usableFromInline
enum ScheduledEvent<Node: ElectionProtocol> {
    /// A message reaching `receiver`, addressed to the incarnation of `receiver` that was
    /// running when it was sent, from incarnation `senderIncarnation` of `sender`.
    case arrival(Node.Message, sender: Int, receiver: Int, incarnation: UInt32, senderIncarnation: UInt32)
    /// A timer expiring; ignored unless the node's timer still has this generation.
    case timer(node: Int, incarnation: UInt32, index: Int, generation: UInt64)
    /// The transport telling `node` that its connection to `peer` was refused, while
    /// incarnation `peerIncarnation` of `peer` (0: none yet) was the last that had run.
    case unreachable(node: Int, incarnation: UInt32, peer: Int, peerIncarnation: UInt32)
    /// `node`'s connect, made at once after its connection to `peer` closed or a send
    /// found `peer` gone, reaching `peer`: refused (a hint one delay later) unless `peer`
    /// runs again by then.
    case reconnect(node: Int, incarnation: UInt32, peer: Int)
    /// A delayed `.persist` of `node` becoming durable (see `StorageFaults`).
    case writeCompleted(node: Int, incarnation: UInt32)
    /// A step of the scenario script, scheduled with `Simulator.at(_:do:)`.
    case action((Simulator<Node>) -> Void)
}
