/// The name of a bench scenario, as given to `election-bench --scenario`.
///
/// An open set (like `Event.Kind`): the well-known scenarios are constants below, and a
/// runner may add its own name; the report then describes it from the result's notes.
/// JSON: a plain string such as `"slow-highest"`.
public struct ScenarioName: RawRepresentable, Codable, Hashable, Sendable, Comparable,
    CustomStringConvertible, ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The leader is killed; time until every survivor agrees on a new one.
    static let failover = ScenarioName("failover")
    /// A crashed node comes back; does it disturb (Raft: higher term; Bully: higher id takes over)?
    static let rejoin = ScenarioName("rejoin")
    /// The highest id is slow to answer, so Bully elections stall on it.
    static let slowHighest = ScenarioName("slow-highest")
    /// A node crashes and restarts again and again: an election storm.
    static let flapping = ScenarioName("flapping")
    /// The network splits and heals.
    static let partition = ScenarioName("partition")
    /// A paused old leader wakes up still believing it leads.
    static let zombie = ScenarioName("zombie")
    /// Failover cost as the cluster grows (3...9 live, up to 51 simulated).
    static let scale = ScenarioName("scale")
    /// The Raft paper's Figure 16 (kept in `BenchRun.figure16`, named here for `--scenario`).
    static let figure16 = ScenarioName("figure16")

    /// The scenarios in the order the report presents them.
    static let presentationOrder: [ScenarioName] = [
        .failover, .rejoin, .slowHighest, .flapping, .partition, .zombie, .scale, .figure16,
    ]

    public static func < (lhs: ScenarioName, rhs: ScenarioName) -> Bool {
        let order = presentationOrder
        switch (order.firstIndex(of: lhs), order.firstIndex(of: rhs)) {
        case let (left?, right?): return left < right
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return lhs.rawValue < rhs.rawValue
        }
    }
}
