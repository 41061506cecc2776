import Election

/// Runs `Node` unchanged and writes every input it handles into a journal, so that a check
/// sees the input, the effects and the state machine before and after, which the
/// simulator's hooks do not show together. The journal travels in the settings, the one
/// thing the simulator hands every node it creates.
struct JournaledNode<Node: ElectionProtocol>: ElectionProtocol {
    typealias Message = Node.Message
    typealias DurableState = Node.DurableState

    struct Settings: Sendable {
        var inner: Node.Settings
        var journal: HandlerJournal<Node>
    }

    static var algorithmName: String { Node.algorithmName }

    private var inner: Node
    private let journal: HandlerJournal<Node>

    init(id: NodeID, members: [NodeID], settings: Settings, random: SeededRandom, durable: DurableState?) {
        inner = Node(id: id, members: members, settings: settings.inner, random: random, durable: durable)
        journal = settings.journal
    }

    var id: NodeID { inner.id }
    var status: NodeStatus { inner.status }

    mutating func handle(_ input: Input<Message>, at now: Instant) -> [Effect<Message, DurableState>] {
        let before = inner
        let effects = inner.handle(input, at: now)
        journal.record(HandledInput(time: now, input: input, before: before, after: inner, effects: effects))
        return effects
    }
}
