import Foundation
import Synchronization
import Testing
@testable import Election
@testable import ElectionLive

@Suite struct EventLogTests {
    /// 2025-11-27 03:06:24.567123456 UTC.
    let moment = EventLog.Timestamp(epochNanoseconds: 1_764_212_784_567_123_456)

    @Test func textLineIsTimeOfDayNodeAndSentence() {
        let log = EventLog(node: 2, format: .text, sink: { _ in })
        let line = log.line(for: Event(.leaderChanged, "leader is now 2 (term 5)", term: 5), at: moment)
        #expect(line.hasSuffix(".567 [node 2] leader is now 2 (term 5)\n"))
        let clock = line.prefix(8)
        #expect(clock.count == 8 && clock.filter { $0 == ":" }.count == 2)
        #expect(clock.allSatisfy { $0.isNumber || $0 == ":" })
    }

    @Test func jsonLineHasTimestampNodeEventMessageTermAndFields() throws {
        let log = EventLog(node: 2, format: .json, sink: { _ in })
        let line = log.line(for: Event(.leaderChanged, "leader is now 3 (term 5)", term: 5),
                            fields: [("leader", .int(3)), ("role", .string("follower"))], at: moment)
        #expect(line.hasPrefix("{\"ts\":1764212784567.123,\"node\":2,\"event\":\"leader_changed\","))
        #expect(line.hasSuffix("}\n"))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["node"] as? Int == 2)
        #expect(object["event"] as? String == "leader_changed")
        #expect(object["message"] as? String == "leader is now 3 (term 5)")
        #expect(object["term"] as? Int == 5)
        #expect(object["leader"] as? Int == 3)
        #expect(object["role"] as? String == "follower")
        #expect(abs((object["ts"] as? Double ?? 0) - 1_764_212_784_567.123) < 0.001)
    }

    @Test func jsonLineLeavesOutAnUnknownTermAndWritesNull() throws {
        let log = EventLog(node: 1, format: .json, sink: { _ in })
        let line = log.line(for: Event(.leaderLost, "no leader"), fields: [("leader", .null)], at: moment)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["term"] == nil)
        #expect(object["leader"] is NSNull)
    }

    @Test func jsonEscapesQuotesNewlinesAndControlCharacters() throws {
        let tricky = "say \"hi\"\\ then\nnew line\t\u{01} é"
        let log = EventLog(node: 1, format: .json, sink: { _ in })
        let line = log.line(for: Event(.note, tricky), at: moment)
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == tricky)
    }

    @Test func epochMillisecondsKeepLeadingZerosOfTheFraction() {
        #expect(EventLog.Timestamp(epochNanoseconds: 1_000_005_000).epochMillisecondsText == "1000.005")
        #expect(EventLog.Timestamp(epochNanoseconds: 1_234_000_000).epochMillisecondsText == "1234.000")
    }

    @Test func recordHandsWholeLinesToTheSinkInOrder() {
        let lines = Mutex<[String]>([])
        let log = EventLog(node: 7, format: .text, sink: { line in lines.withLock { $0.append(line) } })
        log.record(Event(.note, "first"))
        log.record(Event(.note, "second"))
        let written = lines.withLock { $0 }
        #expect(written.count == 2)
        #expect(written[0].hasSuffix("[node 7] first\n"))
        #expect(written[1].hasSuffix("[node 7] second\n"))
    }
}
