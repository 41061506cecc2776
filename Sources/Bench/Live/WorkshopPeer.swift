import Election
import Foundation

/// The workshop's own Python Bully node (`bully_node.py`, FastAPI over HTTP) as a peer:
/// each member is `python3 bully_node.py --port P --id I --nodes 1:P1,2:P2,3:P3`, exactly
/// the module's command line, and its belief is read from `GET /`
/// (`{"node_id":..,"leader_id":..,"is_leader":..,"election_in_progress":..}`).
///
/// Its timing is fixed in the script, so the bench can only describe it: followers ask
/// the leader's `/health` every 3 s, give each higher node 1 s to answer ELECTION, and wait
/// 5 s for COORDINATOR. The node binds 0.0.0.0 (the script's choice; the bench cannot
/// change it) on a port the OS handed out on loopback.
struct WorkshopPeer: PeerSystem {
    let python: URL
    let script: URL

    /// The script's fixed timings.
    static let checkInterval = Duration.seconds(3)
    static let answerTimeout = Duration.seconds(1)
    static let coordinatorWait = Duration.seconds(5)

    var algorithm: String { "workshop-bully" }
    var shortName: String { "workshop" }
    var portsPerMember: Int { 1 }
    var faultInterval: Duration { Self.checkInterval }
    /// Long enough for a late ELECTION to be answered and announced.
    var watchAfterAgreement: Duration { Self.answerTimeout }
    /// One after another, in id order, as a learner starts them in three terminals: started
    /// together, each node holds its first election while the others are still importing
    /// FastAPI, and the announcements can cross so that the nodes settle on different
    /// leaders for good (seen here: 1 followed 3, 3 followed 2). That is a flaw of the
    /// script worth knowing, but not the failover this bench measures.
    var startsOneByOne: Bool { true }
    /// Python and FastAPI take a second or more to import on a busy machine.
    var startTimeout: Duration { .seconds(30) }
    var reportsTerms: Bool { false }
    var statusCall: String { "GET /" }
    var options: [String: String] { [:] }

    var timing: TimingSettings {
        TimingSettings(heartbeatMs: Self.checkInterval.milliseconds, answerTimeoutMs: Self.answerTimeout.milliseconds)
    }

    var setupNotes: [String] {
        [
            "The workshop's Python Bully node, \(script.path), run with \(python.path): 3 nodes on ports the OS "
                + "handed out, started with the module's own flags (--port, --id, --nodes).",
            "Its timings are fixed in the script: followers check the leader's /health every "
                + "\(ms(Self.checkInterval)) (shown as the heartbeat), higher nodes get \(ms(Self.answerTimeout)) to "
                + "answer ELECTION (shown as the answer timeout), and a candidate waits \(ms(Self.coordinatorWait)) "
                + "for COORDINATOR. The leader is killed at a uniformly random point of the 3 s check interval.",
        ]
    }

    func command(for member: PeerMember, in cluster: [PeerMember], directory: String) -> (URL, [String]) {
        let nodes = cluster.map { "\($0.id):\($0.statusPort)" }.joined(separator: ",")
        return (python, ["-u", script.path, "--port", "\(member.statusPort)", "--id", "\(member.id)",
                         "--nodes", nodes])
    }

    func statusRequest(port: UInt16) -> [UInt8] {
        Array("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n".utf8)
    }

    func status(from body: [UInt8]) -> PeerStatus? { PeerStatus.workshop(body) }

    private func ms(_ duration: Duration) -> String { ReportNumber.milliseconds(duration.milliseconds) }
}
