import Testing
@testable import Election
@testable import ElectionLive

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct HTTPRequestTests {
    @Test func parsesARequestLineAndHeaders() throws {
        let request = try HTTPRequest.parse(head: bytes(
            "GET /status?verbose=1 HTTP/1.1\r\nHost: localhost:8001\r\nUser-Agent:  curl/8.5.0 \r\nAccept: */*\r\n\r\n"))
        #expect(request.method == "GET")
        #expect(request.target == "/status?verbose=1")
        #expect(request.path == "/status")
        #expect(request.query == "verbose=1")
        #expect(request.version == "HTTP/1.1")
        #expect(request.headers.count == 3)
        #expect(request.header("user-agent") == "curl/8.5.0")
        #expect(request.header("HOST") == "localhost:8001")
        #expect(request.header("Cookie") == nil)
    }

    @Test func acceptsBareNewlinesAbsoluteTargetsAndHTTP10() throws {
        let request = try HTTPRequest.parse(head: bytes("HEAD http://127.0.0.1:8001/health HTTP/1.0\n\n"))
        #expect(request.method == "HEAD")
        #expect(request.path == "/health")
        #expect(request.version == "HTTP/1.0")
        #expect(try HTTPRequest.parse(head: bytes("GET http://example.org HTTP/1.1\r\n\r\n")).path == "/")
    }

    @Test(arguments: [
        "GET /\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "get / HTTP/1.1\r\n\r\n",
        "GET status HTTP/1.1\r\n\r\n",
        "GET / FTP/1.1\r\n\r\n",
        "GET /\u{7} HTTP/1.1\r\n\r\n",
        "\r\n\r\n",
    ])
    func refusesAMalformedRequestLine(head: String) {
        #expect {
            try HTTPRequest.parse(head: bytes(head))
        } throws: { error in
            guard let error = error as? HTTPRequestError, case .malformedRequestLine = error else { return false }
            return error.status == 400
        }
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nNoColonHere\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n  folded\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty name\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u{1}b\r\n\r\n",
    ])
    func refusesAMalformedHeader(head: String) {
        #expect {
            try HTTPRequest.parse(head: bytes(head))
        } throws: { error in
            guard let error = error as? HTTPRequestError, case .malformedHeader = error else { return false }
            return error.status == 400
        }
    }

    @Test func refusesOtherHTTPVersionsWith505() {
        #expect(throws: HTTPRequestError.unsupportedVersion("HTTP/2.0")) {
            try HTTPRequest.parse(head: bytes("GET / HTTP/2.0\r\n\r\n"))
        }
        #expect(HTTPRequestError.unsupportedVersion("HTTP/2.0").status == 505)
    }

    @Test func readerCompletesAcrossPushesEvenWhenTheBlankLineIsSplit() {
        var reader = HTTPRequestReader()
        #expect(reader.push(bytes("GET /health HT")) == .needMoreBytes)
        #expect(reader.push(bytes("TP/1.1\r\nHost: x\r\n\r")) == .needMoreBytes)
        guard case .complete(let request) = reader.push(bytes("\nignored body")) else {
            Issue.record("the head should be complete")
            return
        }
        #expect(request.path == "/health")
        #expect(request.header("host") == "x")
    }

    @Test func readerRefusesAnOversizeHeadWith431() {
        var reader = HTTPRequestReader(maxHeadBytes: 64)
        #expect(reader.push(bytes("GET / HTTP/1.1\r\n")) == .needMoreBytes)
        #expect(reader.push(bytes("X-Long: " + String(repeating: "y", count: 80))) == .failed(.headTooLarge(limit: 64)))
        var complete = HTTPRequestReader(maxHeadBytes: 20)
        #expect(complete.push(bytes("GET / HTTP/1.1\r\nHost: abcdef\r\n\r\n")) == .failed(.headTooLarge(limit: 20)))
        #expect(HTTPRequestError.headTooLarge(limit: 20).status == 431)
    }

    @Test func readerAtEndOfStreamIsIncomplete() {
        var reader = HTTPRequestReader()
        #expect(reader.push(bytes("GET / HTTP/1.1\r\n")) == .needMoreBytes)
        #expect(reader.finish() == .failed(.incomplete))
    }

    @Test func sniffingTellsHTTPFromJSONLines() {
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes("GET / HTTP/1.1")) == true)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes("OPTIONS * HTTP/1.1")) == true)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes("GE")) == nil)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes("")) == nil)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes("{\"type\":\"status\"}")) == false)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes(" GET")) == false)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes("get /")) == false)
        #expect(HTTPRequestReader.startsLikeRequestLine([0, 0x47]) == false)
        #expect(HTTPRequestReader.startsLikeRequestLine(bytes(String(repeating: "A", count: 40))) == false)
    }
}

@Suite struct HTTPResponseTests {
    @Test func serializesHeadersAndAContentLengthThatCountsTheNewline() {
        let text = String(decoding: HTTPResponse.json("{\"ok\":true}").serialized(), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n"
            + "Cache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n{\"ok\":true}\n")
    }

    @Test func headResponsesKeepTheLengthButNotTheBody() {
        let text = String(decoding: HTTPResponse.json("{}").serialized(includingBody: false), as: UTF8.self)
        #expect(text.hasSuffix("Content-Length: 3\r\nCache-Control: no-store\r\nAccess-Control-Allow-Origin: *\r\n"
            + "Connection: close\r\n\r\n"))
    }

    @Test func errorsUseTheErrorLineShape() {
        #expect(HTTPResponse.notFound.status == 404)
        #expect(HTTPResponse.notFound.body.hasPrefix("{\"type\":\"error\",\"message\":\"no such path"))
        let teapot = HTTPResponse.error(status: 418, message: "short and stout")
        #expect(teapot.body == "{\"type\":\"error\",\"message\":\"short and stout\"}")
        #expect(teapot.reasonPhrase == "Status 418")
    }
}
