import Bully
import Election
import ElectionLive
import Raft

/// Seeded fuzzing of everything a node reads from its port: NDJSON lines (`LineFramer`,
/// `WireCodec` with `BullyMessage` and `RaftMessage`) and HTTP request heads
/// (`HTTPRequestReader`).
///
/// Input `i` of a run with seed `S` is made from its own generator, seeded `S + i`, so
/// any input replays alone with `--inputs 1 --seed S+i`. For every input it checks:
/// - nothing traps (a trap ends the process, and with it the run);
/// - every verdict is accept or reject-with-error: a decoded message has a positive
///   sender and the `type` its line said, and encodes back to itself; a refusal is a
///   `WireError` whose error line is one JSON line; an HTTP head is complete and sane, or
///   refused with a 4xx/5xx status and a one-line reason;
/// - memory stays bounded: a line over the bound is refused, a `LineFramer` never holds
///   more than its bound plus one read between reads, an `HTTPRequestReader` never asks
///   for more bytes past its bound;
/// - a `LineFramer` yields exactly the lines a plain split of the stream gives, up to
///   the first line over its bound.
enum WireFuzzer {
    /// Runs `inputs` inputs, seeds `seed` to `seed + inputs - 1`.
    static func run(inputs: Int, seed: UInt64) -> WireFuzzReport {
        var report = WireFuzzReport(seed: seed)
        var checkedRefusals = Set<String>()
        for index in 0..<max(0, inputs) {
            runOne(seed: seed &+ UInt64(index), into: &report, checkedRefusals: &checkedRefusals)
        }
        return report
    }

    /// The kind input `seed` is: each kind gets an equal share.
    static func kind(_ random: inout SeededRandom) -> WireFuzzKind {
        WireFuzzKind.allCases[Int.random(in: 0..<WireFuzzKind.allCases.count, using: &random)]
    }

    static func runOne(seed: UInt64, into report: inout WireFuzzReport, checkedRefusals: inout Set<String>) {
        var random = SeededRandom(seed: seed)
        let kind = kind(&random)
        var check = Check(kind: kind, seed: seed, checkedRefusals: checkedRefusals)
        defer { checkedRefusals = check.checkedRefusals }
        switch kind {
        case .lineBytes: check.line(WireGarbage.lineBytes(&random), algorithm: Bool.random(using: &random))
        case .jsonObject: check.line(WireGarbage.jsonObject(&random), algorithm: Bool.random(using: &random))
        case .messageBytes: check.line(WireGarbage.messageBytes(&random), algorithm: Bool.random(using: &random))
        case .messageFields: check.line(WireGarbage.messageFields(&random), algorithm: Bool.random(using: &random))
        case .framedStream: check.framedStream(&random, report: &report)
        case .httpHead: check.httpHead(&random)
        }
        report.tallies[kind, default: .init()].inputs += 1
        if check.accepted { report.tallies[kind, default: .init()].accepted += 1 } else {
            report.tallies[kind, default: .init()].rejected += 1
        }
        report.failures += check.failures
    }
}

/// The checks on one input, and what they found.
private struct Check {
    let kind: WireFuzzKind
    let seed: UInt64
    var accepted = false
    var failures: [WireFuzzReport.Failure] = []
    /// Refusals whose error line was already checked, carried from input to input.
    var checkedRefusals: Set<String>

    init(kind: WireFuzzKind, seed: UInt64, checkedRefusals: Set<String>) {
        self.kind = kind
        self.seed = seed
        self.checkedRefusals = checkedRefusals
    }

    mutating func fail(_ problem: String, _ input: some Collection<UInt8>) {
        let shown = input.prefix(120).map { $0 >= 0x20 && $0 < 0x7F ? Character(UnicodeScalar($0)) : "·" }
        failures.append(.init(kind: kind, seed: seed, problem: problem,
                              input: String(shown) + (input.count > 120 ? "... (\(input.count) bytes)" : "")))
    }

    // MARK: - NDJSON lines

    /// One line, read the way a node reads it: the transport looks at `from`, the node
    /// routes by `type` and decodes anything but a status query as its algorithm's message
    /// (Bully or Raft, by `algorithm`; both see every kind of input over a run).
    mutating func line(_ line: [UInt8], algorithm: Bool) {
        _ = WireCodec.senderField(of: line)
        let type = try? WireCodec.typeField(of: line)
        if type == "status" {
            accepted = true
        } else if algorithm {
            decode(line, as: BullyMessage.self, type: type)
        } else {
            decode(line, as: RaftMessage.self, type: type)
        }
    }

    private mutating func decode<Message: ElectionMessage>(_ line: [UInt8], as _: Message.Type, type: String?) {
        var body = line[...]
        if body.last == 10 { body = body.dropLast() }
        if body.last == 13 { body = body.dropLast() }
        do {
            let (message, sender) = try WireCodec.decode(line, as: Message.self)
            accepted = true
            if body.count > WireCodec.maxLineBytes { fail("accepted a line over the \(WireCodec.maxLineBytes)-byte bound", line) }
            if sender.rawValue <= 0 { fail("accepted sender \(sender), not a positive id", line) }
            if message.typeName != type { fail("decoded \(message) from a line whose type is \(type ?? "missing")", line) }
            let again = WireCodec.encode(message, from: sender)
            guard let back = try? WireCodec.decode(again, as: Message.self), back.message == message, back.from == sender
            else { return fail("\(message) from \(sender) does not survive encode and decode", line) }
        } catch {
            if body.count > WireCodec.maxLineBytes, error != .lineTooLong(limit: WireCodec.maxLineBytes) {
                fail("a line over the bound was refused as \(error), not as too long", line)
            }
            // Most refusals repeat ("not a JSON object"): check each distinct one once.
            guard checkedRefusals.insert(error.description).inserted else { return }
            let reply = WireCodec.errorLine(error.description)
            if error.description.isEmpty || reply.last != 10 || reply.dropLast().contains(10)
                || !reply.starts(with: Array("{\"type\":\"error\",\"message\":\"".utf8)) {
                fail("refusal \(error) does not give a one-line JSON error", line)
            }
        }
    }

    // MARK: - LineFramer

    /// A stream in random chunks through a framer with a random bound, against a model:
    /// split on `\n`, drop one `\r` before it, refuse the first line over the bound.
    mutating func framedStream(_ random: inout SeededRandom, report: inout WireFuzzReport) {
        // Mostly small bounds, so long lines are cheap to make; now and then the real one.
        let bound = Int.random(in: 0..<32, using: &random) == 0
            ? WireCodec.maxLineBytes : Int.random(in: 1...512, using: &random)
        let stream = WireGarbage.stream(&random, bound: bound)
        var framer = LineFramer(maxLineBytes: bound)
        var lines: [[UInt8]] = []
        var refused = false
        feed: for chunk in WireGarbage.chunks(stream, &random) {
            framer.push(chunk)
            while true {
                do {
                    guard let next = try framer.nextLine() else { break }
                    lines.append(next)
                } catch {
                    refused = true
                    break feed
                }
            }
            report.largestFramerPending = max(report.largestFramerPending, framer.pendingByteCount)
            if framer.pendingByteCount > bound + 1 {
                fail("LineFramer holds \(framer.pendingByteCount) bytes between reads, over its bound \(bound) + 1", stream)
            }
        }
        report.largestFramerBound = max(report.largestFramerBound, bound)
        compare(lines, refused: refused, framer: &framer, stream: stream, bound: bound)
        if let first = lines.first { line(first, algorithm: Bool.random(using: &random)) }
        if !refused, !lines.isEmpty { accepted = true }
    }

    private mutating func compare(_ lines: [[UInt8]], refused: Bool, framer: inout LineFramer,
                                  stream: [UInt8], bound: Int) {
        var pieces = stream.split(separator: 10, omittingEmptySubsequences: false).map { piece -> [UInt8] in
            piece.last == 13 ? Array(piece.dropLast()) : Array(piece)
        }
        let remainder = pieces.removeLast()  // after the last newline: not a line yet
        let complete = pieces
        let expected = Array(complete.prefix { $0.count <= bound })
        if lines.contains(where: { $0.count > bound || $0.contains(10) }) {
            return fail("LineFramer returned a line over its bound \(bound) or with a newline in it", stream)
        }
        guard lines.count <= expected.count, Array(expected.prefix(lines.count)) == lines else {
            return fail("LineFramer's lines differ from the stream's lines (bound \(bound))", stream)
        }
        if refused {
            let next = lines.count < complete.count ? complete[lines.count] : remainder
            if next.count <= bound { fail("LineFramer refused a line of \(next.count) bytes, within its bound \(bound)", stream) }
        } else {
            if lines.count != complete.count { fail("LineFramer stopped after \(lines.count) of \(complete.count) lines", stream) }
            let last = framer.finish()
            let wanted: [UInt8]? = remainder.isEmpty || remainder.count > bound ? nil : remainder
            if last != wanted { fail("LineFramer.finish() gave the wrong last line (bound \(bound))", stream) }
        }
    }

    // MARK: - HTTP heads

    /// A head in random chunks through a reader with a random bound.
    mutating func httpHead(_ random: inout SeededRandom) {
        let bound = Bool.random(using: &random) ? HTTPRequest.maxHeadBytes : Int.random(in: 16...1_024, using: &random)
        let head = WireGarbage.httpHead(&random, bound: bound)
        _ = HTTPRequestReader.startsLikeRequestLine(head.prefix(Int.random(in: 0...20, using: &random)))
        var reader = HTTPRequestReader(maxHeadBytes: bound)
        var pushed = 0
        var progress = HTTPRequestReader.Progress.needMoreBytes
        for chunk in WireGarbage.chunks(head, &random) {
            pushed += chunk.count
            progress = reader.push(chunk)
            guard case .needMoreBytes = progress else { break }
            if pushed > bound { return fail("HTTPRequestReader still reading after \(pushed) bytes, bound \(bound)", head) }
        }
        if case .needMoreBytes = progress { progress = reader.finish() }
        switch progress {
        case .needMoreBytes:
            fail("HTTPRequestReader.finish() still wants bytes", head)
        case .complete(let request):
            accepted = true
            check(request, head: head)
        case .failed(let error):
            if ![400, 431, 505].contains(error.status) { fail("refused with status \(error.status)", head) }
            if error.description.contains(where: { $0 == "\n" || $0 == "\r" }) {
                fail("refusal reason is not one line: \(error.description)", head)
            }
        }
    }

    private mutating func check(_ request: HTTPRequest, head: [UInt8]) {
        let method = Array(request.method.utf8)
        if !(1...16).contains(method.count) || !method.allSatisfy({ (65...90).contains($0) }) {
            fail("accepted method '\(request.method)'", head)
        }
        if request.version != "HTTP/1.1" && request.version != "HTTP/1.0" { fail("accepted version '\(request.version)'", head) }
        if !(request.path.hasPrefix("/") || request.path == "*") { fail("accepted path '\(request.path)'", head) }
        let texts = [request.target, request.path, request.query ?? ""] + request.headers.flatMap { [$0.name, $0.value] }
        if texts.contains(where: { $0.contains(where: { $0 == "\n" || $0 == "\r" }) }) {
            fail("a line break got into the parsed request", head)
        }
        if request.headers.contains(where: { $0.name.isEmpty }) { fail("accepted a header without a name", head) }
    }
}
