import Election
import Foundation

/// An outside leader-election system that the bench starts and measures beside our own
/// nodes, through that system's own status API: etcd (`EtcdPeer`) and the workshop's
/// Python Bully node (`WorkshopPeer`). `PeerCluster` runs its members and
/// `PeerFailoverTrials` hurts them as the failover and rejoin scenarios hurt ours.
///
/// Implementations MUST give every member only loopback addresses on the ports handed to
/// them, and MUST put anything they write to disk under the directory they are given.
protocol PeerSystem: Sendable {
    /// The results' `algorithm`: `etcd`, `workshop-bully`.
    var algorithm: String { get }
    /// One word for directory names and progress lines: `etcd`, `workshop`.
    var shortName: String { get }
    /// Ports each member needs; the first is the one its status is read on.
    var portsPerMember: Int { get }
    /// The timeouts it runs with, as the results record them.
    var timing: TimingSettings { get }
    /// Behaviour-changing settings for the results' `options` (`["timeouts": "same"]`).
    var options: [String: String] { get }
    /// The interval a fault lands in at a uniformly random point: the leader's heartbeat
    /// (etcd), or how often followers check the leader (workshop).
    var faultInterval: Duration { get }
    /// How long to keep watching after the survivors agree, for a second change.
    var watchAfterAgreement: Duration { get }
    /// Whether members start one after another, each once the one before answers,
    /// instead of all together (see `WorkshopPeer`).
    var startsOneByOne: Bool { get }
    /// How long a member may take to answer its first status query.
    var startTimeout: Duration { get }
    /// Whether its status carries a term (etcd's Raft term), so term increments can be counted.
    var reportsTerms: Bool { get }
    /// The status call, for notes: `POST /v3/maintenance/status`.
    var statusCall: String { get }
    /// What a reader should know about the setup (version, how the timeouts were chosen),
    /// one sentence each.
    var setupNotes: [String] { get }

    /// The program and flags of `member`, one of `cluster`, keeping its files in `directory`.
    func command(for member: PeerMember, in cluster: [PeerMember], directory: String) -> (URL, [String])
    /// The bytes of one status request to a member listening on `port`.
    func statusRequest(port: UInt16) -> [UInt8]
    /// The status in a reply body, or `nil` when the body is not a status.
    func status(from body: [UInt8]) -> PeerStatus?
}

/// One member of a peer cluster: the bench's id for it and its loopback ports.
struct PeerMember: Hashable, Sendable {
    var id: NodeID
    /// `portsPerMember` ports; the first serves the status API.
    var ports: [UInt16]
    var statusPort: UInt16 { ports[0] }
}
