import Foundation

/// An outside system the bench runs beside ours, as `--with` names it.
///
///     --with etcd                        a real etcd cluster (etcd on PATH)
///     --with workshop=PATH/bully_node.py the workshop's Python Bully node
///     --with none                        neither (the default run adds etcd when it can)
public enum BenchPeer: Hashable, Sendable, CustomStringConvertible {
    case etcd
    case workshop(script: String)

    /// What a `--with` value must look like, for error messages.
    static let expected = "etcd, workshop=PATH/TO/bully_node.py, or none"

    /// The peer `text` names; `nil` for `none` and for anything else (tell them apart
    /// with `text == "none"`).
    static func parse(_ text: String) -> BenchPeer? {
        if text.lowercased() == "etcd" { return .etcd }
        if text.lowercased().hasPrefix("workshop=") {
            let path = String(text.dropFirst("workshop=".count))
            return path.isEmpty ? nil : .workshop(script: path)
        }
        return nil
    }

    public var description: String {
        switch self {
        case .etcd: "etcd"
        case .workshop(let script): "workshop=\(script)"
        }
    }
}

/// Why a peer cannot run on this machine: one line that says what to install or fix.
/// The rest of the run goes on without that peer.
struct PeerUnavailable: Error, Hashable, Sendable, CustomStringConvertible {
    var peer: BenchPeer
    var reason: String
    var description: String { reason }
}

/// Checks, before anything starts, that a peer's programs are here.
enum PeerAvailability {
    /// The Python packages `bully_node.py` imports beyond the standard library.
    static let workshopModules = ["fastapi", "uvicorn", "requests"]

    static func system(for peer: BenchPeer, timing: LiveBenchOptions.Timing, etcdTimeouts: EtcdTimeouts,
                       searchPath: String?) -> Result<any PeerSystem, PeerUnavailable> {
        switch peer {
        case .etcd:
            guard let etcd = PeerPrograms.find("etcd", searchPath: searchPath) else {
                return .failure(PeerUnavailable(peer: peer, reason: etcdMissing))
            }
            do {
                return .success(try EtcdPeer(executable: etcd, timeouts: etcdTimeouts, raft: timing))
            } catch {
                return .failure(PeerUnavailable(peer: peer, reason: "election-bench: no etcd rows: \(error)"))
            }
        case .workshop(let script):
            return workshop(script: script, searchPath: searchPath).map { $0 as any PeerSystem }
        }
    }

    /// The line printed when `etcd` is not on PATH.
    static let etcdMissing = "election-bench: no etcd on PATH, so no etcd rows "
        + "(Debian: apt-get install etcd-server etcd-client)"

    private static func workshop(script: String, searchPath: String?) -> Result<WorkshopPeer, PeerUnavailable> {
        let peer = BenchPeer.workshop(script: script)
        func unavailable(_ reason: String) -> Result<WorkshopPeer, PeerUnavailable> {
            .failure(PeerUnavailable(peer: peer, reason: "election-bench: no workshop rows: " + reason))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: script, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: script)
        else { return unavailable("\(script) is not a readable file; pass the workshop's bully_node.py") }
        guard let python = PeerPrograms.find("python3", searchPath: searchPath) else {
            return unavailable("python3 is not on PATH (Debian: apt-get install python3)")
        }
        let imports = "import " + workshopModules.joined(separator: ", ")
        guard let check = PeerPrograms.run(python, ["-c", imports]) else {
            return unavailable("\(python.path) did not run `\(imports)` within 20 s")
        }
        guard check.status == 0 else {
            let said = check.output.split(separator: "\n").last.map(String.init) ?? "exit status \(check.status)"
            return unavailable("\(said); pip install \(workshopModules.joined(separator: " "))")
        }
        let absolute = URL(fileURLWithPath: script).standardizedFileURL
        return .success(WorkshopPeer(python: python, script: absolute))
    }
}
