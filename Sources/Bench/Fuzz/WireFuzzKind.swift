import ElectionLive

/// The kinds of input the wire fuzzer makes. Each targets one way a stranger (or a broken
/// peer) can get bytes to a node's port.
enum WireFuzzKind: String, CaseIterable, Sendable, Codable {
    /// Random bytes as one line, biased towards JSON's punctuation.
    case lineBytes = "line-bytes"
    /// Random JSON objects built from the real keys, odd values and deep nesting.
    case jsonObject = "json-object"
    /// A valid line of every real message type, with bytes flipped, inserted, deleted,
    /// cut or repeated.
    case messageBytes = "message-bytes"
    /// A valid line of every real message type with one or more fields changed: huge and
    /// negative numbers, wrong JSON types, missing, repeated or extra keys, another `type`
    /// or `from`.
    case messageFields = "message-fields"
    /// A stream of good and bad lines cut into random chunks, through a `LineFramer` with a
    /// random bound, compared against a simple model of how lines split.
    case framedStream = "framed-stream"
    /// HTTP request heads, good and mutated, fed in random chunks to an
    /// `HTTPRequestReader` with a random bound.
    case httpHead = "http-head"

    /// One line for the report.
    var summary: String {
        switch self {
        case .lineBytes: return "random bytes as one NDJSON line"
        case .jsonObject: return "JSON objects with the wire's keys, odd values and deep nesting"
        case .messageBytes: return "each real message type with bytes flipped, inserted, deleted, cut or repeated"
        case .messageFields: return "each real message type with huge, negative, wrong-typed or reserved fields"
        case .framedStream: return "NDJSON streams in random chunks through LineFramer, checked against a model"
        case .httpHead: return "HTTP request heads, valid and mutated, in chunks through HTTPRequestReader"
        }
    }
}
