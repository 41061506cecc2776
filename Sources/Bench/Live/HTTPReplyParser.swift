import Foundation

/// Reads one HTTP/1.1 reply out of the bytes received so far: the status line, the
/// headers, and a body of `Content-Length` bytes. It is all the bench needs from the peers
/// it measures (etcd's grpc-gateway and the workshop's uvicorn both send a length), and it
/// does no I/O, so it is tested on plain byte strings.
///
///     let reply = HTTPReplyParser.parse(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".utf8))
///     // .complete(HTTPReply(status: 200, body: [123, 125], keepAlive: true), consumed: 40)
///
/// A reply without `Content-Length` (chunked, or ended by closing) is refused as malformed:
/// a poll that has to wait for the connection to close would blur the timing.
enum HTTPReplyParser {
    /// One complete reply.
    struct HTTPReply: Hashable, Sendable {
        var status: Int
        var body: [UInt8]
        /// False when the server said `Connection: close` (or spoke HTTP/1.0 without
        /// keep-alive): the next request needs a new connection.
        var keepAlive: Bool
    }

    enum Outcome: Hashable, Sendable {
        /// More bytes are needed.
        case incomplete
        /// A reply, and how many bytes of the input it took.
        case complete(HTTPReply, consumed: Int)
        /// The bytes are not a reply this parser understands; the sentence says why.
        case malformed(String)
    }

    /// Headers longer than this are not a status reply.
    static let maxHeaderBytes = 16_384
    /// Neither peer's status is anywhere near this long.
    static let maxBodyBytes = 1_048_576

    static func parse(_ bytes: [UInt8]) -> Outcome {
        guard let headerEnd = endOfHeaders(in: bytes) else {
            return bytes.count > maxHeaderBytes ? .malformed("the reply's headers exceed \(maxHeaderBytes) bytes")
                : .incomplete
        }
        let head = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            return .malformed("the reply does not start with an HTTP/1.x status line: \(lines[0].prefix(60))")
        }
        var contentLength: Int?
        var keepAlive = statusParts[0] == "HTTP/1.1"
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "content-length":
                guard let length = Int(value), length >= 0, length <= maxBodyBytes else {
                    return .malformed("the reply has an unusable Content-Length: \(value)")
                }
                contentLength = length
            case "connection":
                if value == "close" { keepAlive = false }
                if value == "keep-alive" { keepAlive = true }
            case "transfer-encoding":
                return .malformed("the reply is sent as \(value); the bench reads only replies with a Content-Length")
            default:
                break
            }
        }
        guard let contentLength else { return .malformed("the reply has no Content-Length") }
        let bodyStart = headerEnd + 4
        guard bytes.count >= bodyStart + contentLength else { return .incomplete }
        let reply = HTTPReply(status: status, body: Array(bytes[bodyStart..<(bodyStart + contentLength)]),
                              keepAlive: keepAlive)
        return .complete(reply, consumed: bodyStart + contentLength)
    }

    /// The index of the `\r\n\r\n` that ends the headers.
    private static func endOfHeaders(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
