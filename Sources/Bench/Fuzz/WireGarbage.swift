import Bully
import Election
import ElectionLive
import Raft

/// The inputs the wire fuzzer sends: every function draws all its choices from the
/// generator it is handed, so one seed always makes the same bytes.
enum WireGarbage {
    // MARK: - Building blocks

    /// A valid line of every message a node sends or receives: the four Bully and four
    /// Raft message types (with random numbers in them) and the status query.
    static func validLine(_ random: inout SeededRandom) -> [UInt8] {
        let sender = NodeID(rawValue: Int.random(in: 1...9, using: &random))!
        let number = { (random: inout SeededRandom) -> UInt64 in
            Bool.random(using: &random) ? UInt64.random(in: 0...20, using: &random) : random.next()
        }
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return WireCodec.encode(BullyMessage.election, from: sender)
        case 1: return WireCodec.encode(BullyMessage.answer, from: sender)
        case 2: return WireCodec.encode(BullyMessage.coordinator(epoch: number(&random)), from: sender)
        case 3: return WireCodec.encode(BullyMessage.heartbeat(epoch: number(&random)), from: sender)
        case 4:
            return WireCodec.encode(RaftMessage.requestVote(
                term: number(&random), lastLogIndex: number(&random), lastLogTerm: number(&random)), from: sender)
        case 5:
            return WireCodec.encode(RaftMessage.requestVoteReply(
                term: number(&random), voteGranted: Bool.random(using: &random)), from: sender)
        case 6:
            return WireCodec.encode(RaftMessage.appendEntries(
                term: number(&random), prevLogIndex: number(&random), prevLogTerm: number(&random),
                leaderCommit: number(&random)), from: sender)
        case 7:
            return WireCodec.encode(RaftMessage.appendEntriesReply(
                term: number(&random), success: Bool.random(using: &random)), from: sender)
        default:
            return WireCodec.statusRequestLine
        }
    }

    /// Every key a real line carries, plus keys a node must not trip over.
    static let keys = [
        "type", "from", "epoch", "term", "last_log_index", "last_log_term", "vote_granted",
        "prev_log_index", "prev_log_term", "entries", "leader_commit", "success",
        "message", "id", "", "TYPE", "from ", "__proto__", "constructor", "\\u0074ype",
    ]

    /// Every `type` a node knows, and near misses.
    static let typeNames = [
        "election", "answer", "coordinator", "heartbeat", "request_vote", "request_vote_reply",
        "append_entries", "append_entries_reply", "status", "error", "", "ELECTION", "vote",
        "request_vote ", "heartbeat\\u0000", "status\\n",
    ]

    /// JSON values chosen to hurt: integer and float edges, wrong types, escapes.
    static let hostileValues = [
        "0", "-0", "1", "-1", "2", "1.5", "-1.5", "1e3", "1E-3", "1e308", "-1e308", "1e309",
        "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "123456789012345678901234567890123456789", "0.0000000000000000000001",
        "\"1\"", "\"\"", "\"status\"", "null", "true", "false", "[]", "{}", "[1,2,3]", "[{}]",
        "{\"type\":\"status\"}", "\"\\u0000\"", "\"\\ud800\"", "\"\\uDFFF\\uD800\"", "\"é€𝄞\"",
        "\"" + String(repeating: "x", count: 600) + "\"", "\"\\n\\r\\t\"",
        // Not JSON at all: the whole line must then be refused.
        "01", "+1", ".5", "1.", "NaN", "Infinity", "0x10", "tru", "nul", "'a'", "\"open",
    ]

    static func element<T>(_ array: [T], _ random: inout SeededRandom) -> T {
        array[Int.random(in: 0..<array.count, using: &random)]
    }

    /// One third any byte, two thirds JSON's punctuation, from one 64-bit draw per byte.
    static func randomBytes(count: Int, _ random: inout SeededRandom) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            let draw = random.next()
            bytes[index] = draw % 3 == 0 ? UInt8(truncatingIfNeeded: draw >> 8)
                : punctuation[Int((draw >> 16) % UInt64(punctuation.count))]
        }
        return bytes
    }

    // MARK: - One input of each kind

    /// Random bytes; now and then one byte over the default line bound.
    static func lineBytes(_ random: inout SeededRandom) -> [UInt8] {
        if Int.random(in: 0..<500, using: &random) == 0 {
            return [UInt8](repeating: UInt8(ascii: "{"), count: WireCodec.maxLineBytes + 1)
        }
        return randomBytes(count: Int.random(in: 0...96, using: &random), &random)
    }

    /// A JSON object from the wire's keys and hostile values, sometimes deeply nested.
    static func jsonObject(_ random: inout SeededRandom) -> [UInt8] {
        var fields: [String] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            fields.append("\"\(element(keys, &random))\":\(jsonValue(depth: 0, &random))")
        }
        if Int.random(in: 0..<50, using: &random) == 0 {
            let depth = Int.random(in: 100...20_000, using: &random)
            fields.append("\"entries\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        }
        return Array(("{" + fields.joined(separator: ",") + "}").utf8)
    }

    private static func jsonValue(depth: Int, _ random: inout SeededRandom) -> String {
        switch Int.random(in: 0..<(depth > 3 ? 3 : 5), using: &random) {
        case 0: return element(hostileValues, &random)
        case 1: return "\"\(element(typeNames, &random))\""
        case 2: return String(random.next())
        case 3:
            let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in jsonValue(depth: depth + 1, &random) }
            return "[" + items.joined(separator: ",") + "]"
        default:
            let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                "\"\(element(keys, &random))\":" + jsonValue(depth: depth + 1, &random)
            }
            return "{" + items.joined(separator: ",") + "}"
        }
    }

    /// A valid line with one change at the byte level, or up to eight.
    static func messageBytes(_ random: inout SeededRandom) -> [UInt8] {
        var line = validLine(&random)
        let changes = Bool.random(using: &random) ? 1 : Int.random(in: 2...8, using: &random)
        for _ in 0..<changes {
            guard !line.isEmpty else { break }
            let at = Int.random(in: 0..<line.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: line[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            case 1: line.insert(UInt8.random(in: 0...255, using: &random), at: at)
            case 2: line.remove(at: at)
            case 3: line.removeSubrange(at...)
            case 4:
                let end = min(line.count, at + Int.random(in: 1...12, using: &random))
                line.insert(contentsOf: line[at..<end], at: end)
            default: line[at] = element(structural, &random)
            }
        }
        return line
    }

    /// A valid line re-written field by field, with one to three fields changed: a hostile
    /// value, a field removed or repeated, another `type` or `from`, an extra key, two
    /// values swapped, or a number made ten times larger.
    static func messageFields(_ random: inout SeededRandom) -> [UInt8] {
        var fields = fieldsOf(validLine(&random))
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let at = fields.isEmpty ? 0 : Int.random(in: 0..<fields.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0 where !fields.isEmpty: fields[at].value = element(hostileValues, &random)
            case 7 where fields.count > 1:  // two fields swap values: a term where the sender goes
                let other = Int.random(in: 0..<fields.count, using: &random)
                (fields[at].value, fields[other].value) = (fields[other].value, fields[at].value)
            case 1 where !fields.isEmpty: fields.remove(at: at)
            case 2 where !fields.isEmpty: fields.append(fields[at])  // the same key twice
            case 3: fields.insert(("type", "\"\(element(typeNames, &random))\""), at: at)
            case 4: fields.insert(("from", element(fromValues, &random)), at: at)
            case 5: fields.insert((element(keys, &random), element(hostileValues, &random)), at: at)
            default:
                if !fields.isEmpty { fields[at].value = String(random.next()) + (Bool.random(using: &random) ? "0" : "") }
            }
        }
        let body = fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return Array(("{" + body + "}").utf8) + (Bool.random(using: &random) ? [10] : [13, 10])
    }

    /// The top-level fields of one of our own encoded lines, as raw JSON text. Our encoder
    /// writes flat objects of numbers, booleans, strings and `[]`, so commas split them.
    static func fieldsOf(_ line: [UInt8]) -> [(key: String, value: String)] {
        var text = String(decoding: line, as: UTF8.self)
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return [] }
        return text.dropFirst().dropLast().split(separator: ",").compactMap { pair in
            guard let colon = pair.firstIndex(of: ":") else { return nil }
            let key = pair[..<colon].dropFirst().dropLast()
            return (String(key), String(pair[pair.index(after: colon)...]))
        }
    }

    /// A stream of a few lines of every kind, some very long, some without a newline.
    static func stream(_ random: inout SeededRandom, bound: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...5, using: &random) {
            switch Int.random(in: 0..<6, using: &random) {
            case 0, 1: bytes += validLine(&random)
            case 2: bytes += messageBytes(&random)
            case 3: bytes += messageFields(&random)
            case 4: bytes += [UInt8](repeating: UInt8(ascii: "a"), count: max(0, bound + Int.random(in: -2...2, using: &random)))
            default: bytes += randomBytes(count: Int.random(in: 0...40, using: &random), &random)
            }
            if Bool.random(using: &random) { bytes += Bool.random(using: &random) ? [10] : [13, 10] }
        }
        return bytes
    }

    static let httpMethods = ["GET", "HEAD", "POST", "OPTIONS", "get", "G", "ABCDEFGHIJKLMNOPQ", ""]
    static let httpTargets = ["/", "/health", "/status", "/metrics", "/nowhere?x=1", "*", "http://h:1/status",
                              "https://h", "status", "/a b", "/%00", "//", "/" + String(repeating: "p", count: 300)]
    static let httpVersions = ["HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/1.1 ", "http/1.1", "HTTP/", ""]
    static let httpHeaders = ["Host: 127.0.0.1", "User-Agent: curl/8", "Accept: */*", "X:", "No colon",
                              ": empty name", "Bad Name: v", "Tab:\tvalue", "Ctl: a\u{1}b", " folded: x"]
    static let longHeader = "Long: " + String(repeating: "v", count: 2_000)
    static let punctuation = Array("{}[]\":,\\ 0123456789-+.eEtrufalsn\r\n\t".utf8)
    static let structural = Array("{}[]\":,\\0-9en\n\r".utf8)
    static let headBreakers = Array("\r\n :/".utf8)
    static let fromValues = hostileValues + ["0", "-5", "3", "1.0"]

    /// An HTTP request head: a good one, a mutated one, or one over the bound.
    static func httpHead(_ random: inout SeededRandom, bound: Int) -> [UInt8] {
        let newline = Bool.random(using: &random) ? "\r\n" : "\n"
        // Half the heads start valid (the first entries of each list are), so the mutations
        // below also reach the header parser and the accepting paths.
        let valid = Bool.random(using: &random)
        func pick(_ list: [String], validCount: Int, _ random: inout SeededRandom) -> String {
            valid ? list[Int.random(in: 0..<validCount, using: &random)] : element(list, &random)
        }
        var text = pick(httpMethods, validCount: 4, &random) + " " + pick(httpTargets, validCount: 8, &random)
            + " " + pick(httpVersions, validCount: 2, &random)
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            text += newline + pick(httpHeaders, validCount: 4, &random)
        }
        if Int.random(in: 0..<20, using: &random) == 0 { text += newline + longHeader }
        text += newline + newline
        var head = Array(text.utf8)
        if Int.random(in: 0..<3, using: &random) == 0 {
            for _ in 0..<Int.random(in: 1...4, using: &random) where !head.isEmpty {
                let at = Int.random(in: 0..<head.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: head[at] = UInt8.random(in: 0...255, using: &random)
                case 1: head.remove(at: at)
                default: head.insert(element(headBreakers, &random), at: at)
                }
            }
        }
        if Int.random(in: 0..<20, using: &random) == 0 {
            head = Array("GET / HTTP/1.1\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "h"), count: bound + 10)
        }
        return head
    }

    /// Cuts `bytes` into chunks of random sizes, the way reads split a TCP stream.
    static func chunks(_ bytes: [UInt8], _ random: inout SeededRandom) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let size = Int.random(in: 0..<4, using: &random) == 0
                ? Int.random(in: 1...3, using: &random)
                : Int.random(in: 1...max(1, bytes.count), using: &random)
            let end = min(bytes.count, start + size)
            pieces.append(bytes[start..<end])
            start = end
        }
        return pieces
    }
}
