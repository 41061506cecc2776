import Election
import Foundation

/// The wire format: newline-delimited JSON, one object per line.
///
/// A peer message is the message's own JSON object with the sender's id added next to its
/// fields, keys sorted so the same message always gives the same bytes:
///
///     {"from":1,"term":5,"type":"request_vote"}
///
/// A node also adds `cluster`, the fingerprint of its member list (`Membership.fingerprint`),
/// so that a receiver configured with other members can refuse the message instead of
/// counting votes against a different cluster:
///
///     {"cluster":"f5ad6c65cbad70c4","from":1,"term":5,"type":"request_vote"}
///
/// Every new peer connection opens with a `greeting` line that carries the same two fields (and
/// an idle one repeats it), so a peer is heard from even when the algorithm has nothing to
/// say to it. Any client may also send `{"type":"status"}`; errors go back as
/// `{"type":"error","message":"..."}`. Every function here is pure and never traps on bad
/// input, so the decoder can be fuzzed on its own.
public enum WireCodec {
    /// The longest line (newline excluded) a node accepts by default: 64 KiB is hundreds of
    /// times the size of any election message, and small enough that a garbage stream
    /// without newlines cannot make a node buffer without bound.
    public static let maxLineBytes = 65_536

    /// `{"type":"status"}` and its newline: the status query any client may send.
    public static let statusRequestLine: [UInt8] = Array("{\"type\":\"status\"}\n".utf8)

    /// The `type` of the line that opens every peer connection (`greetingLine`).
    public static let greetingType = "greeting"

    /// `message`'s JSON object with `"from":sender` (and `"cluster":cluster`, when given)
    /// added, keys sorted, then `\n`.
    ///
    /// Returns an empty array only for a message type that breaks the `ElectionMessage`
    /// contract (one that does not encode as a keyed object of JSON-representable values);
    /// `TCPTransport.send` ignores empty frames.
    public static func encode<M: ElectionMessage>(_ message: M, from sender: NodeID,
                                                  cluster: String? = nil) -> [UInt8] {
        do {
            return Array(try encoder.encode(Envelope(message: message, from: sender, cluster: cluster))) + [newline]
        } catch {
            assertionFailure("\(M.self) cannot be encoded as a JSON object: \(error)")
            return []
        }
    }

    /// A peer message as it came off the wire: the message, who sent it, and the sender's
    /// member-list fingerprint (`nil` when the line had no `cluster`, as a line typed by
    /// hand).
    public struct PeerLine<M: ElectionMessage> {
        public var message: M
        public var from: NodeID
        public var cluster: String?
    }

    /// Reads a peer message and its sender from one line (a trailing `\n` or `\r\n` is
    /// allowed). Fields the message does not know are ignored, so a newer sender may add
    /// some; `from` must be a positive integer.
    public static func decode<M: ElectionMessage>(
        _ line: [UInt8], as messageType: M.Type, maxLineBytes limit: Int = WireCodec.maxLineBytes
    ) throws(WireError) -> (message: M, from: NodeID) {
        let peerLine = try decodePeerLine(line, as: messageType, maxLineBytes: limit)
        return (peerLine.message, peerLine.from)
    }

    /// `decode`, with the sender's `cluster` fingerprint too (which must be a string when
    /// present).
    public static func decodePeerLine<M: ElectionMessage>(
        _ line: [UInt8], as messageType: M.Type, maxLineBytes limit: Int = WireCodec.maxLineBytes
    ) throws(WireError) -> PeerLine<M> {
        // 1. The bound, then the common case in one pass: a well-formed message.
        let body = try checkedBody(of: line, limit: limit)
        if let incoming = try? decoder.decode(Incoming<M>.self, from: Data(body)),
           incoming.message.typeName == incoming.type {
            return PeerLine(message: incoming.message, from: incoming.from, cluster: incoming.cluster)
        }
        // 2. Something is wrong with it: find out what, field by field, so the error line
        //    tells the sender exactly what to fix.
        let fields = try WireFields.parse(body)
        let type = try fields.requireType()
        let sender: NodeID
        switch fields.from {
        case .absent: throw .missingField("from")
        case .invalid: throw .badField("\"from\" must be a positive integer node id")
        case .value(let id): sender = id
        }
        let cluster = try fields.requireClusterIfPresent()
        // 3. The message itself, with the decoding error translated for the sender.
        let message: M
        do {
            message = try decoder.decode(M.self, from: Data(body))
        } catch let error as WireError {
            throw error
        } catch let error as DecodingError {
            throw wireError(for: error, type: type)
        } catch {
            throw .badField("\(error)")
        }
        // 4. A message type whose decoder accepted a line of another type is lying.
        guard message.typeName == type else { throw .unknownType(type) }
        return PeerLine(message: message, from: sender, cluster: cluster)
    }

    /// `{"cluster":fingerprint,"from":sender,"type":"greeting"}` and a newline: the line that
    /// opens every peer connection, so the receiver knows at once who is there and with
    /// which member list, whatever the algorithm has to say.
    public static func greetingLine(from sender: NodeID, cluster: String) -> [UInt8] {
        let quoted = (try? encoder.encode(cluster)).map { Array($0) } ?? Array("\"\"".utf8)
        return Array("{\"cluster\":".utf8) + quoted
            + Array(",\"from\":\(sender.rawValue),\"type\":\"\(greetingType)\"}\n".utf8)
    }

    /// The sender and fingerprint of a `greeting` line; throws for a line that is not one, or
    /// lacks either field.
    public static func decodeGreeting(
        _ line: [UInt8], maxLineBytes limit: Int = WireCodec.maxLineBytes
    ) throws(WireError) -> (from: NodeID, cluster: String) {
        let fields = try WireFields.parse(try checkedBody(of: line, limit: limit))
        let type = try fields.requireType()
        guard type == greetingType else { throw .unknownType(type) }
        guard case .value(let sender) = fields.from else {
            throw fields.from.isAbsent ? .missingField("from") : .badField("\"from\" must be a positive integer node id")
        }
        guard let cluster = try fields.requireClusterIfPresent() else { throw .missingField("cluster") }
        return (sender, cluster)
    }

    /// Just the `type` field, to route a line (`status` or a peer message) before decoding it.
    public static func typeField(
        of line: [UInt8], maxLineBytes limit: Int = WireCodec.maxLineBytes
    ) throws(WireError) -> String {
        try WireFields.parse(try checkedBody(of: line, limit: limit)).requireType()
    }

    /// The `from` field when it holds a valid node id, `nil` otherwise (absent, not a
    /// positive integer, or the line is not a JSON object). The transport uses it to drop
    /// lines from blocked peers and to delay peer lines on a slow node.
    public static func senderField(
        of line: [UInt8], maxLineBytes limit: Int = WireCodec.maxLineBytes
    ) -> NodeID? {
        guard let body = try? checkedBody(of: line, limit: limit),
              let fields = try? WireFields.parse(body),
              case .value(let id) = fields.from
        else { return nil }
        return id
    }

    /// `{"type":"error","message":reason}` and a newline. Very long reasons are cut to
    /// keep error lines short.
    public static func errorLine(_ reason: String) -> [UInt8] {
        let shortened = reason.count > 500 ? String(reason.prefix(500)) + "..." : reason
        let quoted = (try? encoder.encode(shortened)).map { Array($0) } ?? Array("\"\"".utf8)
        return Array("{\"type\":\"error\",\"message\":".utf8) + quoted + Array("}\n".utf8)
    }

    // MARK: - Internals

    static let newline = UInt8(ascii: "\n")

    /// The line without its trailing `\n` / `\r\n`, refused when over `limit` bytes.
    static func checkedBody(of line: [UInt8], limit: Int) throws(WireError) -> ArraySlice<UInt8> {
        var body = line[...]
        if body.last == newline { body = body.dropLast() }
        if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        guard body.count <= limit else { throw .lineTooLong(limit: limit) }
        return body
    }

    /// Turns a message decoding failure into a sentence about the offending field.
    private static func wireError(for error: DecodingError, type: String) -> WireError {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue)
            return keys.isEmpty ? "the message" : "\"" + keys.joined(separator: ".") + "\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.map(\.stringValue)
            return .missingField((parent + [key.stringValue]).joined(separator: "."))
        case .typeMismatch(let expected, let context):
            return .badField("\(path(context)) should be \(jsonKind(of: expected)) in a \"\(type)\" message")
        case .valueNotFound(let expected, let context):
            return .badField("\(path(context)) should be \(jsonKind(of: expected)), not null, in a \"\(type)\" message")
        case .dataCorrupted(let context):
            if context.codingPath.first?.stringValue == "type" { return .unknownType(type) }
            return .badField("\(path(context)) in a \"\(type)\" message: \(context.debugDescription)")
        @unknown default:
            return .badField("a \"\(type)\" message could not be read: \(error)")
        }
    }

    private static func jsonKind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is any BinaryInteger.Type: return "an integer"
        case is any BinaryFloatingPoint.Type: return "a number"
        default: return "a value of type \(type)"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder = JSONDecoder()
}

/// A message plus its sender, encoded as ONE object: the message writes its own keys,
/// then `from` is added to the same keyed container.
private struct Envelope<M: ElectionMessage>: Encodable {
    let message: M
    let from: NodeID
    let cluster: String?

    private enum Key: String, CodingKey { case from, cluster }

    func encode(to encoder: any Encoder) throws {
        try message.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(from, forKey: .from)
        try container.encodeIfPresent(cluster, forKey: .cluster)
    }
}

/// A well-formed peer line, read in one pass: the message, its sender and its `type`.
private struct Incoming<M: ElectionMessage>: Decodable {
    let message: M
    let from: NodeID
    let type: String
    let cluster: String?

    private enum Key: String, CodingKey { case type, from, cluster }

    init(from decoder: any Decoder) throws {
        message = try M(from: decoder)
        let container = try decoder.container(keyedBy: Key.self)
        from = try container.decode(NodeID.self, forKey: .from)
        type = try container.decode(String.self, forKey: .type)
        cluster = try container.decodeIfPresent(String.self, forKey: .cluster)
    }
}

/// The fields every routing decision needs, read without failing on anything but a line
/// that is not a JSON object.
private struct WireFields: Decodable {
    enum Field<Value> {
        case absent, invalid, value(Value)

        var isAbsent: Bool {
            if case .absent = self { return true }
            return false
        }
    }

    var type: Field<String>
    var from: Field<NodeID>
    var cluster: Field<String>

    private enum Key: String, CodingKey { case type, from, cluster }

    static func parse(_ body: ArraySlice<UInt8>) throws(WireError) -> WireFields {
        do {
            return try decoder.decode(WireFields.self, from: Data(body))
        } catch {
            // Invalid JSON, or JSON whose top level is not an object.
            throw .notJSONObject
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if !container.contains(.type) {
            type = .absent
        } else if let text = try? container.decode(String.self, forKey: .type) {
            type = .value(text)
        } else {
            type = .invalid
        }
        if !container.contains(.from) {
            from = .absent
        } else if let number = try? container.decode(Int.self, forKey: .from),
                  let id = NodeID(rawValue: number) {
            from = .value(id)
        } else {
            from = .invalid
        }
        if !container.contains(.cluster) {
            cluster = .absent
        } else if let text = try? container.decode(String.self, forKey: .cluster) {
            cluster = .value(text)
        } else {
            cluster = .invalid
        }
    }

    /// The sender's fingerprint, `nil` when absent.
    func requireClusterIfPresent() throws(WireError) -> String? {
        switch cluster {
        case .absent: return nil
        case .invalid: throw .badField("\"cluster\" must be the sender's member-list fingerprint, a string")
        case .value(let text): return text
        }
    }

    func requireType() throws(WireError) -> String {
        switch type {
        case .absent: throw .missingType
        case .invalid: throw .badField("\"type\" must be a string, like \"status\"")
        case .value(let text): return text
        }
    }

    private static let decoder = JSONDecoder()
}
