/// Why a line received on the wire was refused. Each description is one sentence that tells
/// the sender what to fix; the transport sends it back in an `{"type":"error",...}` line.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The line (without its newline) is longer than `limit` bytes.
    case lineTooLong(limit: Int)
    /// The line is not JSON at all, or is JSON but not an object (`[1,2]`, `"hi"`, `42`).
    case notJSONObject
    /// The object has no `type` field.
    case missingType
    /// A field other than `type` is required but absent (`from` on a peer message).
    case missingField(String)
    /// A field is present but has the wrong kind of value; the text names the field and
    /// what was expected.
    case badField(String)
    /// The `type` names no message the receiving algorithm knows.
    case unknownType(String)

    public var description: String {
        switch self {
        case .lineTooLong(let limit):
            return "line is longer than \(limit) bytes; send one JSON object per line, each shorter than that"
        case .notJSONObject:
            return "line is not a JSON object; send one object per line, like {\"type\":\"status\"}"
        case .missingType:
            return "JSON object has no \"type\" field; every message needs one, like {\"type\":\"status\"}"
        case .missingField(let name) where name == "from":
            return "message has no \"from\" field; peer messages must say which node sent them"
        case .missingField(let name):
            return "message has no \"\(name)\" field, which its type requires"
        case .badField(let detail):
            return "message has a bad field: \(detail)"
        case .unknownType(let type):
            return "message type \"\(type)\" is unknown to this node; check that every node runs the same algorithm"
        }
    }
}
