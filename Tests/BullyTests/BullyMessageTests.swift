import Election
import Foundation
import Testing
@testable import Bully

@Suite struct BullyMessageTests {
    static let everyKind: [BullyMessage] = [
        .election, .answer, .coordinator(epoch: 4), .heartbeat(epoch: UInt64.max), .leaving(life: 9),
        .hello(life: BullyMessage.largestLife),
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
        #expect(try json(.leaving(life: 77)) == #"{"life":77,"type":"leaving"}"#)
        #expect(try json(.hello(life: 78)) == #"{"life":78,"type":"hello"}"#)
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
        #expect(try decode(#"{"from":5,"type":"leaving","life":77}"#) == .leaving(life: 77))
    }

    /// A node from before lives says neither; it reads as life 0, "not said".
    @Test func aLifeLeftOut_readsAsZero() throws {
        #expect(try decode(#"{"from":5,"type":"leaving"}"#) == .leaving(life: 0))
        #expect(try decode(#"{"from":5,"type":"hello"}"#) == .hello(life: 0))
    }

    /// Bounded, so that a reader that keeps JSON numbers as doubles reads it exactly.
    @Test func aLifeAboveTheLargestDrawn_isRefused() {
        #expect(throws: DecodingError.self) { try decode(#"{"type":"hello","life":9007199254740992}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"type":"leaving","life":-1}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"type":"leaving","life":"7"}"#) }
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
