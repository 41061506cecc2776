import Election
import ElectionLive
import Foundation

extension ConformanceSuite {
    /// Every message round-trips through the wire codec, and none uses a reserved key: every
    /// distinct message the runs sent (`wireFindings(for:)`).
    func messagesRoundTripFindings() -> [String] {
        var seen: Set<Node.Message> = []
        var messages: [Node.Message] = []
        for seed in seeds {
            for step in journaledRun(seed: seed) {
                for message in step.sentMessages where seen.insert(message).inserted { messages.append(message) }
            }
        }
        guard !messages.isEmpty else { return ["the runs sent no message at all"] }
        return Self.wireFindings(for: messages)
    }

    /// The keys the transport puts beside a message's own (`ElectionMessage`).
    static var reservedKeys: Set<String> { ["from", "cluster", "error"] }

    /// For each message: `WireCodec.encode` then `decode` gives the same message and sender
    /// back; the message's own JSON is an object whose `type` is its `typeName`; none of its
    /// keys is reserved; and the line is exactly those keys plus `from`.
    static func wireFindings<Message: ElectionMessage>(for messages: [Message]) -> [String] {
        let sender = NodeID(3)
        return messages.flatMap { message -> [String] in
            let line = WireCodec.encode(message, from: sender)
            guard !line.isEmpty else { return ["\(message) cannot be encoded as a JSON object"] }
            var findings: [String] = []
            do {
                let decoded = try WireCodec.decode(line, as: Message.self)
                if decoded.message != message || decoded.from != sender {
                    findings.append("\(message) came back from the wire as \(decoded.message) from \(decoded.from)")
                }
            } catch {
                findings.append("\(message) does not decode from its own line \(String(decoding: line, as: UTF8.self)): "
                                + "\(error)")
            }
            guard let own = try? JSONEncoder().encode(message),
                  let fields = try? JSONSerialization.jsonObject(with: own) as? [String: Any],
                  let lineFields = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            else { return findings + ["\(message) does not encode as one JSON object"] }
            if fields["type"] as? String != message.typeName {
                findings.append("\(message) has type \(fields["type"] ?? "none") in its JSON, not \(message.typeName)")
            }
            let reserved = reservedKeys.intersection(fields.keys)
            if !reserved.isEmpty {
                findings.append("\(message) uses the reserved key(s) \(reserved.sorted()), which the transport writes")
            }
            if Set(lineFields.keys) != Set(fields.keys).union(["from"]) {
                findings.append("\(message) goes on the wire with keys \(lineFields.keys.sorted()), "
                                + "not its own \(fields.keys.sorted()) and from")
            }
            return findings
        }
    }
}
