/// The identity of one node in a cluster: a positive integer, as in the workshop
/// (`--id 3`). An algorithm may rank nodes by id (the highest id that answers wins, say), so
/// `NodeID` is `Comparable`.
///
/// On the wire a `NodeID` is a plain JSON number (`"from":3`).
public struct NodeID: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByIntegerLiteral, CustomStringConvertible
{
    public let rawValue: Int

    /// Returns `nil` unless `rawValue` is a positive integer.
    public init?(rawValue: Int) {
        guard rawValue > 0 else { return nil }
        self.rawValue = rawValue
    }

    /// An id known to be valid. Callers MUST pass a positive integer; use
    /// `init?(rawValue:)` for untrusted input.
    public init(_ value: Int) {
        precondition(value > 0, "node ids are positive integers, got \(value)")
        self.rawValue = value
    }

    public init(integerLiteral value: Int) { self.init(value) }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Int.self)
        guard let id = NodeID(rawValue: value) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "node ids are positive integers, got \(value)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }
}
