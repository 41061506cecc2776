import Election
import ElectionSimulation

/// How many faults of each kind a chaos run injected (those that changed something: a crash
/// of a running node, a restart of a stopped one...), summed over runs with `+`.
public struct ChaosFaultCounts: Hashable, Sendable {
    public var crashes = 0
    /// SIGTERM-like stops, which let the node send its last messages.
    public var gracefulStops = 0
    /// The graceful stops that stopped a leader (`RandomFaults.leadersStoppedGracefully`): a
    /// hand-over where the algorithm hands over.
    public var handOvers = 0
    public var restarts = 0
    public var partitions = 0
    public var heals = 0
    public var pauses = 0
    public var resumes = 0
    public var slowdowns = 0
    /// `StorageFaults`: crashes part-way through the effects of an input.
    public var crashesWithinInput = 0
    /// `StorageFaults`: writes that took time.
    public var slowWrites = 0
    /// `StorageFaults`: writes that failed and crashed their node.
    public var failedWrites = 0
    /// The network's random losses, partitions and deliveries to dead nodes.
    public var messagesDropped = 0
    public var messagesDuplicated = 0

    public init() {}

    /// One more of `fault`, which changed something. Forced stops are not on the chaos menu
    /// (`ChaosRun.faultMenu`), so they have no count of their own.
    mutating func count(_ fault: RandomFaults.Fault) {
        switch fault {
        case .crash: crashes += 1
        case .gracefulStop: gracefulStops += 1
        case .restart: restarts += 1
        case .partition: partitions += 1
        case .heal: heals += 1
        case .pause: pauses += 1
        case .resume: resumes += 1
        case .slowDown: slowdowns += 1
        case .forcedStop, .quiet: break
        }
    }

    /// Every kind with its name, in the order the report prints them.
    static var namedKinds: [(name: String, count: WritableKeyPath<ChaosFaultCounts, Int>)] { [
        ("crashes (kill -9)", \.crashes), ("graceful stops (SIGTERM)", \.gracefulStops),
        ("graceful stops of a leader (a hand-over, with hand-over on)", \.handOvers),
        ("restarts", \.restarts), ("partitions", \.partitions),
        ("heals", \.heals), ("pauses (SIGSTOP)", \.pauses), ("resumes", \.resumes), ("slow nodes", \.slowdowns),
        ("crashes within an input", \.crashesWithinInput), ("slow writes", \.slowWrites),
        ("failed writes", \.failedWrites), ("messages dropped", \.messagesDropped),
        ("messages duplicated", \.messagesDuplicated),
    ] }

    /// Takes the storage and network counts from a finished simulation.
    mutating func add(_ counters: SimulationCounters) {
        crashesWithinInput += counters.crashesWithinInput
        slowWrites += counters.persistsDelayed
        failedWrites += counters.persistFailures
        messagesDropped += counters.messagesDropped
        messagesDuplicated += counters.messagesDuplicated
    }

    /// Every kind with its count, in the order the report prints them.
    public var kinds: [(name: String, count: Int)] {
        Self.namedKinds.map { ($0.name, self[keyPath: $0.count]) }
    }

    public static func + (left: ChaosFaultCounts, right: ChaosFaultCounts) -> ChaosFaultCounts {
        var sum = left
        for kind in namedKinds { sum[keyPath: kind.count] += right[keyPath: kind.count] }
        return sum
    }
}
