import Election
import Synchronization

/// Every input the nodes of one simulated run handled, in order, written by `JournaledNode`
/// and read by the checks once the run is over.
final class HandlerJournal<Node: ElectionProtocol>: Sendable {
    private let recorded = Mutex<[HandledInput<Node>]>([])

    func record(_ step: HandledInput<Node>) {
        recorded.withLock { $0.append(step) }
    }

    var steps: [HandledInput<Node>] { recorded.withLock { $0 } }
}
