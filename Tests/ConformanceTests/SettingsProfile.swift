import Election
import Testing

/// The settings a conformance run gives an algorithm, chosen through its own flags only, so
/// that any registered algorithm has them: its defaults, and every on|off switch it has
/// turned on, then off (the options beyond the textbook, on or off, must keep the same
/// promises; the defaults turn some on).
enum SettingsProfile: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case defaults = "defaults"
    case everySwitchOn = "every switch on"
    case everySwitchOff = "every switch off"

    var testDescription: String { rawValue }

    /// The flag values of this profile for `Node`, or `nil` when it has no switch to turn on
    /// (the profile would repeat the defaults).
    func flagValues<Node: RegisteredAlgorithm>(for _: Node.Type) -> [String: String]? {
        switch self {
        case .defaults:
            return [:]
        case .everySwitchOn, .everySwitchOff:
            let switches = Node.flags.filter { $0.negation != nil }.map(\.name)
            guard !switches.isEmpty else { return nil }
            return Dictionary(uniqueKeysWithValues: switches.map { ($0, self == .everySwitchOn ? "on" : "off") })
        }
    }
}
