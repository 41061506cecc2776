import Election
import Foundation
import Raft

/// etcd as a peer: each member an `etcd` process on two loopback ports (client, peer), its
/// data in the cluster's temporary directory, its leader read from the client port's
/// grpc-gateway with `POST /v3/maintenance/status` (etcd 3.4 and later).
///
/// etcd's leader election is Raft (etcd-io/raft) with CheckQuorum always on; PreVote is off
/// by default in etcd 3.4, and the bench turns it on (`--pre-vote`) when our Raft runs with
/// PreVote, so both sides of a comparison run the same election.
struct EtcdPeer: PeerSystem {
    let executable: URL
    /// `3.4.23`, from `etcd --version`; `nil` if it did not say.
    let version: String?
    let heartbeat: Duration
    let election: Duration
    let choice: EtcdTimeouts
    let timeoutNote: String
    /// `--pre-vote`: on when our Raft runs with PreVote.
    let preVote: Bool

    /// etcd at `timeouts`, resolved against our Raft's settings.
    init(executable: URL, timeouts: EtcdTimeouts, raft: LiveBenchOptions.Timing) throws(LiveBenchError) {
        self.executable = executable
        version = Self.version(of: executable)
        let resolved = try timeouts.resolve(against: raft[RaftNode.self])
        heartbeat = resolved.heartbeat
        election = resolved.election
        choice = timeouts
        timeoutNote = resolved.note
        preVote = raft[RaftNode.self].preVote
    }

    var algorithm: String { "etcd" }
    var shortName: String { "etcd" }
    var portsPerMember: Int { 2 }
    var faultInterval: Duration { heartbeat }
    /// One longest election timeout (etcd draws up to 2E - H).
    var watchAfterAgreement: Duration { election * 2 }
    /// Together: a member waits for a quorum of the initial cluster before it elects.
    var startsOneByOne: Bool { false }
    var startTimeout: Duration { .seconds(15) }
    var reportsTerms: Bool { true }
    var statusCall: String { "POST /v3/maintenance/status" }
    /// PreVote is named only when it is on: off is etcd 3.4's default (and the setup note
    /// says so either way).
    var options: [String: String] {
        preVote ? ["timeouts": choice.description, "pre-vote": "on"] : ["timeouts": choice.description]
    }

    var timing: TimingSettings {
        TimingSettings(heartbeatMs: heartbeat.milliseconds,
                       electionTimeoutMs: MillisecondRange(election.milliseconds,
                                                           (election * 2 - heartbeat).milliseconds))
    }

    var setupNotes: [String] {
        [
            "etcd \(version ?? "(version unknown)") from \(executable.path): a fresh 3-member cluster on loopback "
                + "ports the OS handed out, data in a temporary directory removed afterwards; "
                + (preVote ? "PreVote on (--pre-vote, as our Raft runs)" : "PreVote off (etcd 3.4's default, as our Raft runs)")
                + ", CheckQuorum on (always, in etcd).",
            timeoutNote + " etcd counts in heartbeat ticks and draws each election timeout from "
                + "[E, 2E - H] whole ticks.",
        ]
    }

    func command(for member: PeerMember, in cluster: [PeerMember], directory: String) -> (URL, [String]) {
        func url(_ port: UInt16) -> String { "http://127.0.0.1:\(port)" }
        let initialCluster = cluster.map { "m\($0.id)=\(url($0.ports[1]))" }.joined(separator: ",")
        let arguments = [
            "--name", "m\(member.id)",
            "--data-dir", (directory as NSString).appendingPathComponent("m\(member.id).etcd"),
            "--listen-client-urls", url(member.ports[0]), "--advertise-client-urls", url(member.ports[0]),
            "--listen-peer-urls", url(member.ports[1]), "--initial-advertise-peer-urls", url(member.ports[1]),
            "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
            // A token per cluster, so members of two bench runs could never join each other.
            "--initial-cluster-token", "election-bench-" + (directory as NSString).lastPathComponent,
            "--heartbeat-interval", "\(Int64(heartbeat.milliseconds.rounded()))",
            "--election-timeout", "\(Int64(election.milliseconds.rounded()))",
            "--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn",
            "--pre-vote=\(preVote)",
        ]
        return (executable, arguments)
    }

    func statusRequest(port: UInt16) -> [UInt8] {
        Array(("POST /v3/maintenance/status HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").utf8)
    }

    func status(from body: [UInt8]) -> PeerStatus? { PeerStatus.etcd(body) }

    /// `3.4.23` from the first line of `etcd --version` ("etcd Version: 3.4.23").
    static func version(of executable: URL) -> String? {
        guard let output = PeerPrograms.output(of: executable, ["--version"]) else { return nil }
        let firstLine = output.split(separator: "\n").first.map(String.init) ?? ""
        guard let colon = firstLine.firstIndex(of: ":") else { return nil }
        let version = firstLine[firstLine.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return version.isEmpty ? nil : version
    }
}
