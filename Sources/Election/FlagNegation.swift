/// The value-less spelling of an on|off switch that turns it off: `--no-pre-vote` for
/// `--pre-vote off`.
public struct FlagNegation: Hashable, Sendable {
    /// `--no-pre-vote`.
    public let name: String
    /// What the switch turns on or off, as a noun for prose: `PreVote`, `fast detection`.
    public let option: String

    /// The value the switch's own flag takes for it.
    public static let value = "off"
}
