import Election
import Testing
@testable import Bully

/// A tiny effect interpreter for pure-instance tests: it keeps the node's pending timers
/// (so a test can fire only a timer the node really set) and a virtual clock that jumps
/// to a timer's expiry when it fires. Messages are not delivered anywhere; tests read them
/// from the returned effects and feed replies back by hand.
/// Its node runs `BullySettings.textbook` unless a test passes settings: most tests here pin
/// Garcia-Molina's algorithm itself, and the options' own tests turn on what they test.
struct BullyHarness {
    typealias Effects = [Effect<BullyMessage, NoDurableState>]

    var node: BullyNode
    var now = Instant.start
    /// Timers set and not cancelled, with the delay they were set for.
    var pendingTimers: [TimerID: Duration] = [:]

    init(_ id: NodeID, members: [NodeID] = [1, 2, 3, 4, 5], settings: BullySettings = .textbook) {
        node = BullyNode(id: id, members: members, settings: settings,
                         random: SeededRandom(seed: 1), durable: nil)
    }

    var status: NodeStatus { node.status }

    @discardableResult
    mutating func handle(_ input: Input<BullyMessage>) -> Effects {
        let effects = node.handle(input, at: now)
        for effect in effects {
            switch effect {
            case .setTimer(let timer, let delay): pendingTimers[timer] = delay
            case .cancelTimer(let timer): pendingTimers[timer] = nil
            default: break
            }
        }
        return effects
    }

    @discardableResult
    mutating func start() -> Effects { handle(.start) }

    @discardableResult
    mutating func receive(_ message: BullyMessage, from sender: NodeID) -> Effects {
        handle(.receive(message, from: sender))
    }

    /// Fires `timer`, which must be pending (the test fails otherwise), after moving the
    /// clock to its expiry.
    @discardableResult
    mutating func fire(_ timer: TimerID, sourceLocation: SourceLocation = #_sourceLocation) -> Effects {
        let delay = pendingTimers.removeValue(forKey: timer)
        #expect(delay != nil, "timer \(timer) is not pending", sourceLocation: sourceLocation)
        now = now + (delay ?? .zero)
        return handle(.timerFired(timer))
    }

    /// Node `id` after a cold start in which node `leader` announced itself in `epoch`.
    static func following(_ leader: NodeID, as id: NodeID, epoch: UInt64 = 1,
                          members: [NodeID] = [1, 2, 3, 4, 5],
                          settings: BullySettings = .textbook) -> BullyHarness {
        var harness = BullyHarness(id, members: members, settings: settings)
        harness.start()
        harness.receive(.coordinator(epoch: epoch), from: leader)
        return harness
    }

    /// The highest member after a cold start: it leads in epoch 1.
    static func leading(as id: NodeID = 5, members: [NodeID] = [1, 2, 3, 4, 5],
                        settings: BullySettings = .textbook) -> BullyHarness {
        var harness = BullyHarness(id, members: members, settings: settings)
        harness.start()
        return harness
    }
}

extension Array where Element == Effect<BullyMessage, NoDurableState> {
    /// Messages in the order they go out: `ELECTION to 4`, `COORDINATOR (epoch 1) to all`.
    var outgoing: [String] {
        compactMap { effect in
            switch effect {
            case .send(let message, let target): return "\(message) to \(target)"
            case .broadcast(let message): return "\(message) to all"
            default: return nil
            }
        }
    }

    var timersSet: [TimerID: Duration] {
        var timers: [TimerID: Duration] = [:]
        for case .setTimer(let timer, let delay) in self { timers[timer] = delay }
        return timers
    }

    var timersCancelled: Set<TimerID> {
        var timers: Set<TimerID> = []
        for case .cancelTimer(let timer) in self { timers.insert(timer) }
        return timers
    }

    var events: [Event] {
        compactMap { effect in
            if case .log(let event) = effect { return event }
            return nil
        }
    }

    var eventKinds: [Event.Kind] { events.map(\.kind) }
}
