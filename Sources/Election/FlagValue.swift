/// Reading and writing the values of command-line flags, the same way for every algorithm
/// and for the node's own flags, so that every flag refuses a bad value in the same words.
public enum FlagValue {
    /// The longest timing value accepted: one hour, far beyond any sensible timeout, and
    /// small enough that doubling it cannot overflow.
    public static let longestMilliseconds = 3_600_000

    /// A whole number of milliseconds from 1 (or 0 when `allowZero`) to one hour.
    public static func milliseconds(_ text: String, flag: String, allowZero: Bool = false)
        throws(FlagValueError) -> Duration
    {
        guard let value = Int(text) else { throw .notMilliseconds(flag: flag, value: text) }
        let lowest = allowZero ? 0 : 1
        guard (lowest...longestMilliseconds).contains(value) else {
            throw .millisecondsOutOfRange(flag: flag, value: value, lowest: lowest, highest: longestMilliseconds)
        }
        return .milliseconds(value)
    }

    /// `T` (then `maximum` is `nil`) or `MIN-MAX` with MIN below MAX, in milliseconds.
    public static func millisecondRange(_ text: String, flag: String)
        throws(FlagValueError) -> (minimum: Duration, maximum: Duration?)
    {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // A leading minus is a negative number, not a range; `milliseconds` refuses it.
        if parts.count == 1 || parts[0].isEmpty { return (try milliseconds(text, flag: flag), nil) }
        guard parts.count == 2 else { throw .notMilliseconds(flag: flag, value: text) }
        let minimum = try milliseconds(parts[0], flag: flag)
        let maximum = try milliseconds(parts[1], flag: flag)
        guard minimum < maximum else { throw .emptyRange(flag: flag, value: text) }
        return (minimum, maximum)
    }

    /// `50` for a whole number of milliseconds, `0.5` otherwise: how flags and `--help`
    /// show a duration.
    public static func text(_ duration: Duration) -> String {
        let nanoseconds = duration.nanoseconds
        if nanoseconds % 1_000_000 == 0 { return String(nanoseconds / 1_000_000) }
        return String(duration.milliseconds)
    }

    /// `on` or `off`.
    public static func onOff(_ text: String, flag: String) throws(FlagValueError) -> Bool {
        switch text {
        case "on": return true
        case "off": return false
        default: throw .badValue(flag: flag, value: text, expected: "on or off")
        }
    }

    /// `a`, `a or b`, `a, b or c`: the accepted values of a flag, for help and errors.
    public static func choice(_ values: [String]) -> String {
        guard values.count > 1 else { return values.joined() }
        return values.dropLast().joined(separator: ", ") + " or " + values[values.count - 1]
    }
}
