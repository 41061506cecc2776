/// Collects an HTTP request head from a connection, a few bytes at a time, up to a bound.
///
/// The transport serves HTTP and JSON lines on one port, so it first asks
/// `startsLikeRequestLine(_:)` about a connection's first bytes, then feeds an HTTP
/// connection's bytes to `push(_:)` until the head is complete or refused.
public struct HTTPRequestReader: Sendable {
    /// How far the head has got.
    public enum Progress: Sendable, Equatable {
        /// No blank line yet: keep reading.
        case needMoreBytes
        /// The head is complete and valid.
        case complete(HTTPRequest)
        /// Answer with `error.status` and close.
        case failed(HTTPRequestError)
    }

    public let maxHeadBytes: Int
    private var head: [UInt8] = []

    public init(maxHeadBytes: Int = HTTPRequest.maxHeadBytes) {
        precondition(maxHeadBytes > 0, "maxHeadBytes must be positive, got \(maxHeadBytes)")
        self.maxHeadBytes = maxHeadBytes
    }

    /// Adds bytes; once the blank line that ends the head has arrived, parses it. Bytes
    /// after the head (a body) are ignored.
    public mutating func push<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Progress {
        // A terminator may straddle two pushes, so look back 3 bytes.
        let searchFrom = max(0, head.count - 3)
        head.append(contentsOf: bytes)
        guard let end = Self.endOfHead(in: head, from: searchFrom) else {
            return head.count > maxHeadBytes ? .failed(.headTooLarge(limit: maxHeadBytes)) : .needMoreBytes
        }
        guard end <= maxHeadBytes else { return .failed(.headTooLarge(limit: maxHeadBytes)) }
        do {
            return .complete(try HTTPRequest.parse(head: head[..<end]))
        } catch {
            return .failed(error)
        }
    }

    /// At end of stream before the head was complete.
    public func finish() -> Progress { .failed(.incomplete) }

    /// Whether a connection's first bytes are an HTTP request line: `true` for one to
    /// sixteen uppercase letters and a space (`GET `, `HEAD `, `OPTIONS `...), `false` as
    /// soon as the bytes cannot be that, `nil` while they could still go either way (`GE`).
    /// A JSON line starts with `{` or a space, so the two never get mixed up.
    public static func startsLikeRequestLine<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool? {
        var letters = 0
        for byte in bytes {
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && letters < 16 {
                letters += 1
            } else {
                return byte == UInt8(ascii: " ") && letters > 0
            }
        }
        return nil
    }

    /// The index just past `\n\n` or `\n\r\n`, searching from `start`.
    private static func endOfHead(in bytes: [UInt8], from start: Int) -> Int? {
        let newline = UInt8(ascii: "\n")
        var index = start
        while let found = bytes[index...].firstIndex(of: newline) {
            let next = found + 1
            if next < bytes.count, bytes[next] == newline { return next + 1 }
            if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == newline {
                return next + 2
            }
            index = next
        }
        return nil
    }
}
