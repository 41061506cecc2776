import Election
import Foundation
import Testing
@testable import Bully

@Suite struct BullyMessageTests {
    static let everyKind: [BullyMessage] = [
        .election, .answer, .coordinator(epoch: 4), .heartbeat(epoch: UInt64.max), .leaving, .hello,
    ]

    private func json(_ message: BullyMessage) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(message), as: UTF8.self)
    }

    private func decode(_ text: String) throws -> BullyMessage {
        try JSONDecoder().decode(BullyMessage.self, from: Data(text.utf8))
    }

    @Test func exactWireShape() throws {
        #expect(try json(.election) == #"{"type":"election"}"#)
        #expect(try json(.answer) == #"{"type":"answer"}"#)
        #expect(try json(.coordinator(epoch: 4)) == #"{"epoch":4,"type":"coordinator"}"#)
        #expect(try json(.heartbeat(epoch: 12)) == #"{"epoch":12,"type":"heartbeat"}"#)
        #expect(try json(.leaving) == #"{"type":"leaving"}"#)
        #expect(try json(.hello) == #"{"type":"hello"}"#)
    }

    @Test(arguments: everyKind)
    func roundTrip(message: BullyMessage) throws {
        #expect(try decode(json(message)) == message)
    }

    @Test(arguments: everyKind)
    func typeFieldIsTheTypeName(message: BullyMessage) throws {
        let object = try JSONSerialization.jsonObject(with: Data(json(message).utf8)) as? [String: Any]
        #expect(object?["type"] as? String == message.typeName)
        // The transport owns these keys.
        for reserved in ["from", "cluster", "error"] {
            #expect(object?[reserved] == nil)
        }
    }

    @Test func decodesWhatTheTransportDelivers() throws {
        #expect(try decode(#"{"type":"coordinator","epoch":7,"from":5}"#) == .coordinator(epoch: 7))
        #expect(try decode(#"{"from":2,"type":"election"}"#) == .election)
        #expect(try decode(#"{"from":5,"type":"leaving"}"#) == .leaving)
    }

    @Test func unknownTypeIsRefused() {
        #expect(throws: DecodingError.self) { try decode(#"{"type":"request_vote","term":3}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"epoch":3}"#) }
    }

    @Test func epochIsRequiredWhereItBelongs() {
        #expect(throws: DecodingError.self) { try decode(#"{"type":"coordinator"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"type":"heartbeat","epoch":-1}"#) }
    }
}
