import Foundation
import Testing
@testable import Election
@testable import ElectionLive

/// A tiny message type for the codec and transport tests: two kinds, each a keyed object
/// with its own `type`, as `ElectionMessage` requires.
enum WireTestMessage: ElectionMessage {
    case ping(term: UInt64)
    case pong(term: UInt64, note: String)

    var typeName: String {
        switch self {
        case .ping: return "ping"
        case .pong: return "pong"
        }
    }

    private enum Key: String, CodingKey { case type, term, note }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ping":
            self = .ping(term: try container.decode(UInt64.self, forKey: .term))
        case "pong":
            self = .pong(term: try container.decode(UInt64.self, forKey: .term),
                         note: try container.decode(String.self, forKey: .note))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container,
                                                   debugDescription: "unknown type \(type)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .ping(let term):
            try container.encode(term, forKey: .term)
        case .pong(let term, let note):
            try container.encode(term, forKey: .term)
            try container.encode(note, forKey: .note)
        }
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct WireCodecTests {
    @Test func encodeAddsFromToTheMessageObjectWithSortedKeys() {
        let line = WireCodec.encode(WireTestMessage.ping(term: 5), from: 3)
        #expect(String(decoding: line, as: UTF8.self) == "{\"from\":3,\"term\":5,\"type\":\"ping\"}\n")
        let pong = WireCodec.encode(WireTestMessage.pong(term: 7, note: "a/b \"q\""), from: 12)
        #expect(String(decoding: pong, as: UTF8.self)
            == "{\"from\":12,\"note\":\"a/b \\\"q\\\"\",\"term\":7,\"type\":\"pong\"}\n")
    }

    @Test func decodeReadsBackWhatEncodeWrote() throws {
        let messages: [WireTestMessage] = [.ping(term: 0), .ping(term: .max), .pong(term: 9, note: "é\n\u{0}")]
        for (index, message) in messages.enumerated() {
            let sender = NodeID(index + 1)
            let decoded = try WireCodec.decode(WireCodec.encode(message, from: sender), as: WireTestMessage.self)
            #expect(decoded.message == message)
            #expect(decoded.from == sender)
        }
    }

    @Test func decodeAcceptsMissingNewlineCarriageReturnsAndUnknownExtraFields() throws {
        let plain = try WireCodec.decode(bytes("{\"type\":\"ping\",\"term\":1,\"from\":2}"), as: WireTestMessage.self)
        #expect(plain.message == .ping(term: 1) && plain.from == 2)
        let crlf = try WireCodec.decode(bytes("{\"type\":\"ping\",\"term\":1,\"from\":2,\"cluster\":\"x\"}\r\n"),
                                        as: WireTestMessage.self)
        #expect(crlf.message == .ping(term: 1))
    }

    @Test(arguments: [
        ("not json", WireError.notJSONObject),
        ("", .notJSONObject),
        ("[1,2]", .notJSONObject),
        ("\"status\"", .notJSONObject),
        ("{\"type\":\"ping\"", .notJSONObject),
        ("{}", .missingType),
        ("{\"from\":1}", .missingType),
        ("{\"type\":5,\"from\":1}", .badField("\"type\" must be a string, like \"status\"")),
        ("{\"type\":\"ping\",\"term\":1}", .missingField("from")),
        ("{\"type\":\"ping\",\"term\":1,\"from\":0}", .badField("\"from\" must be a positive integer node id")),
        ("{\"type\":\"ping\",\"term\":1,\"from\":-4}", .badField("\"from\" must be a positive integer node id")),
        ("{\"type\":\"ping\",\"term\":1,\"from\":\"1\"}", .badField("\"from\" must be a positive integer node id")),
        ("{\"type\":\"ping\",\"term\":1,\"from\":1.5}", .badField("\"from\" must be a positive integer node id")),
        ("{\"type\":\"zap\",\"from\":1}", .unknownType("zap")),
        ("{\"type\":\"status\"}", .missingField("from")),
        ("{\"type\":\"ping\",\"from\":1}", .missingField("term")),
    ])
    func decodeRefusesBadLines(line: String, expected: WireError) {
        #expect(throws: expected) { try WireCodec.decode(bytes(line), as: WireTestMessage.self) }
    }

    @Test func decodeNamesAFieldOfTheWrongKind() {
        #expect {
            try WireCodec.decode(bytes("{\"type\":\"ping\",\"term\":\"x\",\"from\":1}"), as: WireTestMessage.self)
        } throws: { error in
            guard case WireError.badField(let detail) = error else { return false }
            return detail.contains("\"term\"") && detail.contains("an integer")
        }
    }

    @Test func decodeEnforcesTheLineBound() {
        let padding = String(repeating: "x", count: WireCodec.maxLineBytes)
        let line = bytes("{\"type\":\"pong\",\"term\":1,\"from\":1,\"note\":\"\(padding)\"}")
        #expect(throws: WireError.lineTooLong(limit: WireCodec.maxLineBytes)) {
            try WireCodec.decode(line, as: WireTestMessage.self)
        }
        #expect(throws: WireError.lineTooLong(limit: 10)) {
            try WireCodec.typeField(of: bytes("{\"type\":\"status\"}"), maxLineBytes: 10)
        }
    }

    @Test func theClusterFingerprintTravelsWithTheMessage() throws {
        let frame = WireCodec.encode(WireTestMessage.ping(term: 5), from: 1, cluster: "f5ad6c65cbad70c4")
        #expect(String(decoding: frame, as: UTF8.self) == #"{"cluster":"f5ad6c65cbad70c4","from":1,"term":5,"type":"ping"}"# + "\n")
        let line = try WireCodec.decodePeerLine(frame, as: WireTestMessage.self)
        #expect(line.message == .ping(term: 5) && line.from == 1 && line.cluster == "f5ad6c65cbad70c4")
        // A line typed by hand has none.
        #expect(try WireCodec.decodePeerLine(Array(#"{"from":1,"term":5,"type":"ping"}"#.utf8),
                                             as: WireTestMessage.self).cluster == nil)
        #expect(throws: WireError.badField(#""cluster" must be the sender's member-list fingerprint, a string"#)) {
            try WireCodec.decodePeerLine(Array(#"{"cluster":7,"from":1,"term":5,"type":"ping"}"#.utf8),
                                         as: WireTestMessage.self)
        }
    }

    @Test func greetingCarriesTheSenderAndItsFingerprint() throws {
        let greeting = WireCodec.greetingLine(from: 3, cluster: "f5ad6c65cbad70c4")
        #expect(String(decoding: greeting, as: UTF8.self) == #"{"cluster":"f5ad6c65cbad70c4","from":3,"type":"greeting"}"# + "\n")
        let decoded = try WireCodec.decodeGreeting(greeting)
        #expect(decoded.from == 3 && decoded.cluster == "f5ad6c65cbad70c4")
        #expect(WireCodec.senderField(of: greeting) == 3)
        #expect(throws: WireError.missingField("cluster")) {
            try WireCodec.decodeGreeting(Array(#"{"from":3,"type":"greeting"}"#.utf8))
        }
        #expect(throws: WireError.unknownType("ping")) {
            try WireCodec.decodeGreeting(Array(#"{"cluster":"x","from":3,"type":"ping"}"#.utf8))
        }
    }

    @Test func typeFieldRoutesWithoutDecodingTheMessage() throws {
        #expect(try WireCodec.typeField(of: WireCodec.statusRequestLine) == "status")
        #expect(try WireCodec.typeField(of: bytes("{\"type\":\"anything\",\"junk\":[1,{}]}")) == "anything")
        #expect(throws: WireError.missingType) { try WireCodec.typeField(of: bytes("{\"kind\":\"status\"}")) }
        #expect(throws: WireError.notJSONObject) { try WireCodec.typeField(of: [0, 0, 0xFF, 10]) }
    }

    @Test func senderFieldIsNilUnlessAValidID() {
        #expect(WireCodec.senderField(of: WireCodec.encode(WireTestMessage.ping(term: 1), from: 4)) == 4)
        #expect(WireCodec.senderField(of: WireCodec.statusRequestLine) == nil)
        #expect(WireCodec.senderField(of: bytes("{\"from\":0}")) == nil)
        #expect(WireCodec.senderField(of: bytes("{\"from\":\"2\"}")) == nil)
        #expect(WireCodec.senderField(of: bytes("garbage")) == nil)
    }

    @Test func errorLineIsOneEscapedJSONObject() throws {
        let line = WireCodec.errorLine("bad \"thing\"\non line 2")
        #expect(line.last == 10)
        #expect(line.dropLast().contains(10) == false)
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("{\"type\":\"error\",\"message\":"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
        #expect(object == ["type": "error", "message": "bad \"thing\"\non line 2"])
    }

    @Test func errorLineShortensVeryLongReasons() {
        let line = WireCodec.errorLine(String(repeating: "r", count: 10_000))
        #expect(line.count < 600)
    }

    /// Seeded garbage: random bytes, and valid lines with random bytes flipped. Decoding
    /// must throw or succeed, never trap.
    @Test func decodeSurvivesSeededGarbage() {
        var random = SeededRandom(seed: 2024)
        let valid = WireCodec.encode(WireTestMessage.pong(term: 3, note: "hello"), from: 2)
        for round in 0..<2_000 {
            var line: [UInt8]
            if round % 2 == 0 {
                line = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                line = valid
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    line[Int.random(in: 0..<line.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            _ = try? WireCodec.decode(line, as: WireTestMessage.self)
            _ = try? WireCodec.typeField(of: line)
            _ = WireCodec.senderField(of: line)
        }
    }
}
