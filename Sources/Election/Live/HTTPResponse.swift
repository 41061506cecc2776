/// What `TCPTransport.Handlers.onHTTP` answers: a status code, a body and its type (JSON
/// unless said otherwise). The transport writes it as HTTP/1.1 with `Content-Type`,
/// `Content-Length` and `Connection: close`, then closes the connection.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// The body text. A newline is added on the wire when missing, so `curl` output ends cleanly.
    public var body: String
    /// The `Content-Type` header.
    public var contentType: String

    public init(status: Int, body: String, contentType: String = "application/json") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    /// 200 with this JSON body.
    public static func json(_ body: String) -> HTTPResponse { HTTPResponse(status: 200, body: body) }

    /// 200 with metrics in the Prometheus text format (`MetricsExposition`).
    public static func metrics(_ exposition: String) -> HTTPResponse {
        HTTPResponse(status: 200, body: exposition, contentType: MetricsExposition.contentType)
    }

    /// 404 for a path this node does not serve.
    public static let notFound = HTTPResponse.error(
        status: 404, message: "no such path; this node answers GET /, /health, /status and /metrics")

    /// An error status with the same `{"type":"error","message":...}` body as the line
    /// protocol's error lines.
    public static func error(status: Int, message: String) -> HTTPResponse {
        let line = WireCodec.errorLine(message)
        return HTTPResponse(status: status, body: String(decoding: line.dropLast(), as: UTF8.self))
    }

    /// The standard phrase for `status`: `OK`, `Not Found`, ...
    public var reasonPhrase: String {
        switch status {
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }

    /// The bytes on the wire. `includingBody: false` answers a `HEAD` request: the same
    /// headers, `Content-Length` included, and no body.
    public func serialized(includingBody: Bool = true) -> [UInt8] {
        var bodyBytes = Array(body.utf8)
        if bodyBytes.last != UInt8(ascii: "\n") { bodyBytes.append(UInt8(ascii: "\n")) }
        let head = "HTTP/1.1 \(status) \(reasonPhrase)\r\n"
            + "Content-Type: \(contentType)\r\n"
            + "Content-Length: \(bodyBytes.count)\r\n"
            + "Cache-Control: no-store\r\n"
            + "Access-Control-Allow-Origin: *\r\n"
            + "Connection: close\r\n"
            + "\r\n"
        return Array(head.utf8) + (includingBody ? bodyBytes : [])
    }
}
