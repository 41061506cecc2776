/// One HTTP/1.x request head: the request line and its headers (the transport ignores any
/// body, since every route is a `GET` and it closes the connection after answering).
public struct HTTPRequest: Sendable, Equatable {
    /// One `Name: value` header, as sent.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// `GET`, `HEAD`, `POST`, ...: uppercase letters.
    public var method: String
    /// The request target as sent: `/status?verbose=1`, or `http://host:8001/status`.
    public var target: String
    /// The target's path, without query: `/status`. Always starts with `/` (or is `*`).
    public var path: String
    /// The part after `?`, without it; `nil` when there is none.
    public var query: String?
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    public var headers: [Header]

    /// A request line and headers longer than this are refused with 431: status requests
    /// are a few hundred bytes, and a bound keeps a slow or hostile client from making the
    /// node buffer without limit.
    public static let maxHeadBytes = 8_192

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Parses a request head: the bytes up to and including the blank line that ends it
    /// (`\r\n` or bare `\n` line endings).
    public static func parse<Bytes: Collection<UInt8>>(head: Bytes) throws(HTTPRequestError) -> HTTPRequest {
        var lines = splitLines(head)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw .malformedRequestLine("") }
        var request = try parseRequestLine(requestLine)
        for line in lines.dropFirst() {
            request.headers.append(try parseHeader(line))
        }
        return request
    }

    // MARK: - Parsing steps

    private static func splitLines<Bytes: Collection<UInt8>>(_ head: Bytes) -> [ArraySlice<UInt8>] {
        Array(head).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
    }

    /// `METHOD SP target SP HTTP/1.x`, printable ASCII only.
    private static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPRequestError) -> HTTPRequest {
        let shown = printable(line)
        guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw .malformedRequestLine(shown)
        }
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard parts.count == 3 else { throw .malformedRequestLine(shown) }
        let (method, target, version) = (parts[0], parts[1], parts[2])
        guard (1...16).contains(method.utf8.count),
              method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") })
        else { throw .malformedRequestLine(shown) }
        guard version.hasPrefix("HTTP/") else { throw .malformedRequestLine(shown) }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .unsupportedVersion(version) }
        guard let (path, query) = pathAndQuery(of: target) else { throw .malformedRequestLine(shown) }
        return HTTPRequest(method: method, target: target, path: path, query: query,
                           version: version, headers: [])
    }

    /// Origin form (`/a?b`), asterisk form (`*`) or absolute form (`http://host/a?b`).
    private static func pathAndQuery(of target: String) -> (String, String?)? {
        if target == "*" { return ("*", nil) }
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            guard let scheme = ["http://", "https://"].first(where: { rest.lowercased().hasPrefix($0) })
            else { return nil }
            rest = rest.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return ("/", nil) }
            rest = rest[slash...]
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        guard let mark = rest.firstIndex(of: "?") else { return (String(rest), nil) }
        return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
    }

    /// `Name: value`, where the name is a token and the value has no control characters
    /// other than tab. Folded (indented) continuation lines are obsolete and refused.
    private static func parseHeader(_ line: ArraySlice<UInt8>) throws(HTTPRequestError) -> Header {
        let shown = printable(line)
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformedHeader(shown) }
        let name = line[..<colon]
        let tokenSymbols = Array("!#$%&'*+-.^_`|~".utf8)
        guard !name.isEmpty, name.allSatisfy({ byte in
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                || tokenSymbols.contains(byte)
        }) else { throw .malformedHeader(shown) }
        let value = line[line.index(after: colon)...]
        guard value.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
            throw .malformedHeader(shown)
        }
        let trimmed = value.drop(while: { $0 == 0x20 || $0 == 0x09 })
        let end = trimmed.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }).map { $0 + 1 } ?? trimmed.startIndex
        return Header(name: String(decoding: name, as: UTF8.self),
                      value: String(decoding: trimmed[..<end], as: UTF8.self))
    }

    /// The line for an error message: non-printable bytes as `?`, at most 100 characters.
    private static func printable(_ line: ArraySlice<UInt8>) -> String {
        let shown = line.prefix(100).map { $0 >= 0x20 && $0 < 0x7F ? Character(UnicodeScalar($0)) : "?" }
        return String(shown) + (line.count > 100 ? "..." : "")
    }
}
