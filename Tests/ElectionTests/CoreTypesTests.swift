import Foundation
import Testing
@testable import Election

@Suite struct CoreTypesTests {
    @Test func nodeIDsArePositive() {
        #expect(NodeID(rawValue: 0) == nil)
        #expect(NodeID(rawValue: -3) == nil)
        #expect(NodeID(rawValue: 7)?.rawValue == 7)
    }

    @Test func nodeIDIsAPlainJSONNumber() throws {
        let data = try JSONEncoder().encode([NodeID(3)])
        #expect(String(decoding: data, as: UTF8.self) == "[3]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([NodeID].self, from: Data("[0]".utf8)) }
    }

    @Test func sameSeedSameSequence() {
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        var c = SeededRandom(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func durationsAreDrawnFromTheHalfOpenRange() {
        var random = SeededRandom(seed: 1)
        let low = Duration.milliseconds(150), high = Duration.milliseconds(300)
        var seenLow = Duration.seconds(1), seenHigh = Duration.zero
        for _ in 0..<10_000 {
            let value = random.duration(from: low, below: high)
            #expect(value >= low && value < high)
            seenLow = min(seenLow, value)
            seenHigh = max(seenHigh, value)
        }
        // Uniform: both ends of the range are reached closely.
        #expect(seenLow < .milliseconds(151))
        #expect(seenHigh > .milliseconds(299))
        #expect(random.duration(from: low, below: low) == low)
    }

    @Test func instantArithmeticAndText() {
        let later = Instant.start + .milliseconds(1250)
        #expect(later - .start == .milliseconds(1250))
        #expect(later.description == "t+1.250s")
        #expect(Duration.milliseconds(-5).secondsText == "-0.005s")
        #expect(Duration.milliseconds(1.5).milliseconds == 1.5)
    }
}
