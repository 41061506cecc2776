/// Why an HTTP request was answered with an error status instead of reaching `onHTTP`.
public enum HTTPRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request line and headers together are over `limit` bytes.
    case headTooLarge(limit: Int)
    /// The first line is not `METHOD /path HTTP/1.1`.
    case malformedRequestLine(String)
    /// A header line is not `Name: value`.
    case malformedHeader(String)
    /// A version other than HTTP/1.0 or HTTP/1.1.
    case unsupportedVersion(String)
    /// The client closed its side before the blank line that ends the headers.
    case incomplete

    /// The status code that answers this error.
    public var status: Int {
        switch self {
        case .headTooLarge: return 431
        case .unsupportedVersion: return 505
        case .malformedRequestLine, .malformedHeader, .incomplete: return 400
        }
    }

    public var description: String {
        switch self {
        case .headTooLarge(let limit):
            return "the request line and headers are longer than \(limit) bytes; send a shorter request"
        case .malformedRequestLine(let line):
            return "the request line '\(line)' is not of the form 'GET /path HTTP/1.1'"
        case .malformedHeader(let line):
            return "the header line '\(line)' is not of the form 'Name: value'"
        case .unsupportedVersion(let version):
            return "this node speaks HTTP/1.0 and HTTP/1.1, not '\(version)'"
        case .incomplete:
            return "the request ended before the blank line that closes its headers"
        }
    }
}
