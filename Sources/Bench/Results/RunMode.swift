/// Where a result came from.
enum RunMode: String, Codable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Real `election-node` processes talking TCP over loopback, timed by a real clock.
    case live
    /// The deterministic simulator: virtual time, seeded faults, exactly replayable.
    case sim

    var description: String { rawValue }

    /// "live" / "simulated", for sentences in the report.
    var displayName: String { self == .live ? "live" : "simulated" }
}
