import Election
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// TEMPORARY: a minimal status query until `StatusClient` (branch `watch`) is on main;
// then every call goes through `StatusClient.query` and this file is deleted.
enum StatusProbe {
    static func query(_ member: Member, timeoutMs: Int32) -> StatusReply? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: Int(timeoutMs / 1000), tv_usec: Int(timeoutMs % 1000) * 1000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = member.port.bigEndian
        address.sin_addr.s_addr = inet_addr(member.host)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("{\"type\":\"status\"}\n".utf8)
        guard send(descriptor, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while received.count < 65_536 {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            received += buffer[0..<count]
            if let newline = received.firstIndex(of: 10) {
                return try? JSONDecoder().decode(StatusReply.self, from: Data(received[..<newline]))
            }
        }
        return nil
    }
}
