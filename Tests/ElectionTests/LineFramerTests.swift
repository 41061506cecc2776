import Testing
@testable import Election
@testable import ElectionLive

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func drain(_ framer: inout LineFramer) throws -> [String] {
    var lines: [String] = []
    while let line = try framer.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
    return lines
}

@Suite struct LineFramerTests {
    @Test func joinsAPartialLineAcrossPushes() throws {
        var framer = LineFramer()
        framer.push(bytes("{\"type\":"))
        #expect(try framer.nextLine() == nil)
        #expect(framer.pendingByteCount == 8)
        framer.push(bytes("\"status\"}\n"))
        #expect(try drain(&framer) == ["{\"type\":\"status\"}"])
        #expect(framer.pendingByteCount == 0)
    }

    @Test func splitsSeveralLinesFromOnePushAndKeepsTheRest() throws {
        var framer = LineFramer()
        framer.push(bytes("a\nbb\r\n\nccc"))
        #expect(try drain(&framer) == ["a", "bb", ""])
        framer.push(bytes("c\n"))
        #expect(try drain(&framer) == ["cccc"])
    }

    @Test func byteAtATimeGivesTheSameLines() throws {
        var framer = LineFramer(maxLineBytes: 16)
        var lines: [String] = []
        for byte in bytes("one\ntwo\r\nthree\n") {
            framer.push([byte])
            lines += try drain(&framer)
        }
        #expect(lines == ["one", "two", "three"])
    }

    @Test func aLineOfExactlyTheBoundIsAccepted() throws {
        var framer = LineFramer(maxLineBytes: 8)
        framer.push(bytes("12345678\r"))
        #expect(try framer.nextLine() == nil)
        framer.push(bytes("\n"))
        #expect(try drain(&framer) == ["12345678"])
    }

    @Test func aCompleteLineOverTheBoundThrows() throws {
        var framer = LineFramer(maxLineBytes: 8)
        framer.push(bytes("ok\n123456789\n"))
        #expect(try framer.nextLine() == bytes("ok"))
        #expect(throws: WireError.lineTooLong(limit: 8)) { try framer.nextLine() }
    }

    @Test func aPartialLineOverTheBoundThrowsBeforeItsNewline() {
        var framer = LineFramer(maxLineBytes: 8)
        framer.push(bytes("1234567890"))
        #expect(throws: WireError.lineTooLong(limit: 8)) { try framer.nextLine() }
    }

    @Test func finishReturnsTheUnterminatedLastLine() throws {
        var framer = LineFramer()
        framer.push(bytes("first\nsecond"))
        #expect(try drain(&framer) == ["first"])
        #expect(framer.finish() == bytes("second"))
        #expect(framer.finish() == nil)
    }

    @Test func compactionKeepsLinesIntact() throws {
        var framer = LineFramer(maxLineBytes: 64)
        var expected: [String] = []
        var got: [String] = []
        for index in 0..<5_000 {
            let line = "line-\(index)"
            expected.append(line)
            framer.push(bytes(line + "\n"))
            if index % 7 == 0 { got += try drain(&framer) }
        }
        got += try drain(&framer)
        #expect(got == expected)
    }
}
