/// A flag value an algorithm cannot use, as one sentence that names the flag and says what
/// would work.
public enum FlagValueError: Error, Hashable, Sendable, CustomStringConvertible {
    case notMilliseconds(flag: String, value: String)
    case millisecondsOutOfRange(flag: String, value: Int, lowest: Int, highest: Int)
    /// A range `MIN-MAX` whose minimum is not below its maximum.
    case emptyRange(flag: String, value: String)
    case badValue(flag: String, value: String, expected: String)
    /// A flag the algorithm does not have (the caller should have refused it first).
    case notAFlagOf(algorithm: String, flag: String)
    /// A flag that takes a value came last, with none after it.
    case missingValue(flag: String)
    /// The values parse but cannot work together; `reason` comes from the algorithm.
    case settingsRejected(String)

    public var description: String {
        switch self {
        case .notMilliseconds(let flag, let value):
            return "\(flag): '\(value)' is not a number of milliseconds"
        case .millisecondsOutOfRange(let flag, let value, let lowest, let highest):
            return "\(flag): \(value) ms is out of range; give \(lowest) to \(highest) milliseconds"
        case .emptyRange(let flag, let value):
            return "\(flag): in '\(value)' the minimum must be below the maximum, as in 150-300"
        case .badValue(let flag, let value, let expected):
            return "\(flag): '\(value)' is not \(expected)"
        case .notAFlagOf(let algorithm, let flag):
            return "\(flag) applies to other algorithms, not to \(algorithm)"
        case .missingValue(let flag):
            return "\(flag) needs a value after it"
        case .settingsRejected(let reason):
            return "these flags do not work together: \(reason)"
        }
    }
}
