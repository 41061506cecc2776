import Election
import Synchronization

/// Collects what every node process writes, from the reader threads, in arrival order.
/// Each event is tagged with the process run it came from, so a restarted node's events
/// are never mixed up with those of its previous life.
final class ClusterEventRecorder: Sendable {
    struct Recorded: Sendable {
        var event: NodeLogEvent
        /// Which start of the node wrote it (1 for the first).
        var run: Int
    }

    private struct State {
        var recorded: [Recorded] = []
        /// Lines that were not JSON events (a text log, a crash message), per node.
        var otherLines: [NodeID: [String]] = [:]
    }

    private let state = Mutex(State())

    /// Called on a reader thread for each line node `node` (run `run`) wrote.
    func record(line: String, from node: NodeID, run: Int) {
        let parsed = NodeLogEvent.parse(line)
        state.withLock { state in
            if let parsed {
                state.recorded.append(Recorded(event: parsed, run: run))
            } else if !line.isEmpty {
                state.otherLines[node, default: []].append(line)
                if state.otherLines[node]!.count > 50 { state.otherLines[node]!.removeFirst() }
            }
        }
    }

    var events: [NodeLogEvent] { state.withLock { $0.recorded.map(\.event) } }

    /// The events recorded after the first `index`, with their runs, in arrival order:
    /// what a watcher that has seen `index` events so far has not seen yet.
    func recorded(after index: Int) -> [Recorded] {
        state.withLock { state in index < state.recorded.count ? Array(state.recorded[index...]) : [] }
    }

    /// The first event of `kind` from `node`'s run `run`, if it has arrived.
    func first(_ kind: Event.Kind, from node: NodeID, run: Int) -> NodeLogEvent? {
        state.withLock { state in
            state.recorded.first { $0.run == run && $0.event.node == node && $0.event.kind == kind }?.event
        }
    }

    /// The first event of `kind` from `node`'s run `run` written at or after `timeMs`.
    func first(_ kind: Event.Kind, from node: NodeID, run: Int, atOrAfter timeMs: Double) -> NodeLogEvent? {
        state.withLock { state in
            state.recorded.first {
                $0.run == run && $0.event.node == node && $0.event.kind == kind && $0.event.timestampMs >= timeMs
            }?.event
        }
    }

    /// The first event from `node`'s run `run` written at or after `timeMs`.
    func firstEvent(from node: NodeID, run: Int, atOrAfter timeMs: Double) -> NodeLogEvent? {
        state.withLock { state in
            state.recorded.first { $0.run == run && $0.event.node == node && $0.event.timestampMs >= timeMs }?.event
        }
    }

    func otherLines(of node: NodeID) -> [String] { state.withLock { $0.otherLines[node] ?? [] } }
}
