import Election
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The reported failure: a Bully leader whose standard output was a pipe nobody read
/// stopped answering after about 60 KB of log lines, because its I/O thread blocked in
/// `write`. Here a real `election-node` logs far more than a pipe holds while nobody reads.
@Suite struct StalledLogReaderTests {
    @Test func aNodeWhoseLogPipeIsNotReadKeepsAnsweringAndReportsTheDroppedLines() async throws {
        let reserved = PortReservations(1)
        defer { reserved.release() }
        let port = reserved.ports[0]
        var pipeEnds: [Int32] = [0, 0]
        try #require(pipe(&pipeEnds) == 0)
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        let node = Process()
        node.executableURL = try NodeBinary.url()
        node.arguments = ["--id", "1", "--port", String(port), "--nodes", "1:\(port)", "--log-format", "json"]
        node.standardOutput = FileHandle(fileDescriptor: writeEnd, closeOnDealloc: true)
        node.standardError = FileHandle.nullDevice
        try node.run()
        defer {
            kill(node.processIdentifier, SIGKILL)
            node.waitUntilExit()
        }
        #expect(await eventually { LoopbackProbe.status(port: port)?.role == .leader })

        // 1) 2,000 garbage lines, one per connection: each is refused and logged (a JSON
        //    line of about 200 bytes), about 400 KB in all, six times what the pipe holds.
        let garbageCount = 2_000
        let refused = await onOwnThread {
            var refused = 0
            for _ in 0..<garbageCount {
                guard let reply = LoopbackProbe.exchange(port: port, line: "not json") else { break }
                if reply.contains("\"type\":\"error\"") { refused += 1 }
            }
            return refused
        }
        #expect(refused == garbageCount, "the node stopped answering after \(refused) refusals")
        // 2) Still answering, with nobody reading its log.
        #expect(await eventually { LoopbackProbe.status(port: port)?.role == .leader })

        // 3) Once someone reads, the kept lines come out, then a note with the count.
        let reader = PipeReader(fd: readEnd)
        let found = await onOwnThread {
            reader.firstLine(within: .seconds(30)) { $0.contains("\"event\":\"log_lines_dropped\"") }
        }
        let note = try #require(found, "no log_lines_dropped line; read \(reader.lines.count) lines")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(note.utf8)) as? [String: Any])
        let dropped = try #require(object["dropped"] as? Int)
        let rejectedLinesRead = reader.lines.filter { $0.contains("\"event\":\"line_rejected\"") }.count
        #expect(dropped > 0 && rejectedLinesRead > 0)
        // Every refusal is either in the log or counted as dropped (the log has nothing
        // else to say meanwhile, but allow for it).
        #expect(rejectedLinesRead + dropped >= garbageCount)
        #expect((object["message"] as? String)?.hasPrefix("dropped \(dropped) log lines") == true)
    }
}

/// Reads a pipe's lines with a deadline (`poll`, then `read`), for a test only.
private final class PipeReader {
    let fd: Int32
    private(set) var lines: [String] = []
    private var partial: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    /// Reads until a line satisfies `condition` (and returns it) or `timeout` passes.
    func firstLine(within timeout: Duration, where condition: (String) -> Bool) -> String? {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { return nil }
            partial += buffer[0..<count]
            while let newline = partial.firstIndex(of: 10) {
                let line = String(decoding: partial[..<newline], as: UTF8.self)
                partial.removeSubrange(...newline)
                lines.append(line)
                if condition(line) { return line }
            }
        }
        return nil
    }
}
